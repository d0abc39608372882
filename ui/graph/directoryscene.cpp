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
    m_overviewScale = std::min<qreal>(1.0, 3072.0 / longest);
    const qreal s = m_overviewScale;
    const QSize size(std::max(1, int(m_graph.bounds.width() * s) + 1), std::max(1, int(m_graph.bounds.height() * s) + 1));
    m_overview = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_overview.fill(backgroundBrush().color());
    QPainter p(&m_overview);

    // Edges bundled by (source block, target block) of 6 x 6 image pixels: 300,000 lines would take minutes to
    // draw one by one and turn into a solid smear anyway; a bundle's darkness says how many edges it holds.
    const qreal block = 6;
    auto cellOf = [&](const QPointF &pt) {
        const int x = int((pt.x() - m_graph.bounds.left()) * s / block);
        const int y = int((pt.y() - m_graph.bounds.top()) * s / block);
        return (quint64(quint32(x)) << 16) | quint64(quint32(y));
    };
    QHash<quint64, int> bundles[3];
    for (const GraphEdge &e : m_graph.edges) {
        const QRectF &a = m_graph.nodes.at(e.from).rect;
        const QRectF &b = m_graph.nodes.at(e.to).rect;
        const quint64 key = (cellOf(QPointF(a.right(), a.center().y())) << 32) | cellOf(QPointF(b.left(), b.center().y()));
        bundles[int(e.kind)][key] += e.weight;
    }
    auto centre = [&](quint64 cell) {
        return QPointF((qreal(cell >> 16) + 0.5) * block, (qreal(cell & 0xffff) + 0.5) * block);
    };
    for (const GraphEdge::Kind kind : {GraphEdge::Kind::Registration, GraphEdge::Kind::RoleOf, GraphEdge::Kind::HoldsRole}) {
        // Eight darkness levels, one drawLines call each.
        QVector<QLineF> levels[8];
        const auto &b = bundles[int(kind)];
        for (auto it = b.cbegin(); it != b.cend(); ++it) {
            const int level = std::min(7, int(std::log2(double(it.value()))));
            levels[level].append(QLineF(centre(it.key() >> 32), centre(it.key() & 0xffffffffULL)));
        }
        for (int level = 0; level < 8; ++level) {
            if (levels[level].isEmpty())
                continue;
            QColor c = graphstyle::edgeColor(kind);
            c.setAlpha(std::min(255, 22 + level * 30));
            p.setPen(QPen(c, 0));
            p.drawLines(levels[level]);
        }
    }
    p.scale(s, s);
    p.translate(-m_graph.bounds.topLeft());
    p.setPen(Qt::NoPen);
    for (const GraphNode &n : m_graph.nodes) {
        p.setBrush(graphstyle::strokeOf(n.kind));
        // At least one image pixel high, or a block of 100,000 nodes fades out.
        p.drawRect(QRectF(n.rect.topLeft(), QSizeF(n.rect.width(), std::max(n.rect.height(), 1.0 / s))));
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
