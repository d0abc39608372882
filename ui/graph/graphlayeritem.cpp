#include "graphlayeritem.h"

#include "directoryscene.h"
#include "graphstyle.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

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
    const QRectF exposed = option->exposedRect.isValid() && !option->exposedRect.isEmpty() ? option->exposedRect : m_bounds;
    const DirectoryGraph &g = m_scene->graph();
    if (g.nodes.size() >= DirectoryScene::overviewMinimumNodes) {
        const QImage &overview = m_scene->overview();
        if (!overview.isNull() && lod <= m_scene->overviewScale()) {
            // Far out: one image, scaled. Cost follows the screen size, not the graph.
            const qreal s = m_scene->overviewScale();
            const QRectF area = exposed.intersected(g.bounds);
            const QRectF source((area.left() - g.bounds.left()) * s, (area.top() - g.bounds.top()) * s, area.width() * s, area.height() * s);
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
    const bool text = lod >= textZoom;
    const int selected = m_scene->selectedNode();

    // Edges first, grouped by kind so each kind is one pen and one drawLines call.
    QList<int> visibleEdges;
    index.forEdgesIn(exposed, [&visibleEdges](int e) { visibleEdges.append(e); });
    const bool curves = text && visibleEdges.size() < 4000;
    painter->setRenderHint(QPainter::Antialiasing, curves);
    for (const GraphEdge::Kind kind : {GraphEdge::Kind::Registration, GraphEdge::Kind::RoleOf, GraphEdge::Kind::HoldsRole}) {
        QPen pen(graphstyle::edgeColor(kind), curves ? 1.3 : 0);
        if (kind == GraphEdge::Kind::Registration)
            pen.setStyle(Qt::DashLine);
        QVector<QLineF> lines;
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        for (int e : std::as_const(visibleEdges)) {
            const GraphEdge &edge = g.edges.at(e);
            if (edge.kind != kind)
                continue;
            const QPointF a = outPort(g.nodes.at(edge.from));
            const QPointF b = inPort(g.nodes.at(edge.to));
            if (curves) {
                QPen weighted = pen;
                weighted.setWidthF(edge.weight > 1 ? std::min(8.0, 1.3 + std::log2(double(edge.weight))) : 1.3);
                const bool touchesSelection = selected >= 0 && (edge.from == selected || edge.to == selected);
                if (touchesSelection) {
                    weighted.setColor(graphstyle::selectionColor);
                    weighted.setWidthF(weighted.widthF() + 1);
                }
                painter->setPen(weighted);
                painter->drawPath(curve(a, b));
            } else {
                lines.append(QLineF(a, b));
            }
        }
        if (!lines.isEmpty())
            painter->drawLines(lines);
    }

    // Nodes.
    QList<int> visibleNodes;
    index.forNodesIn(exposed, [&visibleNodes](int n) { visibleNodes.append(n); });
    const PathHighlight &path = m_scene->pathHighlight();
    if (text) {
        painter->setRenderHint(QPainter::Antialiasing, true);
        for (int n : std::as_const(visibleNodes))
            graphstyle::drawNode(painter, g.nodes.at(n), n == selected, path.nodes.contains(n));
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
    font.setPixelSize(std::max(10, int(13 / std::max(lod, 0.0001))));
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(QColor(0x37, 0x47, 0x4f));
    const qreal lineHeight = 18 / std::max(lod, 0.0001);
    for (const GraphGroup &group : g.groups) {
        if (group.rect.isNull())
            continue;
        const QString title = group.collapsed || group.nodeCount > 1
            ? QStringLiteral("%1 (%L2)").arg(group.title).arg(group.nodeCount)
            : group.title;
        painter->drawText(QRectF(group.rect.left(), group.rect.top() - lineHeight * 1.3, std::max(group.rect.width(), 2000.0), lineHeight),
                          Qt::AlignLeft | Qt::AlignBottom, title);
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
    if (lod < textZoom) {
        for (int n : path.nodes) {
            painter->setPen(QPen(graphstyle::pathColor, std::max<qreal>(4, 3 * px)));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(g.nodes.at(n).rect);
        }
    }
    if (path.missingFrom >= 0 && path.missingTo >= 0) {
        const GraphNode &from = g.nodes.at(path.missingFrom);
        const GraphNode &to = g.nodes.at(path.missingTo);
        const QPointF a = outPort(from);
        const QPointF b = from.layer < to.layer ? inPort(to) : QPointF(to.rect.right(), to.rect.center().y());
        painter->setPen(QPen(graphstyle::missingColor, std::max<qreal>(3, 2.5 * px), Qt::DashLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(curve(a, b));
        if (!path.missingLabel.isEmpty()) {
            QFont font = painter->font();
            font.setPixelSize(std::max(11, int(12 * px)));
            font.setBold(true);
            painter->setFont(font);
            const QFontMetricsF fm(font);
            const QPointF mid = a + (b - a) * 0.75; // nearer the target: the group titles on the left stay readable
            QRectF box(QPointF(0, 0), fm.size(0, path.missingLabel) + QSizeF(12 * px, 6 * px));
            box.moveCenter(mid);
            painter->setPen(QPen(graphstyle::missingColor, px));
            painter->setBrush(QColor(0xfd, 0xec, 0xea));
            painter->drawRoundedRect(box, 4 * px, 4 * px);
            painter->setPen(graphstyle::missingColor);
            painter->drawText(box, Qt::AlignCenter, path.missingLabel);
        }
    }
}

} // namespace idex::ui
