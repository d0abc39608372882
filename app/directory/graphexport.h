#pragma once

#include "directorygraph.h"

#include <QByteArray>

namespace idex::graphexport {

/*! Graphviz DOT: one node per graph node (kind as shape and colour, object id as tooltip), edges labelled by kind.
    Keeps the layered order with rank=same per layer. */
QByteArray toDot(const DirectoryGraph &graph);

/*! A standalone SVG of the laid-out graph, written without Qt Gui so the command line can produce it. */
QByteArray toSvg(const DirectoryGraph &graph);

} // namespace idex::graphexport
