#include "graphlayeritem.h"

#include "directoryscene.h"
#include "graphstyle.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace idex::ui {

namespace {
QPointF outPort(const GraphNode &n)
{
    return QPointF(n.rect.right(), n.rect.center().y());
}
QPointF inPort(const GraphNode &n)
{
    return QPointF(n.rect.left(), n.rect.center().y());
}
QPainterPath curve(const QPointF &a, const QPointF &b)
{
    QPainterPath p(a);
    const qreal dx = std::max<qreal>(40, (b.x() - a.x()) * 0.5);
    p.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
    return p;
}

// The same curve as short segments, keeping only those near \a clip: stroking a long antialiased curve costs its
// whole length even when a sliver of it is on screen.
void appendClippedCurve(QVector<QLineF> &lines, const QPointF &a, const QPointF &b, const QRectF &clip)
{
    constexpr int steps = 24;
    const qreal dx = std::max<qreal>(40, (b.x() - a.x()) * 0.5);
    const QPointF c1 = a + QPointF(dx, 0);
    const QPointF c2 = b - QPointF(dx, 0);
    QPointF previous = a;
    for (int i = 1; i <= steps; ++i) {
        const qreal t = qreal(i) / steps;
        const qreal u = 1 - t;
        const QPointF p = u * u * u * a + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * b;
        const QRectF box = QRectF(previous, p).normalized().adjusted(-1, -1, 1, 1);
        if (box.intersects(clip))
            lines.append(QLineF(previous, p));
        previous = p;
    }
}
} // namespace

GraphLayerItem::GraphLayerItem(DirectoryScene *scene)
    : m_scene(scene)
{
    setFlag(ItemUsesExtendedStyleOption); // exposedRect: paint only what is visible
}

void GraphLayerItem::setBounds(const QRectF &bounds)
{
    prepareGeometryChange();
    m_bounds = bounds;
}

void GraphLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    QRectF exposed = option->exposedRect.isValid() && !option->exposedRect.isEmpty() ? option->exposedRect : m_bounds;
    // QGraphicsView::render() and scene exports expose the whole item but clip the painter: use the clip.
    if (painter->hasClipping())
        exposed = exposed.intersected(painter->clipBoundingRect());
    const DirectoryGraph &g = m_scene->graph();
    if (g.nodes.size() >= DirectoryScene::overviewMinimumNodes) {
        const QImage &overview = m_scene->overview();
        // The image is used up to 1.5 times its own resolution: at that density a slight blur loses nothing.
        if (!overview.isNull() && lod <= m_scene->overviewScale() * 1.5) {
            // Far out: one image, scaled. Cost follows the screen size, not the graph.
            const qreal s = m_scene->overviewScale();
            const QRectF area = exposed.intersected(g.bounds);
            const QRectF source((area.left() - g.bounds.left()) * s, (area.top() - g.bounds.top()) * s,
                area.width() * s, area.height() * s);
            painter->setRenderHint(QPainter::SmoothPixmapTransform, lod < s * 0.7);
            painter->drawImage(area, overview, source);
            paintTitles(painter, lod);
            paintHighlights(painter, lod);
            return;
        }
    }
    paintDetailed(painter, exposed, lod);
    paintTitles(painter, lod);
    paintHighlights(painter, lod);
}

