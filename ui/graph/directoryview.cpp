#include "directoryview.h"

#include "directoryscene.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

namespace idex::ui {

DirectoryView::DirectoryView(DirectoryScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setRenderHint(QPainter::Antialiasing, true);
    setRenderHint(QPainter::TextAntialiasing, true);
    // The layer item saves and restores what it changes; the view need not do it per item.
    setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
    setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
}

namespace {
/*! Room around what is fitted: group titles above, a margin on the other sides. */
QRectF framed(const QRectF &rect)
{
    return rect.isNull() ? rect : rect.adjusted(-60, -90, 60, 60);
}
} // namespace

void DirectoryView::setZoom(qreal zoom)
{
    zoom = std::clamp<qreal>(zoom, 0.0005, 4.0);
    m_fitted = false;
    setTransform(QTransform::fromScale(zoom, zoom));
    Q_EMIT zoomChanged(zoom);
}

void DirectoryView::zoomBy(qreal factor)
{
    const qreal target = std::clamp<qreal>(zoom() * factor, 0.0005, 4.0);
    m_fitted = false;
    scale(target / zoom(), target / zoom());
    Q_EMIT zoomChanged(zoom());
}

QRectF DirectoryView::pathBounds(qreal lod) const
{
    const PathHighlight &path = m_scene->pathHighlight();
    const QList<GraphNode> &nodes = m_scene->graph().nodes;
    QRectF bounds;
    auto add = [&](int node) {
        if (node >= 0 && node < nodes.size())
            bounds |= nodes.at(node).rect;
    };
    for (int node : path.nodes)
        add(node);
    add(path.missingFrom);
    add(path.missingTo);
    if (bounds.isNull())
        return bounds;
    bounds = framed(bounds);
    if (const QRectF label = m_scene->missingLabelRect(lod); !label.isNull())
        bounds |= label.adjusted(-20, -20, 20, 20);
    return bounds;
}

QRect DirectoryView::seenArea() const
{
    // In presenter mode the panel may be taller or wider than the window, which scrolls: the part of the view on
    // screen is what the room sees.
    const QRect seen = viewport()->visibleRegion().boundingRect();
    return seen.width() >= 10 && seen.height() >= 10 ? seen : viewport()->rect();
}

void DirectoryView::showTarget(const QRectF &target, qreal k)
{
    setTransform(QTransform::fromScale(k, k));
    const QRect seen = seenArea();
    const QSizeF room = QSizeF(seen.size()) / k;
    QPointF centre = target.center();
    // Wider than what is seen: its start (the identities, where a token's story begins) rather than its middle.
    if (target.width() > room.width())
        centre.setX(target.left() + room.width() / 2);
    if (target.height() > room.height())
        centre.setY(target.top() + room.height() / 2);
    // centerOn() centres in the whole viewport: shifted so that the centre falls in the middle of what is seen.
    centerOn(centre - QPointF(seen.center() - viewport()->rect().center()) / k);
}

void DirectoryView::fitAll()
{
    const QRectF graph = m_scene->graph().bounds;
    const QRectF bounds = framed(graph);
    if (bounds.isEmpty())
        return;
    const QRect area = seenArea();
    if (area.width() < 10 || area.height() < 10) {
        fitInView(bounds, Qt::KeepAspectRatio);
        Q_EMIT zoomChanged(zoom());
        return;
    }
    // The top groups' titles keep their size in screen pixels at every zoom (DirectoryScene::titleRect): their room
    // is counted in pixels too. In scene units it was a third of a title at 8% (cut off at the top of the view).
    const qreal titlePx = 18 * 1.3 * m_scene->textScale() + 4;
    const qreal marginPx = 12;
    qreal k = std::min<qreal>(1.0,
        std::min((area.width() - 2 * marginPx) / std::max<qreal>(graph.width(), 1),
            (area.height() - titlePx - marginPx) / std::max<qreal>(graph.height(), 1)));
    k = std::max<qreal>(k, 0.0005);
    QRectF target = graph.adjusted(-marginPx / k, -titlePx / k, marginPx / k, marginPx / k);
    // A scenario's graph is there to be read (projected in a training room): names stay at their minimum size, and
    // what the room came for (the token's path) is what is in view when the whole graph is not.
    if (m_scene->graph().nodes.size() <= readableFitNodes && k < m_scene->readableZoom()) {
        k = m_scene->readableZoom();
        if (const QRectF path = pathBounds(k); !path.isNull())
            target = path;
    }
    m_scene->ensureRoom(target);
    showTarget(target, k);
    m_fitted = m_presenter;
    Q_EMIT zoomChanged(zoom());
}

void DirectoryView::showNode(int node)
{
    if (node < 0 || node >= m_scene->graph().nodes.size())
        return;
    m_fitted = false;
    if (zoom() < 0.6)
        setZoom(0.8);
    centerOn(m_scene->graph().nodes.at(node).rect.center());
}

void DirectoryView::followUiZoom(qreal factor, bool presenter)
{
    const qreal previous = m_uiFactor;
    const bool wasPresenter = m_presenter;
    m_uiFactor = factor;
    m_presenter = presenter;
    m_scene->setTextScale(factor);
    if (presenter) {
        if (!wasPresenter) {
            m_savedTransform = transform();
            m_savedCentre = mapToScene(viewport()->rect().center());
        }
        fitAll(); // again when the window has settled at the new size (resizeEvent)
        return;
    }
    m_fitted = false;
    if (wasPresenter) {
        setTransform(m_savedTransform);
        centerOn(m_savedCentre);
        Q_EMIT zoomChanged(zoom());
        return;
    }
    setZoom(zoom() * factor / previous);
}

void DirectoryView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fitAll();
}

void DirectoryView::mousePressEvent(QMouseEvent *event)
{
    m_fitted = false; // a drag pans: the user chose what to see
    QGraphicsView::mousePressEvent(event);
}

void DirectoryView::wheelEvent(QWheelEvent *event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.2, steps));
    event->accept();
}

void DirectoryView::keyPressEvent(QKeyEvent *event)
{
    m_fitted = false; // arrows scroll, +/- zoom; F fits again
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) {
        zoomBy(1.25);
    } else if (event->key() == Qt::Key_Minus) {
        zoomBy(0.8);
    } else if (event->key() == Qt::Key_F || (event->key() == Qt::Key_0 && event->modifiers() & Qt::ControlModifier)) {
        fitAll();
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace idex::ui
