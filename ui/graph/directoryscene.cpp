#include "directoryscene.h"

#include "graphlayeritem.h"
#include "graphstyle.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <thread>
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

void DirectoryScene::ensureRoom(const QRectF &rect)
{
    const QRectF grown = sceneRect() | rect;
    if (grown == sceneRect())
        return;
    m_layer->setBounds(grown); // titles drawn outside the item's rectangle would leave stale pixels
    setSceneRect(grown);
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
    // The background as the image stores it (written below where no edge passes).
    const QColor paper = backgroundBrush().color();
    QImage paperPixel(1, 1, QImage::Format_ARGB32_Premultiplied);
    paperPixel.fill(paper);
    const QRgb paperValue = reinterpret_cast<const QRgb *>(paperPixel.constBits())[0];

    // Edges as a density picture: every edge adds its weight along its line in a counter per pixel (a fixed-point
    // DDA, no antialiasing, no blending), then the counts become shades on a log scale. QPainter needed minutes to
    // blend 300,000 translucent lines; this is one pass over the edges' pixels, split between the cores (each
    // thread counts its share of the edges in its own 16-bit counters), then one pass over the pixels, split
    // between the cores, adds the counters and writes the shades. The first thread counts in the second half of the
    // image's own bytes (a buffer of its own was 17 MB beside the image's 35 MB at 100,000 objects, at the peak of
    // the process); see shadePixels for why that is safe.
    const int w = size.width();
    const int h = size.height();
    const size_t pixels = size_t(w) * size_t(h);
    const qsizetype edgeCount = m_graph.edges.size();
    const int threads = int(std::clamp<qsizetype>(std::thread::hardware_concurrency(), 1, 4));
    const int used = edgeCount < 20000 ? 1 : threads; // small graphs: starting threads costs more than it saves
    // Detached here, on this thread, before the workers write; a 32-bit format has no padding at the end of a row.
    auto *const image = reinterpret_cast<QRgb *>(m_overview.bits());
    Q_ASSERT(m_overview.bytesPerLine() == qsizetype(w) * 4);
    quint16 *const inImage = reinterpret_cast<quint16 *>(image) + pixels; // bytes [2N, 4N) of the image's 4N
    std::memset(inImage, 0, pixels * sizeof(quint16));
    std::vector<std::vector<quint16>> others(size_t(used - 1)); // the other threads' counters
    auto countEdges = [this, w, h, s, pixels, edgeCount, used, inImage, &others](int part) {
        quint16 *density = inImage;
        if (part > 0) {
            others[size_t(part - 1)].assign(pixels, 0);
            density = others[size_t(part - 1)].data();
        }
        const QRectF &bounds = m_graph.bounds;
        const GraphNode *const nodes = m_graph.nodes.constData();
        for (qsizetype k = edgeCount * part / used; k < edgeCount * (part + 1) / used; ++k) {
            const GraphEdge &e = m_graph.edges.at(k);
            const QRectF &a = nodes[e.from].rect;
            const QRectF &b = nodes[e.to].rect;
            const qreal x0 = (a.right() - bounds.left()) * s, y0 = (a.center().y() - bounds.top()) * s;
            const qreal x1 = (b.left() - bounds.left()) * s, y1 = (b.center().y() - bounds.top()) * s;
            const int steps = std::max(1, int(std::max(std::abs(x1 - x0), std::abs(y1 - y0))));
            // 32.32 fixed point: no float-to-int conversion per pixel, and no drift over a few thousand steps.
            constexpr qreal one = 4294967296.0;
            qint64 fx = qint64(x0 * one), fy = qint64(y0 * one);
            const qint64 dx = qint64((x1 - x0) / steps * one), dy = qint64((y1 - y0) / steps * one);
            const int add = std::min(e.weight, 0xffff);
            auto inside
                = [w, h](qint64 x, qint64 y) { return quint64(x >> 32) < quint64(w) && quint64(y >> 32) < quint64(h); };
            // The points are on a line: when its first and last are in the picture, all are (no test per pixel).
            if (inside(fx, fy) && inside(fx + steps * dx, fy + steps * dy)) {
                for (int i = 0; i <= steps; ++i, fx += dx, fy += dy) {
                    quint16 &c = density[size_t(fy >> 32) * size_t(w) + size_t(fx >> 32)];
                    c = quint16(std::min(int(c) + add, 0xffff));
                }
                continue;
            }
            for (int i = 0; i <= steps; ++i, fx += dx, fy += dy) {
                if (inside(fx, fy)) {
                    quint16 &c = density[size_t(fy >> 32) * size_t(w) + size_t(fx >> 32)];
                    c = quint16(std::min(int(c) + add, 0xffff));
                }
            }
        }
    };
    const QColor ink = graphstyle::edgeColor(GraphEdge::Kind::HoldsRole);
    QRgb shades[17];
    for (int level = 0; level < 17; ++level) {
        const qreal t = std::min<qreal>(1.0, 0.18 + level * 0.06); // even one edge shows
        shades[level] = qRgb(int(paper.red() + (ink.red() - paper.red()) * t),
            int(paper.green() + (ink.green() - paper.green()) * t),
            int(paper.blue() + (ink.blue() - paper.blue()) * t));
    }
    // Pixels [from, to), in order. Pixel p is written over bytes [4p, 4p + 4): the in-image counters of pixels
    // 2p - N and 2p - N + 1, so a pixel may be written once the counters of every pixel before it were read.
    auto shadePixels = [image, inImage, &others, &shades, paperValue](size_t from, size_t to) {
        for (size_t p = from; p < to; ++p) {
            int count = inImage[p];
            for (const std::vector<quint16> &other : others)
                count += other[p];
            // floor(log2(count)) + 1 is the count's bit width.
            const QRgb value = count ? shades[std::bit_width(unsigned(std::min(count, 0xffff)))] : paperValue;
            // Stored as bytes: the compiler must not move a later counter's read (as quint16) past this store.
            std::memcpy(image + p, &value, sizeof value);
        }
    };
    auto onEveryCore = [used](const auto &job) {
        std::vector<std::thread> workers;
        for (int part = 1; part < used; ++part)
            workers.emplace_back(job, part);
        job(0);
        for (std::thread &t : workers)
            t.join();
    };
    onEveryCore(countEdges);
    // In phases, each split between the cores: the first half of the remaining pixels [lo, lo + R/2) writes the
    // counters of pixels [2 lo - N, lo), all read in earlier phases, and reads counters at bytes [2N + 2 lo, ...),
    // which no pixel of the phase writes (they end at byte 2N + 2 lo). The last small remainder runs in order.
    size_t lo = 0;
    while (used > 1 && pixels - lo >= 65536) {
        const size_t half = (pixels - lo) / 2;
        const size_t phase = lo;
        onEveryCore([&shadePixels, phase, half, used](int part) {
            shadePixels(phase + half * size_t(part) / size_t(used), phase + half * size_t(part + 1) / size_t(used));
        });
        lo += half;
    }
    shadePixels(lo, pixels);
    std::vector<std::vector<quint16>>().swap(others);
    // Nodes, one drawRects call per kind (a brush change per node cost more than the rectangles).
    QHash<int, QList<QRectF>> byKind;
    for (const GraphNode &n : m_graph.nodes) {
        // At least one image pixel high, or a block of 100,000 nodes fades out.
        byKind[int(n.kind)].append(
            QRectF(n.rect.topLeft(), QSizeF(n.rect.width(), std::max(n.rect.height(), 1.0 / s))));
    }
    QPainter p(&m_overview);
    p.scale(s, s);
    p.translate(-m_graph.bounds.topLeft());
    p.setPen(Qt::NoPen);
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it) {
        p.setBrush(graphstyle::strokeOf(GraphNode::Kind(it.key())));
        p.drawRects(it->constData(), int(it->size()));
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
