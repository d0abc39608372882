#pragma once

#include "directory.h"

#include <QHash>
#include <QList>
#include <QRectF>
#include <QSet>
#include <QString>

#include <utility>

namespace idex {

/*! One box of the layered directory view. Coordinates are scene units (device-independent pixels at zoom 1). */
struct GraphNode
{
    enum class Kind : quint8 {
        SystemAssignedIdentity,
        UserAssignedIdentity,
        ClientApplication, ///< an Application/Legacy service principal holding roles
        User,
        Group,
        AppRole,
        ResourceApi, ///< a service principal that defines or receives app roles
        Registration, ///< an app registration (application object)
        Aggregate, ///< a collapsed group
    };

    Kind kind = Kind::ClientApplication;
    int layer = 0; ///< 0 clients, 1 roles, 2 APIs, 3 registrations
    int group = -1;
    QString objectId; ///< service principal / application object id; the role id for AppRole
    QString resourceId; ///< AppRole: the resource service principal that defines it
    QString label;
    QString sublabel;
    QRectF rect;
    int aggregateCount = 0; ///< Aggregate: how many nodes it stands for
    bool disabled = false; ///< AppRole: isEnabled false
};

struct GraphEdge
{
    enum class Kind : quint8 { HoldsRole, RoleOf, Registration };
    Kind kind = Kind::HoldsRole;
    int from = -1;
    int to = -1;
    QString assignmentId; ///< HoldsRole edges of single principals
    int weight = 1; ///< edges of aggregates stand for several
};

struct GraphGroup
{
    QString key; ///< stable name used to expand/collapse it
    QString title;
    int layer = 0;
    int nodeCount = 0; ///< members before collapsing
    bool collapsed = false;
    QRectF rect;
};

/*! What to show: the filter keeps every holds-role chain (principal -> role -> API) in which one object matches, so
    searching a role value shows its holders and its API. */
struct GraphOptions
{
    QString filter; ///< matched against name, id, appId, type and role value (case-insensitive); empty = all
    QString focusObjectId; ///< first-degree view: only chains touching this object; empty = all
    int collapseThreshold = 0; ///< groups with more members than this become one aggregate node; 0 = never
    QSet<QString> expandedGroups; ///< group keys kept open despite the threshold
};

/*! The layered graph (clients | roles | APIs | registrations) of a Directory, with positions. GUI-free: the scene in
    ui/graph draws it, tests and the CLI's SVG/DOT export read it. */
class DirectoryGraph
{
public:
    static DirectoryGraph build(const Directory &directory, const GraphOptions &options = {});

    static constexpr qreal nodeWidth = 230;
    static constexpr qreal nodeHeight = 38;
    static constexpr qreal columnGap = 26; ///< between grid columns of one layer
    static constexpr qreal rowGap = 10;
    static constexpr qreal layerGap = 260; ///< between layers, room for edges
    static constexpr qreal groupGap = 70; ///< between groups of one layer, room for the title

    QList<GraphNode> nodes;
    QList<GraphEdge> edges;
    QList<GraphGroup> groups;
    QRectF bounds;
    qsizetype hiddenByFilter = 0; ///< chains the filter or focus removed

    /*! The edges touching one node: a view into one array, valid while the graph is unchanged. */
    struct EdgeRange
    {
        const int *first = nullptr;
        const int *last = nullptr;
        const int *begin() const { return first; }
        const int *end() const { return last; }
        qsizetype size() const { return last - first; }
        bool isEmpty() const { return first == last; }
    };

    /*! Indices of the nodes that show this object (a principal may be both a client and an API). */
    QList<int> nodesOf(const QString &objectId) const;
    int roleNode(const QString &resourceSpId, const QString &appRoleId) const;
    /*! The HoldsRole edge of this assignment, or -1. */
    int edgeOfAssignment(const QString &assignmentId) const;
    /*! Edges touching a node, both directions, in edge order. */
    EdgeRange edgesOf(int node) const;
    static QString kindName(GraphNode::Kind kind);
    static QString layerTitle(int layer);

private:
    // Lookups by id as sorted (hash, index) pairs, the candidates' ids compared on a hit: a QHash<QString, ...> of
    // 300,000 assignments and 112,000 nodes was a third of the layout's time and 30 MB.
    QList<std::pair<size_t, int>> m_nodeByObjectHash; ///< qHash(folded object id), node
    QList<std::pair<size_t, int>> m_edgeByAssignmentHash; ///< qHash(assignment id), HoldsRole edge
    QHash<QString, int> m_roleByKey;
    // Adjacency in one array (compressed rows): the edges of node n are m_adjacent[m_adjacentStart[n] ..
    // m_adjacentStart[n + 1]). A list per node cost 112,000 allocations at 100,000 objects.
    QList<int> m_adjacentStart;
    QList<int> m_adjacent;

    friend class DirectoryGraphBuilder;
};

} // namespace idex
