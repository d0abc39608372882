#pragma once

#include "directory/directorygraph.h"
#include "graphspatialindex.h"

#include <QGraphicsScene>
#include <QImage>
#include <QSet>

namespace idex::ui {

class GraphLayerItem;

/*! The token path drawn over the graph: the nodes and edges it goes through, and the missing link when it breaks. */
struct PathHighlight
{
    QSet<int> nodes;
    QSet<int> edges;
    int missingFrom = -1; ///< node where the missing link starts
    int missingTo = -1; ///< node it should reach
    QString missingLabel; ///< what is missing, drawn on the link

    bool isEmpty() const { return nodes.isEmpty() && edges.isEmpty() && missingFrom < 0; }
};

/*! The directory graph as one scene. All nodes and edges are painted by a single item that asks a spatial index
    what is exposed and chooses a level of detail from the zoom: full shapes and text up close, plain boxes and lines
    further out, a cached overview image when everything is in view. Per-frame work follows what is visible. */
class DirectoryScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit DirectoryScene(QObject *parent = nullptr);

    void setGraph(DirectoryGraph graph);
    const DirectoryGraph &graph() const { return m_graph; }
    const GraphSpatialIndex &index() const { return m_index; }

    /*! The node under a scene position, or -1. */
    int nodeAt(const QPointF &scenePos) const;

    int selectedNode() const { return m_selected; }
    void setSelectedNode(int node);

    const PathHighlight &pathHighlight() const { return m_path; }
    void setPathHighlight(const PathHighlight &path);

    /*! Presenter mode's factor (1, 1.5, 2): on-screen minimum sizes of names and labels grow by it. */
    void setTextScale(qreal scale);
    qreal textScale() const { return m_textScale; }
    /*! Grows the scene, and what its layer paints, to hold \a rect: a view fitted far out leaves margins counted in
        pixels (room for the titles), which are more scene units the further out it is; the view cannot show what lies
        outside the scene's rectangle. */
    void ensureRoom(const QRectF &rect);
    /*! The node names' font size in scene units at zoom \a lod (at least graphstyle::minimumNamePixels times the
        text scale on screen). */
    qreal nameFontSize(qreal lod) const;
    /*! The lowest zoom at which names can be drawn at their minimum on-screen size. */
    qreal readableZoom() const;
    /*! Whether nodes show their names at zoom \a lod: from GraphLayerItem::textZoom, or lower in graphs small enough
        (a scenario's) as long as the names still reach their minimum size. */
    bool namesShownAt(qreal lod) const;
    /*! The line above a group where its title is drawn at zoom \a lod (it ends before the next layer). */
    QRectF titleRect(const GraphGroup &group, qreal lod) const;
    /*! The missing link's label font at zoom \a lod. */
    QFont missingLabelFont(qreal lod) const;
    /*! Where the missing link's label is drawn at zoom \a lod: beside its link, never over a node. Null when there
        is no label. */
    QRectF missingLabelRect(qreal lod) const;
    /*! The missing link's two ends (out of its source node, into its target). */
    QLineF missingLink() const;

    /*! The whole-graph picture used when zoomed far out; built on first need (one pass over the graph). */
    const QImage &overview() const;
    qreal overviewScale() const { return m_overviewScale; }
    /*! Graphs up to this many nodes are always drawn in full. */
    static constexpr int overviewMinimumNodes = 3000;

Q_SIGNALS:
    void nodeClicked(int node);
    void nodeDoubleClicked(int node);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    DirectoryGraph m_graph;
    GraphSpatialIndex m_index;
    GraphLayerItem *m_layer;
    int m_selected = -1;
    qreal m_textScale = 1.0;
    PathHighlight m_path;
    mutable QImage m_overview;
    mutable qreal m_overviewScale = 0;
};

} // namespace idex::ui
