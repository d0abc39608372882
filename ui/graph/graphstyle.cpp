#include "graphstyle.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace idex::ui::graphstyle {

using Kind = GraphNode::Kind;

QColor strokeOf(Kind kind)
{
    switch (kind) {
    case Kind::SystemAssignedIdentity: return QColor(0x2f, 0x6f, 0xed);
    case Kind::UserAssignedIdentity: return QColor(0x0f, 0x8f, 0x7e);
    case Kind::ClientApplication: return QColor(0x7b, 0x4f, 0xd6);
    case Kind::User: return QColor(0x5f, 0x6b, 0x7a);
    case Kind::Group: return QColor(0xa0, 0x65, 0x2a);
    case Kind::AppRole: return QColor(0xd9, 0x82, 0x2b);
    case Kind::ResourceApi: return QColor(0x2e, 0x85, 0x40);
    case Kind::Registration: return QColor(0x54, 0x6e, 0x7a);
    case Kind::Aggregate: return QColor(0x37, 0x47, 0x4f);
    }
    return Qt::black;
}

QColor fillOf(Kind kind)
{
    switch (kind) {
    case Kind::SystemAssignedIdentity: return QColor(0xe7, 0xef, 0xfd);
    case Kind::UserAssignedIdentity: return QColor(0xe0, 0xf4, 0xf1);
    case Kind::ClientApplication: return QColor(0xef, 0xe9, 0xfb);
    case Kind::User: return QColor(0xee, 0xf0, 0xf3);
    case Kind::Group: return QColor(0xf6, 0xec, 0xe2);
    case Kind::AppRole: return QColor(0xfd, 0xf0, 0xe2);
    case Kind::ResourceApi: return QColor(0xe5, 0xf3, 0xe8);
    case Kind::Registration: return QColor(0xec, 0xef, 0xf1);
    case Kind::Aggregate: return QColor(0xdd, 0xe3, 0xe6);
    }
    return Qt::white;
}

QColor edgeColor(GraphEdge::Kind kind)
{
    switch (kind) {
    case GraphEdge::Kind::HoldsRole: return QColor(0x6b, 0x80, 0x9c);
    case GraphEdge::Kind::RoleOf: return QColor(0xd9, 0x9a, 0x55);
    case GraphEdge::Kind::Registration: return QColor(0x9a, 0xa5, 0xb1);
    }
    return Qt::gray;
}

QPainterPath shapeOf(Kind kind, const QRectF &r)
{
    QPainterPath path;
    switch (kind) {
    case Kind::SystemAssignedIdentity:
    case Kind::UserAssignedIdentity: path.addRoundedRect(r, 8, 8); break;
    case Kind::ClientApplication:
    case Kind::Aggregate: path.addRect(r); break;
    case Kind::User:
    case Kind::Group:
    case Kind::AppRole: path.addRoundedRect(r, r.height() / 2, r.height() / 2); break;
    case Kind::ResourceApi: {
        const qreal d = r.height() / 2;
        path.moveTo(r.left() + d, r.top());
        path.lineTo(r.right() - d, r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.right() - d, r.bottom());
        path.lineTo(r.left() + d, r.bottom());
        path.lineTo(r.left(), r.center().y());
        path.closeSubpath();
        break;
    }
    case Kind::Registration: {
        const qreal fold = std::min<qreal>(10, r.height() / 3);
        path.moveTo(r.topLeft());
        path.lineTo(r.right() - fold, r.top());
        path.lineTo(r.right(), r.top() + fold);
        path.lineTo(r.bottomRight());
        path.lineTo(r.bottomLeft());
        path.closeSubpath();
        break;
    }
    }
    return path;
}

qreal nameFontSize(qreal lod, qreal minimumScreenPixels)
{
    return std::clamp<qreal>(minimumScreenPixels / std::max<qreal>(lod, 0.0001), 12, largestNameSize);
}

void drawNode(QPainter *painter, const GraphNode &node, bool selected, bool highlighted, qreal namePixels)
{
    const QRectF r = node.rect;
    const QPainterPath shape = shapeOf(node.kind, r);
    if (highlighted) {
        painter->setPen(QPen(pathColor, 7));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(shape);
    }
    QPen pen(strokeOf(node.kind), selected ? 3 : 1.4);
    if (selected)
        pen.setColor(selectionColor);
    if (node.disabled)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(node.disabled ? QColor(0xf1, 0xf1, 0xf1) : fillOf(node.kind));
    painter->drawPath(shape);
    if (node.kind == Kind::Aggregate) {
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r.adjusted(4, 4, -4, -4));
    }
    // Kind stripe on the left: the colour reads even where the shape is small.
    const qreal inset = node.kind == Kind::ResourceApi
        ? r.height() / 2
        : (node.kind == Kind::AppRole || node.kind == Kind::User || node.kind == Kind::Group ? r.height() / 2.4 : 9);
    const QRectF text = r.adjusted(inset, 3, -inset * 0.7, -3);

    QFont font = painter->font();
    font.setPixelSize(std::max(1, qRound(namePixels)));
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(QColor(0x1f, 0x29, 0x37));
    const QFontMetricsF fm(font);
    if (namePixels > 12.5) {
        painter->drawText(
            text, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(node.label, Qt::ElideRight, text.width()));
        return;
    }
    const qreal half = node.kind == Kind::Aggregate ? text.height() / 3 : text.height() / 2;
    painter->drawText(QRectF(text.left(), text.top(), text.width(), half), Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(node.label, Qt::ElideRight, text.width()));
    font.setBold(false);
    font.setPixelSize(10);
    painter->setFont(font);
    painter->setPen(QColor(0x5f, 0x6b, 0x7a));
    const QFontMetricsF small(font);
    painter->drawText(QRectF(text.left(), text.top() + half, text.width(), text.height() - half),
        Qt::AlignLeft | Qt::AlignVCenter, small.elidedText(node.sublabel, Qt::ElideRight, text.width()));
}

} // namespace idex::ui::graphstyle
