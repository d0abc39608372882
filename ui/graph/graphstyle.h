#pragma once

#include "directory/directorygraph.h"

#include <QColor>
#include <QPainterPath>

class QPainter;

namespace idex::ui::graphstyle {

/*! Colour and shape by kind: the legend, the scene and the exports draw from the same table. */
QColor strokeOf(GraphNode::Kind kind);
QColor fillOf(GraphNode::Kind kind);
QColor edgeColor(GraphEdge::Kind kind);
QPainterPath shapeOf(GraphNode::Kind kind, const QRectF &rect);
/*! Node names are never smaller than this on screen where they are drawn (at 100%; presenter mode scales it). */
constexpr qreal minimumNamePixels = 11;
/*! The name's font size in scene units at zoom \a lod: 12 up close, growing as the view zooms out so that it stays
    at least \a minimumScreenPixels high on screen, up to what the node's height can hold. */
qreal nameFontSize(qreal lod, qreal minimumScreenPixels);
/*! The largest name font, in scene units: one line filling the node. */
constexpr qreal largestNameSize = 30;
/*! A whole node at reading distance: shape, label and sublabel. A name larger than 12 scene units takes the whole
    node (the sublabel is left out: the name is what a room reads). */
void drawNode(QPainter *painter, const GraphNode &node, bool selected, bool highlighted, qreal namePixels = 12);

inline const QColor pathColor { 0xf4, 0xb4, 0x00 };
inline const QColor missingColor { 0xd9, 0x30, 0x25 };
inline const QColor selectionColor { 0x11, 0x18, 0x27 };

} // namespace idex::ui::graphstyle
