#include "graphlegend.h"

#include "graphstyle.h"

#include <QPainter>

namespace idex::ui {

namespace {
using Kind = GraphNode::Kind;
const Kind kinds[] = { Kind::SystemAssignedIdentity, Kind::UserAssignedIdentity, Kind::ClientApplication, Kind::User,
    Kind::Group, Kind::AppRole, Kind::ResourceApi, Kind::Registration, Kind::Aggregate };
constexpr int rowHeight = 18;
constexpr int columnWidth = 250;
constexpr int edgeRows = 5;
} // namespace

GraphLegend::GraphLegend(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setToolTip(QStringLiteral("Legend"));
}

QSize GraphLegend::sizeHint() const
{
    return QSize(2 * columnWidth + 12, int(std::size(kinds)) * rowHeight + 12);
}

void GraphLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QColor(0xd0, 0xd7, 0xde));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRoundedRect(rect().adjusted(0, 0, -1, -1), 6, 6);
    QFont f = font();
    f.setPixelSize(11);
    p.setFont(f);
    int y = 6;
    for (Kind kind : kinds) {
        const QRectF swatch(10, y + 3, 30, 12);
        p.setPen(QPen(graphstyle::strokeOf(kind), 1.3));
        p.setBrush(graphstyle::fillOf(kind));
        p.drawPath(graphstyle::shapeOf(kind, swatch));
        p.setPen(QColor(0x1f, 0x29, 0x37));
        p.drawText(QRectF(48, y, columnWidth - 50, rowHeight), Qt::AlignVCenter, DirectoryGraph::kindName(kind));
        y += rowHeight;
    }
    // Edges in the second column.
    const int x = columnWidth + 6;
    y = 6;
    struct EdgeKey
    {
        QColor color;
        Qt::PenStyle style;
        qreal width;
        const char *text;
    };
    const EdgeKey edges[edgeRows] = {
        { graphstyle::edgeColor(GraphEdge::Kind::HoldsRole), Qt::SolidLine, 1.5, "holds role (app role assignment)" },
        { graphstyle::edgeColor(GraphEdge::Kind::RoleOf), Qt::SolidLine, 1.5, "role of (defined by the API)" },
        { graphstyle::edgeColor(GraphEdge::Kind::Registration), Qt::DashLine, 1.5,
            "service principal of registration" },
        { graphstyle::pathColor, Qt::SolidLine, 4, "current token's path" },
        { graphstyle::missingColor, Qt::DashLine, 2.5, "missing link" },
    };
    for (const EdgeKey &e : edges) {
        p.setPen(QPen(e.color, e.width, e.style, Qt::RoundCap));
        p.drawLine(QPointF(x + 4, y + rowHeight / 2.0), QPointF(x + 36, y + rowHeight / 2.0));
        p.setPen(QColor(0x1f, 0x29, 0x37));
        p.drawText(QRectF(x + 44, y, columnWidth - 48, rowHeight), Qt::AlignVCenter, QLatin1String(e.text));
        y += rowHeight;
    }
}

} // namespace idex::ui
