#include "graphspatialindex.h"

#include <algorithm>
#include <cmath>

namespace idex::ui {

int GraphSpatialIndex::colOf(qreal x) const
{
    return std::clamp(int(std::floor((x - m_bounds.left()) / m_cell)), 0, m_cols - 1);
}

int GraphSpatialIndex::rowOf(qreal y) const
{
    return std::clamp(int(std::floor((y - m_bounds.top()) / m_cell)), 0, m_rows - 1);
}

void GraphSpatialIndex::build(const DirectoryGraph &graph)
{
    m_bounds = graph.bounds.adjusted(-50, -50, 50, 50);
    // About 160 cells along the longer side, but never cells smaller than a few nodes.
    m_cell = std::max<qreal>(std::max(m_bounds.width(), m_bounds.height()) / 160.0, DirectoryGraph::nodeWidth * 2);
    m_cols = std::max(1, int(std::ceil(m_bounds.width() / m_cell)));
    m_rows = std::max(1, int(std::ceil(m_bounds.height() / m_cell)));
    m_nodeCells = QList<QList<int>>(m_cols * m_rows);
    m_nodeStamp = QList<quint32>(graph.nodes.size(), 0);
    m_edgeStamp = QList<quint32>(graph.edges.size(), 0);
    m_frame = 0;
    m_edgeFrame = 0;

    for (int i = 0; i < graph.nodes.size(); ++i) {
        const QRectF &r = graph.nodes.at(i).rect;
        for (int row = rowOf(r.top()); row <= rowOf(r.bottom()); ++row)
            for (int col = colOf(r.left()); col <= colOf(r.right()); ++col)
                m_nodeCells[row * m_cols + col].append(i);
    }
}

} // namespace idex::ui
