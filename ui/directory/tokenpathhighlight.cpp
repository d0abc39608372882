#include "tokenpathhighlight.h"

#include "directory/tokenpath.h"

namespace idex::ui {

PathHighlight tokenPathHighlight(const DirectoryGraph &g, const TokenPath &path)
{
    PathHighlight highlight;
    auto firstInLayer = [&g](const QString &objectId, int layer) {
        for (int n : g.nodesOf(objectId)) {
            if (g.nodes.at(n).layer == layer)
                return n;
        }
        return -1;
    };
    const int principal = firstInLayer(path.principalId, 0);
    const int api = firstInLayer(path.resourceId, 2);
    if (principal >= 0)
        highlight.nodes.insert(principal);
    if (api >= 0)
        highlight.nodes.insert(api);
    for (const QString &assignmentId : path.assignmentIds) {
        const int edge = g.edgeOfAssignment(assignmentId);
        if (edge < 0)
            continue;
        highlight.edges.insert(edge);
        const int role = g.edges.at(edge).to;
        highlight.nodes.insert(role);
        for (int e : g.edgesOf(role)) {
            if (g.edges.at(e).kind == GraphEdge::Kind::RoleOf && g.edges.at(e).to == api)
                highlight.edges.insert(e);
        }
    }
    if (!path.isComplete() && principal >= 0) {
        int target = path.missingRoleId.isEmpty() ? -1 : g.roleNode(path.resourceId, path.missingRoleId);
        if (target < 0)
            target = api;
        if (target >= 0) {
            highlight.missingFrom = principal;
            highlight.missingTo = target;
            highlight.missingLabel = path.missingRoleValue.isEmpty()
                ? QStringLiteral("missing: app role assignment")
                : QStringLiteral("missing: %1 assignment").arg(path.missingRoleValue);
            highlight.nodes.insert(target);
        }
    }
    return highlight;
}

} // namespace idex::ui
