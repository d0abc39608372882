#include "graphlegend.h"

#include "graphstyle.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

namespace idex::ui {

namespace {
using Kind = GraphNode::Kind;
const Kind kinds[] = { Kind::SystemAssignedIdentity, Kind::UserAssignedIdentity, Kind::ClientApplication, Kind::User,
    Kind::Group, Kind::AppRole, Kind::ResourceApi, Kind::Registration, Kind::Aggregate };

struct EdgeKey
{
    QColor color;
    Qt::PenStyle style;
    qreal width;
    const char *text;
};
QList<EdgeKey> edgeKeys()
{
    return {
        { graphstyle::edgeColor(GraphEdge::Kind::HoldsRole), Qt::SolidLine, 1.5, "holds role (app role assignment)" },
        { graphstyle::edgeColor(GraphEdge::Kind::RoleOf), Qt::SolidLine, 1.5, "role of (defined by the API)" },
        { graphstyle::edgeColor(GraphEdge::Kind::Registration), Qt::DashLine, 1.5,
            "service principal of registration" },
        { graphstyle::pathColor, Qt::SolidLine, 4, "current token's path" },
        { graphstyle::missingColor, Qt::DashLine, 2.5, "missing link" },
    };
}
constexpr int margin = 6;

QString moreText(int hidden)
{
    return GraphLegend::tr("+%1 more: click").arg(hidden);
}
} // namespace

GraphLegend::GraphLegend(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(QStringLiteral("Legend (L shows or hides it)"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setFixedHeight(heightForWidth(800));
    if (parent)
        parent->installEventFilter(this); // the page's height decides between the whole key and one line
}

QList<QRect> GraphLegend::layoutEntries(int width) const
{
    const QFontMetrics fm(font());
    const int rowHeight = std::max(18, fm.height() + 4);
    const int swatch = 2 * rowHeight; // a node shape or a line, then the text
    QStringList texts;
    for (Kind kind : kinds)
        texts.append(DirectoryGraph::kindName(kind));
    for (const EdgeKey &e : edgeKeys())
        texts.append(QLatin1String(e.text));
    QList<QRect> rects;
    int x = margin;
    int y = margin;
    for (const QString &text : std::as_const(texts)) {
        const int w = swatch + 8 + fm.horizontalAdvance(text) + 18;
        if (x > margin && x + w > width - margin) {
            x = margin;
            y += rowHeight;
        }
        rects.append(QRect(x, y, w, rowHeight));
        x += w;
    }
    return rects;
}

QList<QRect> GraphLegend::firstLine(int width) const
{
    const QFontMetrics fm(font());
    QList<QRect> rects = layoutEntries(width);
    const int total = int(rects.size());
    QList<QRect> line;
    for (const QRect &r : std::as_const(rects)) {
        const int hint = fm.horizontalAdvance(moreText(total - int(line.size()) - 1)) + 2 * margin;
        if (r.top() != margin || r.right() + hint > width - margin)
            break;
        line.append(r);
    }
    return line;
}

int GraphLegend::fullHeight(int width) const
{
    const QList<QRect> rects = layoutEntries(width);
    return rects.isEmpty() ? 0 : rects.last().bottom() + 1 + margin;
}

bool GraphLegend::isCompact() const
{
    const int w = width() > 0 ? width() : 800;
    return !m_expanded && parentWidget() && parentWidget()->height() > 0
        && fullHeight(w) > parentWidget()->height() / 6;
}

int GraphLegend::heightForWidth(int width) const
{
    if (!isCompact())
        return fullHeight(width);
    const QFontMetrics fm(font());
    return std::max(18, fm.height() + 4) + 2 * margin;
}

void GraphLegend::fitHeight()
{
    setFixedHeight(heightForWidth(width()));
    setToolTip(isCompact() ? tr("Legend, one line: click it for the whole key (L shows or hides it)")
            : m_expanded   ? tr("Legend (click for one line again; L shows or hides it)")
                           : tr("Legend (L shows or hides it)"));
    update();
}

void GraphLegend::mousePressEvent(QMouseEvent *event)
{
    if (isCompact() || m_expanded) {
        m_expanded = !m_expanded;
        fitHeight();
    }
    QWidget::mousePressEvent(event);
}

bool GraphLegend::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        fitHeight();
    return QWidget::eventFilter(watched, event);
}

QSize GraphLegend::sizeHint() const
{
    const int w = parentWidget() ? std::max(200, parentWidget()->width()) : 800;
    return QSize(w, heightForWidth(w));
}

QSize GraphLegend::minimumSizeHint() const
{
    return QSize(100, heightForWidth(width() > 0 ? width() : 800));
}

void GraphLegend::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        fitHeight(); // presenter mode: taller rows, maybe one line
    QWidget::changeEvent(event);
}

void GraphLegend::resizeEvent(QResizeEvent *event)
{
    // The rows wrap with the width: a fixed height that follows it (the layout asks no height-for-width of a box).
    fitHeight();
    QWidget::resizeEvent(event);
}

void GraphLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(0xf6, 0xf8, 0xfa));
    p.setPen(QColor(0xd0, 0xd7, 0xde));
    p.drawLine(rect().topLeft(), rect().topRight());
    const bool compact = isCompact();
    const QList<QRect> rects = compact ? firstLine(width()) : layoutEntries(width());
    const QList<EdgeKey> edges = edgeKeys();
    if (compact) {
        const int hidden = int(std::size(kinds)) + int(edges.size()) - int(rects.size());
        const QFontMetrics fm(font());
        const int rowHeight = std::max(18, fm.height() + 4);
        p.setPen(palette().color(QPalette::Link));
        p.drawText(QRect(margin, margin, width() - 2 * margin, rowHeight), Qt::AlignVCenter | Qt::AlignRight,
            moreText(hidden));
    }
    for (int i = 0; i < rects.size(); ++i) {
        const QRect r = rects.at(i);
        const int swatchWidth = 2 * r.height() - 6;
        const QRectF swatch(r.left() + 2, r.top() + 3, swatchWidth, r.height() - 6);
        QString text;
        if (i < int(std::size(kinds))) {
            const Kind kind = kinds[i];
            p.setPen(QPen(graphstyle::strokeOf(kind), 1.3));
            p.setBrush(graphstyle::fillOf(kind));
            p.drawPath(graphstyle::shapeOf(kind, swatch));
            text = DirectoryGraph::kindName(kind);
        } else {
            const EdgeKey &e = edges.at(i - int(std::size(kinds)));
            p.setPen(QPen(e.color, e.width, e.style, Qt::RoundCap));
            p.drawLine(QPointF(swatch.left() + 2, swatch.center().y()), QPointF(swatch.right(), swatch.center().y()));
            text = QLatin1String(e.text);
        }
        p.setPen(QColor(0x1f, 0x29, 0x37));
        p.drawText(QRect(r.left() + swatchWidth + 10, r.top(), r.width() - swatchWidth - 10, r.height()),
            Qt::AlignVCenter | Qt::AlignLeft, text);
    }
}

} // namespace idex::ui
