#include "directoryscene.h"

#include "graphlayeritem.h"
#include "graphstyle.h"

#include <QFontMetricsF>
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

void DirectoryScene::setTextScale(qreal scale)
{
    scale = std::clamp<qreal>(scale, 0.5, 4.0);
    if (qFuzzyCompare(scale, m_textScale))
        return;
    m_textScale = scale;
    update();
}

qreal DirectoryScene::nameFontSize(qreal lod) const
{
    return graphstyle::nameFontSize(lod, graphstyle::minimumNamePixels * m_textScale);
}

qreal DirectoryScene::readableZoom() const
{
    return graphstyle::minimumNamePixels * m_textScale / graphstyle::largestNameSize;
}

bool DirectoryScene::namesShownAt(qreal lod) const
{
    // Drawing text further out costs in large graphs (more nodes in view): there the fixed threshold holds.
    if (m_graph.nodes.size() >= overviewMinimumNodes)
        return lod >= GraphLayerItem::textZoom;
    return lod >= std::min(GraphLayerItem::textZoom, readableZoom());
}

QRectF DirectoryScene::titleRect(const GraphGroup &group, qreal lod) const
{
    const qreal lineHeight = 18 * m_textScale / std::max(lod, 0.0001);
    // Up to the next layer: a long title over a narrow layer would otherwise run into the next layer's title.
    return QRectF(group.rect.left(), group.rect.top() - lineHeight * 1.3,
        group.rect.width() + DirectoryGraph::layerGap - 30, lineHeight);
}

QFont DirectoryScene::missingLabelFont(qreal lod) const
{
    QFont font = this->font();
    const qreal px = 1 / std::max(lod, 0.0001); // one screen pixel in scene units
    font.setPixelSize(std::max(11, int(12 * m_textScale * px)));
    font.setBold(true);
    return font;
}

QLineF DirectoryScene::missingLink() const
{
    if (m_path.missingFrom < 0 || m_path.missingTo < 0 || m_path.missingFrom >= m_graph.nodes.size()
        || m_path.missingTo >= m_graph.nodes.size())
        return {};
    const QRectF &from = m_graph.nodes.at(m_path.missingFrom).rect;
    const GraphNode &to = m_graph.nodes.at(m_path.missingTo);
    const QPointF a(from.right(), from.center().y());
    // A target in a layer to the left is reached at its right side, so the link never crosses it.
    const QPointF b = m_graph.nodes.at(m_path.missingFrom).layer < to.layer
        ? QPointF(to.rect.left(), to.rect.center().y())
        : QPointF(to.rect.right(), to.rect.center().y());
    return QLineF(a, b);
}

QRectF DirectoryScene::missingLabelRect(qreal lod) const
{
    const QLineF link = missingLink();
    if (link.isNull() || m_path.missingLabel.isEmpty())
        return {};
    const qreal px = 1 / std::max(lod, 0.0001);
    const QFontMetricsF fm(missingLabelFont(lod));
    const QSizeF size = fm.size(0, m_path.missingLabel) + QSizeF(12 * px, 6 * px);
    const qreal clearance = 6 * px; // screen pixels kept free between the label and any node
    auto free = [&](const QRectF &box) {
        const QRectF grown = box.adjusted(-clearance, -clearance, clearance, clearance);
        bool clear = true;
        m_index.forNodesIn(grown, [&](int n) {
            if (m_graph.nodes.at(n).rect.intersects(grown))
                clear = false;
        });
        // Nor over a group's title line (drawn just above the group, see GraphLayerItem::paintTitles).
        for (const GraphGroup &group : m_graph.groups) {
            if (clear && !group.rect.isNull() && titleRect(group, lod).intersects(grown))
                clear = false;
        }
        return clear;
    };
    // Candidates: points along the link (nearest its middle first), then the same points moved up and down by whole
    // label heights, so the label stays beside its own link whenever the gap between layers has room for it.
    const qreal along[] = { 0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2 };
    const qreal step = size.height() + clearance;
    for (int shift = 0; shift <= 40; ++shift) {
        for (const qreal t : along) {
            for (const int sign : { -1, 1 }) {
                QRectF box(QPointF(0, 0), size);
                box.moveCenter(link.pointAt(t) + QPointF(0, sign * shift * step));
                if (free(box))
                    return box;
                if (shift == 0)
                    break;
            }
        }
    }
    // A graph packed so tightly that no place is free within reach: above the whole graph, still readable.
    QRectF box(QPointF(0, 0), size);
    box.moveCenter(QPointF(link.pointAt(0.5).x(), m_graph.bounds.top() - size.height()));
    return box;
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
