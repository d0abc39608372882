#include "directoryscene.h"

#include "graphlayeritem.h"
#include "graphstyle.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>

namespace idex::ui {

DirectoryScene::DirectoryScene(QObject *parent)
    : QGraphicsScene(parent)
    , m_layer(new GraphLayerItem(this))
{
    // One item: Qt's own index has nothing to do; our grid does the culling.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    addItem(m_layer);
    setBackgroundBrush(QColor(0xfb, 0xfc, 0xfd));
}

void DirectoryScene::setGraph(DirectoryGraph graph)
{
    m_graph = std::move(graph);
    m_index.build(m_graph);
    m_selected = -1;
    m_path = PathHighlight();
    m_overview = QImage();
    m_overviewScale = 0;
    const QRectF margin = m_graph.bounds.adjusted(-120, -120, 120, 120);
    m_layer->setBounds(margin);
    setSceneRect(margin);
    update();
}

int DirectoryScene::nodeAt(const QPointF &scenePos) const
{
    int found = -1;
    m_index.forNodesIn(QRectF(scenePos, QSizeF(0.1, 0.1)), [&](int n) {
        if (m_graph.nodes.at(n).rect.contains(scenePos))
            found = n;
    });
    return found;
}

void DirectoryScene::setSelectedNode(int node)
{
    if (node == m_selected)
        return;
    m_selected = node;
    update();
}

void DirectoryScene::setPathHighlight(const PathHighlight &path)
{
    m_path = path;
    update();
}

const QImage &DirectoryScene::overview() const
{
    if (!m_overview.isNull() || m_graph.nodes.size() < overviewMinimumNodes)
        return m_overview;
    const qreal longest = std::max(m_graph.bounds.width(), m_graph.bounds.height());
    m_overviewScale = std::min<qreal>(1.0, 4096.0 / longest);
    const QSize size(std::max(1, int(m_graph.bounds.width() * m_overviewScale)), std::max(1, int(m_graph.bounds.height() * m_overviewScale)));
    m_overview = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_overview.fill(backgroundBrush().color());
    QPainter p(&m_overview);
    p.scale(m_overviewScale, m_overviewScale);
    p.translate(-m_graph.bounds.topLeft());
    // Many edges over the same pixels: a light, translucent pen shows density instead of a solid block.
    for (const GraphEdge::Kind kind : {GraphEdge::Kind::Registration, GraphEdge::Kind::RoleOf, GraphEdge::Kind::HoldsRole}) {
        QColor c = graphstyle::edgeColor(kind);
        c.setAlpha(kind == GraphEdge::Kind::HoldsRole ? 18 : 60);
        p.setPen(QPen(c, 0));
        QVector<QLineF> lines;
        lines.reserve(m_graph.edges.size());
        for (const GraphEdge &e : m_graph.edges) {
            if (e.kind != kind)
                continue;
            const QRectF &a = m_graph.nodes.at(e.from).rect;
            const QRectF &b = m_graph.nodes.at(e.to).rect;
            lines.append(QLineF(a.right(), a.center().y(), b.left(), b.center().y()));
        }
        p.drawLines(lines);
    }
    p.setPen(Qt::NoPen);
    for (const GraphNode &n : m_graph.nodes) {
        p.setBrush(graphstyle::strokeOf(n.kind));
        p.drawRect(n.rect);
    }
    return m_overview;
}

void DirectoryScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int node = nodeAt(event->scenePos());
        if (node >= 0) {
            setSelectedNode(node);
            Q_EMIT nodeClicked(node);
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

void DirectoryScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    const int node = nodeAt(event->scenePos());
    if (node >= 0) {
        Q_EMIT nodeDoubleClicked(node);
        event->accept();
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

} // namespace idex::ui
