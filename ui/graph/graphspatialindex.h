#pragma once

#include "directory/directorygraph.h"

#include <QList>
#include <QRectF>

namespace idex::ui {

/*! A uniform grid over the graph's nodes, and the edges reached from them. Drawing and hit-testing then cost what
    is visible, never the whole graph (100,000 nodes, 300,000 edges). Edges are found through their end nodes (two
    entries per edge, not one per cell crossed: that would take hundreds of megabytes at 300,000 edges). */
class GraphSpatialIndex
{
public:
    void build(const DirectoryGraph &graph);

    /*! Calls \a visit once per node or edge touching \a rect (duplicates removed). */
    template<typename F> void forNodesIn(const QRectF &rect, F &&visit) const
    {
        collect(rect, m_nodeCells, m_nodeStamp, visit);
    }
    /*! Calls \a visit once per edge with at least one end node touching \a rect. */
    template<typename F> void forEdgesWithEndIn(const QRectF &rect, const DirectoryGraph &graph, F &&visit) const
    {
        ++m_edgeFrame;
        forNodesIn(rect, [&](int node) {
            for (int e : graph.edgesOf(node)) {
                if (m_edgeStamp[e] == m_edgeFrame)
                    continue;
                m_edgeStamp[e] = m_edgeFrame;
                visit(e);
            }
        });
    }

    qsizetype cellCount() const { return m_cols * m_rows; }

private:
    template<typename F>
    void collect(const QRectF &rect, const QList<QList<int>> &cells, QList<quint32> &stamp, F &visit) const
    {
        if (cells.isEmpty())
            return;
        ++m_frame;
        const int c0 = colOf(rect.left()), c1 = colOf(rect.right());
        const int r0 = rowOf(rect.top()), r1 = rowOf(rect.bottom());
        for (int r = r0; r <= r1; ++r) {
            for (int c = c0; c <= c1; ++c) {
                for (int item : cells.at(r * m_cols + c)) {
                    if (stamp[item] == m_frame)
                        continue;
                    stamp[item] = m_frame;
                    visit(item);
                }
            }
        }
    }
    int colOf(qreal x) const;
    int rowOf(qreal y) const;

    QRectF m_bounds;
    qreal m_cell = 1;
    int m_cols = 0;
    int m_rows = 0;
    QList<QList<int>> m_nodeCells;
    mutable QList<quint32> m_nodeStamp;
    mutable QList<quint32> m_edgeStamp;
    mutable quint32 m_frame = 0;
    mutable quint32 m_edgeFrame = 0;
};

} // namespace idex::ui