void GraphLayerItem::paintDetailed(QPainter *painter, const QRectF &exposed, qreal lod)
{
    const DirectoryGraph &g = m_scene->graph();
    const GraphSpatialIndex &index = m_scene->index();
    const bool text = m_scene->namesShownAt(lod);
    const int selected = m_scene->selectedNode();

    // Edges first, grouped by kind so each kind is one pen and one drawLines call. Small graphs: every edge whose
    // box meets the view. Large ones: the edges of the nodes in view (a pass-through edge of a 300,000-edge graph is
    // noise, and finding it would cost a per-cell edge index of hundreds of megabytes).
    const QRectF clip = exposed.adjusted(-20, -20, 20, 20);
    QList<int> visibleNodes;
    index.forNodesIn(exposed, [&visibleNodes](int n) { visibleNodes.append(n); });
    QList<int> visibleEdges;
    const QImage &backdrop
        = g.edges.size() > smallGraphEdges && visibleNodes.size() > crowdedNodes ? m_scene->overview() : QImage();
    if (!backdrop.isNull()) {
        // Thousands of nodes in view: their edges come from the overview's density picture, scaled; only the
        // selected node's edges are drawn as lines.
        const qreal s = m_scene->overviewScale();
        const QRectF area = exposed.intersected(g.bounds);
        painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter->drawImage(area, backdrop,
            QRectF((area.left() - g.bounds.left()) * s, (area.top() - g.bounds.top()) * s, area.width() * s,
                area.height() * s));
        if (selected >= 0) {
            const DirectoryGraph::EdgeRange own = g.edgesOf(selected);
            visibleEdges = QList<int>(own.begin(), own.end());
        }
    } else if (g.edges.size() <= smallGraphEdges) {
        for (int e = 0; e < g.edges.size(); ++e) {
            const GraphEdge &edge = g.edges.at(e);
            if (QRectF(outPort(g.nodes.at(edge.from)), inPort(g.nodes.at(edge.to)))
                    .normalized()
                    .adjusted(-1, -60, 1, 60)
                    .intersects(clip))
                visibleEdges.append(e);
        }
    } else {
        index.forEdgesWithEndIn(exposed, g, [&visibleEdges](int e) { visibleEdges.append(e); });
    }
    // Crowded: each edge becomes a short stub at its ends in view, which still shows who connects where. Crowded is
    // many edges, or (boxes without names) lines that would cover more screen pixels than a frame can fill: two
    // thousand edges across a 1600-pixel view cost 3 million pixels, where stubs cost a tenth of that.
    bool stubs = visibleEdges.size() > crowdedEdges;
    if (!stubs && !text) {
        const qreal reach = std::hypot(exposed.width(), exposed.height()); // a line shows at most this much
        qreal pixels = 0;
        for (int e : std::as_const(visibleEdges)) {
            const GraphEdge &edge = g.edges.at(e);
            pixels += std::min(QLineF(outPort(g.nodes.at(edge.from)), inPort(g.nodes.at(edge.to))).length(), reach);
        }
        stubs = pixels * lod > crowdedPixels;
    }
    const bool curves = text && !stubs;
    // Antialiased lines cost several times more: only where few edges are in view.
    painter->setRenderHint(QPainter::Antialiasing, curves && visibleEdges.size() < 600);
    const qreal stub = 45 / std::max(lod, 0.0001);
    for (const GraphEdge::Kind kind :
        { GraphEdge::Kind::Registration, GraphEdge::Kind::RoleOf, GraphEdge::Kind::HoldsRole }) {
        // Cosmetic one-pixel pens take the raster engine's fast line path, antialiased or not.
        QPen pen(graphstyle::edgeColor(kind), curves ? 1.0 : 0);
        pen.setCosmetic(true);
        if (kind == GraphEdge::Kind::Registration)
            pen.setStyle(Qt::DashLine);
        painter->setBrush(Qt::NoBrush);
        QVector<QLineF> lines;
        QVector<QLineF> emphasised;
        for (int e : std::as_const(visibleEdges)) {
            const GraphEdge &edge = g.edges.at(e);
            if (edge.kind != kind)
                continue;
            const QPointF a = outPort(g.nodes.at(edge.from));
            const QPointF b = inPort(g.nodes.at(edge.to));
            const bool touchesSelection = selected >= 0 && (edge.from == selected || edge.to == selected);
            QVector<QLineF> &target = touchesSelection ? emphasised : lines;
            if (stubs && !touchesSelection) {
                const QLineF line(a, b);
                const qreal t = std::min<qreal>(0.5, stub / std::max<qreal>(1, line.length()));
                if (clip.contains(a))
                    target.append(QLineF(a, line.pointAt(t)));
                if (clip.contains(b))
                    target.append(QLineF(line.pointAt(1 - t), b));
                continue;
            }
            if (!curves) {
                target.append(QLineF(a, b));
                continue;
            }
            if (edge.weight > 1) {
                // An aggregate's edge: as thick as the number of assignments it stands for (log scale).
                QVector<QLineF> own;
                appendClippedCurve(own, a, b, clip);
                QPen weighted = pen;
                weighted.setWidthF(std::min(8.0, 1.0 + std::log2(double(edge.weight))));
                painter->setPen(weighted);
                painter->drawLines(own);
                continue;
            }
            appendClippedCurve(target, a, b, clip);
        }
        painter->setPen(pen);
        if (!lines.isEmpty())
            painter->drawLines(lines);
        if (!emphasised.isEmpty()) {
            QPen strong = pen;
            strong.setColor(graphstyle::selectionColor);
            strong.setWidthF(2.0);
            painter->setPen(strong);
            painter->drawLines(emphasised);
        }
    }

    // Nodes.
    const PathHighlight &path = m_scene->pathHighlight();
    if (text) {
        const qreal namePixels = m_scene->nameFontSize(lod);
        painter->setRenderHint(QPainter::Antialiasing, true);
        for (int n : std::as_const(visibleNodes))
            graphstyle::drawNode(painter, g.nodes.at(n), n == selected, path.nodes.contains(n), namePixels);
    } else {
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(Qt::NoPen);
        for (int n : std::as_const(visibleNodes)) {
            const GraphNode &node = g.nodes.at(n);
            painter->setBrush(n == selected ? graphstyle::selectionColor : graphstyle::strokeOf(node.kind));
            painter->drawRect(node.rect);
        }
    }
}

