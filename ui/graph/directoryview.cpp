#include "directoryview.h"

#include "directoryscene.h"

#include <QKeyEvent>
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

void DirectoryView::setZoom(qreal zoom)
{
    zoom = std::clamp<qreal>(zoom, 0.0005, 4.0);
    setTransform(QTransform::fromScale(zoom, zoom));
    Q_EMIT zoomChanged(zoom);
}

void DirectoryView::zoomBy(qreal factor)
{
    const qreal target = std::clamp<qreal>(zoom() * factor, 0.0005, 4.0);
    scale(target / zoom(), target / zoom());
    Q_EMIT zoomChanged(zoom());
}

void DirectoryView::fitAll()
{
    const QRectF bounds = m_scene->graph().bounds.adjusted(-60, -90, 60, 60);
    if (bounds.isEmpty())
        return;
    const QRect area = viewport()->rect();
    if (area.width() < 10 || area.height() < 10) {
        fitInView(bounds, Qt::KeepAspectRatio);
    } else {
        qreal k = std::min<qreal>(1.0, std::min(area.width() / bounds.width(), area.height() / bounds.height()));
        // A scenario's graph is there to be read (projected in a training room): names stay at their minimum size
        // and the rest of the graph is a scroll away.
        if (m_scene->graph().nodes.size() <= readableFitNodes)
            k = std::max(k, m_scene->readableZoom());
        setTransform(QTransform::fromScale(k, k));
        centerOn(bounds.center());
    }
    Q_EMIT zoomChanged(zoom());
}

void DirectoryView::showNode(int node)
{
    if (node < 0 || node >= m_scene->graph().nodes.size())
        return;
    if (zoom() < 0.6)
        setZoom(0.8);
    centerOn(m_scene->graph().nodes.at(node).rect.center());
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
