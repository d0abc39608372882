#include "directoryscene.h"

#include "graphlayeritem.h"
#include "graphstyle.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>

#include <cmath>
#include <vector>

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
    const QSize size(
        std::max(1, int(m_graph.bounds.width() * s) + 1), std::max(1, int(m_graph.bounds.height() * s) + 1));
    m_overview = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_overview.fill(backgroundBrush().color());

    // Edges as a density picture: every edge adds 1 along its line in a counter per pixel (a plain DDA, no
    // antialiasing, no blending), then the counts become shades on a log scale. QPainter needed minutes to blend
    // 300,000 translucent lines; this is one pass over the edges' pixels.
    const int w = size.width();
    const int h = size.height();
    std::vector<quint16> density(size_t(w) * size_t(h), 0);
    for (const GraphEdge &e : m_graph.edges) {
        const QRectF &a = m_graph.nodes.at(e.from).rect;
        const QRectF &b = m_graph.nodes.at(e.to).rect;
        const qreal x0 = (a.right() - m_graph.bounds.left()) * s, y0 = (a.center().y() - m_graph.bounds.top()) * s;
        const qreal x1 = (b.left() - m_graph.bounds.left()) * s, y1 = (b.center().y() - m_graph.bounds.top()) * s;
        const int steps = std::max(1, int(std::max(std::abs(x1 - x0), std::abs(y1 - y0))));
        const qreal dx = (x1 - x0) / steps, dy = (y1 - y0) / steps;
        qreal x = x0, y = y0;
        for (int i = 0; i <= steps; ++i, x += dx, y += dy) {
            const int px = int(x), py = int(y);
            if (px >= 0 && py >= 0 && px < w && py < h) {
                quint16 &c = density[size_t(py) * size_t(w) + size_t(px)];
                if (c < 0xffff)
                    c += quint16(std::min(e.weight, 0xffff - int(c)));
            }
        }
    }
    const QColor ink = graphstyle::edgeColor(GraphEdge::Kind::HoldsRole);
    const QColor paper = backgroundBrush().color();
    QRgb shades[17];
    for (int level = 0; level < 17; ++level) {
        const qreal t = std::min<qreal>(1.0, 0.18 + level * 0.06); // even one edge shows
        shades[level] = qRgb(int(paper.red() + (ink.red() - paper.red()) * t),
            int(paper.green() + (ink.green() - paper.green()) * t),
            int(paper.blue() + (ink.blue() - paper.blue()) * t));
    }
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(m_overview.scanLine(y));
        const quint16 *counts = density.data() + size_t(y) * size_t(w);
        for (int x = 0; x < w; ++x) {
            if (counts[x])
                line[x] = shades[std::min(16, int(std::log2(double(counts[x]))) + 1)];
        }
    }
    QPainter p(&m_overview);
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