void GraphLayerItem::paintTitles(QPainter *painter, qreal lod)
{
    const DirectoryGraph &g = m_scene->graph();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QFont font = painter->font();
    // Titles stay readable at every zoom: their size is given in screen pixels.
    font.setPixelSize(std::max(10, int(13 * m_scene->textScale() / std::max(lod, 0.0001))));
    font.setBold(true);
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    painter->setPen(QColor(0x37, 0x47, 0x4f));
    for (const GraphGroup &group : g.groups) {
        if (group.rect.isNull())
            continue;
        // Far out, small groups stacked in one layer would print their titles over each other: keep the ones with
        // room for a line of text.
        if ((group.rect.height() + DirectoryGraph::groupGap) * lod < 22 && group.nodeCount < 1000
            && group.rect.top() > g.bounds.top() + DirectoryGraph::groupGap)
            continue;
        const QString title = group.collapsed || group.nodeCount > 1
            ? QStringLiteral("%1 (%L2)").arg(group.title).arg(group.nodeCount)
            : group.title;
        const QRectF line = m_scene->titleRect(group, lod);
        const QString shown = metrics.elidedText(title, Qt::ElideRight, line.width());
        // Far out the gap between two groups of a layer is thinner than a title: it is set on a light band over
        // the last nodes of the group above, rather than printed through them.
        const qreal px = 1 / std::max(lod, 0.0001);
        const qreal textHeight = metrics.height();
        painter->fillRect(QRectF(line.left() - 2 * px, line.bottom() - textHeight,
                              metrics.horizontalAdvance(shown) + 4 * px, textHeight),
            QColor(255, 255, 255, 220));
        painter->drawText(line, Qt::AlignLeft | Qt::AlignBottom, shown);
    }
}

void GraphLayerItem::paintHighlights(QPainter *painter, qreal lod)
{
    const PathHighlight &path = m_scene->pathHighlight();
    if (path.isEmpty())
        return;
    const DirectoryGraph &g = m_scene->graph();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const qreal px = 1 / std::max(lod, 0.0001); // one screen pixel in scene units
    for (int e : path.edges) {
        const GraphEdge &edge = g.edges.at(e);
        painter->setPen(QPen(graphstyle::pathColor, std::max<qreal>(5, 5 * px), Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(curve(outPort(g.nodes.at(edge.from)), inPort(g.nodes.at(edge.to))));
    }
    if (!m_scene->namesShownAt(lod)) {
        for (int n : path.nodes) {
            painter->setPen(QPen(graphstyle::pathColor, std::max<qreal>(4, 3 * px)));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(g.nodes.at(n).rect);
        }
    }
    const QLineF link = m_scene->missingLink();
    if (!link.isNull()) {
        painter->setPen(QPen(graphstyle::missingColor, std::max<qreal>(3, 2.5 * px), Qt::DashLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(curve(link.p1(), link.p2()));
        // The label is placed by the scene beside the link, clear of every node (the tests check the same rect).
        const QRectF box = m_scene->missingLabelRect(lod);
        if (!box.isNull()) {
            painter->setFont(m_scene->missingLabelFont(lod));
            painter->setPen(QPen(graphstyle::missingColor, px));
            painter->setBrush(QColor(0xfd, 0xec, 0xea));
            painter->drawRoundedRect(box, 4 * px, 4 * px);
            painter->setPen(graphstyle::missingColor);
            painter->drawText(box, Qt::AlignCenter, path.missingLabel);
        }
    }
}

} // namespace idex::ui
