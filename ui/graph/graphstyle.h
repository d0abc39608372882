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
/*! A whole node at reading distance: shape, label and sublabel. */
void drawNode(QPainter *painter, const GraphNode &node, bool selected, bool highlighted);

inline const QColor pathColor { 0xf4, 0xb4, 0x00 };
inline const QColor missingColor { 0xd9, 0x30, 0x25 };
inline const QColor selectionColor { 0x11, 0x18, 0x27 };

} // namespace idex::ui::graphstyle
