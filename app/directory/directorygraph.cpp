// The directory as a layered graph (about 560 lines): filters, nodes per layer, edges and the ordering that keeps
// chains straight, in one build pass over integer indexes; the passes share those index tables, so they stay
// together.
#include "directorygraph.h"

#include <algorithm>
#include <cmath>

namespace idex {

namespace {

QString lower(const QString &s)
{
    return foldedId(s);
}

QString roleKey(const QString &resourceId, const QString &roleId)
{
    return foldedId(resourceId) + u'|' + foldedId(roleId);
}

bool contains(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

bool spMatches(const ServicePrincipal &sp, const QString &f)
{
    return contains(sp.displayName, f) || contains(sp.id, f) || contains(sp.appId, f) || contains(sp.kindLabel(), f);
}

bool roleMatches(const AppRole &role, const QString &f)
{
    return contains(role.value, f) || contains(role.id, f) || contains(role.displayName, f);
}

bool appMatches(const Application &app, const QString &f)
{
    return contains(app.displayName, f) || contains(app.id, f) || contains(app.appId, f)
        || contains(QStringLiteral("App registration"), f);
}

// One client principal of the view: a service principal of the directory, or a user/group known only from the
// assignments it holds.
struct Principal
{
    QString id;
    QString name;
    QString type; ///< kind label
    GraphNode::Kind kind;
    double score = 1e18; ///< mean position of the roles it holds (its place in the client column); none: last
};

GraphNode::Kind kindOf(ServicePrincipal::ManagedIdentityKind kind)
{
    switch (kind) {
    case ServicePrincipal::ManagedIdentityKind::SystemAssigned: return GraphNode::Kind::SystemAssignedIdentity;
    case ServicePrincipal::ManagedIdentityKind::UserAssigned: return GraphNode::Kind::UserAssignedIdentity;
    case ServicePrincipal::ManagedIdentityKind::NotManaged: break;
    }
    return GraphNode::Kind::ClientApplication;
}

} // namespace

QString DirectoryGraph::kindName(GraphNode::Kind kind)
{
    switch (kind) {
    case GraphNode::Kind::SystemAssignedIdentity: return QStringLiteral("Managed identity (system-assigned)");
    case GraphNode::Kind::UserAssignedIdentity: return QStringLiteral("Managed identity (user-assigned)");
    case GraphNode::Kind::ClientApplication: return QStringLiteral("Application (client)");
    case GraphNode::Kind::User: return QStringLiteral("User");
    case GraphNode::Kind::Group: return QStringLiteral("Group");
    case GraphNode::Kind::AppRole: return QStringLiteral("App role");
    case GraphNode::Kind::ResourceApi: return QStringLiteral("API (resource service principal)");
    case GraphNode::Kind::Registration: return QStringLiteral("App registration");
    case GraphNode::Kind::Aggregate: return QStringLiteral("Collapsed group");
    }
    return {};
}

QString DirectoryGraph::layerTitle(int layer)
{
    switch (layer) {
    case 0: return QStringLiteral("Clients");
    case 1: return QStringLiteral("App roles");
    case 2: return QStringLiteral("APIs");
    case 3: return QStringLiteral("App registrations");
    }
    return {};
}

int DirectoryGraph::roleNode(const QString &resourceSpId, const QString &appRoleId) const
{
    return m_roleByKey.value(roleKey(resourceSpId, appRoleId), -1);
}

const QList<int> &DirectoryGraph::edgesOf(int node) const
{
    static const QList<int> none;
    return node >= 0 && node < m_adjacency.size() ? m_adjacency.at(node) : none;
}

DirectoryGraph DirectoryGraph::build(const Directory &directory, const GraphOptions &options)
{
    DirectoryGraph g;
    const QString filter = options.filter.trimmed();
    const QString focus = lower(options.focusObjectId.trimmed());
    const bool selecting = !filter.isEmpty() || !focus.isEmpty();

    // Resource APIs: service principals that define roles or receive assignments.
    QSet<QString> resources;
    for (const ServicePrincipal &sp : directory.servicePrincipals()) {
        if (!directory.rolesOf(sp).isEmpty())
            resources.insert(lower(sp.id));
    }
    for (const AppRoleAssignment &a : directory.assignments())
        resources.insert(lower(a.resourceId));

    // Does an object match the filter? Cached: 300,000 assignments name far fewer objects.
    QHash<QString, bool> matchCache;
    auto objectMatches = [&](const QString &id) {
        if (filter.isEmpty())
            return false;
        const QString k = lower(id);
        const auto it = matchCache.constFind(k);
        if (it != matchCache.cend())
            return *it;
        bool m = false;
        if (const ServicePrincipal *sp = directory.servicePrincipal(id))
            m = spMatches(*sp, filter);
        else
            m = contains(id, filter) || contains(directory.displayNameOf(id), filter);
        matchCache.insert(k, m);
        return m;
    };
    auto chainKept = [&](const AppRoleAssignment &a) {
        if (!focus.isEmpty()) {
            if (lower(a.principalId) != focus && lower(a.resourceId) != focus && lower(a.appRoleId) != focus) {
                const Application *app = directory.application(focus);
                const ServicePrincipal *sp = app ? directory.servicePrincipalByAppId(app->appId) : nullptr;
                if (!sp || lower(sp->id) != lower(a.resourceId))
                    return false;
            }
        }
        if (filter.isEmpty())
            return true;
        if (objectMatches(a.principalId) || contains(a.principalDisplayName, filter) || objectMatches(a.resourceId))
            return true;
        const auto role = directory.role(a.resourceId, a.appRoleId);
        return role ? roleMatches(*role, filter) : contains(a.appRoleId, filter);
    };

    QList<const AppRoleAssignment *> chains;
    chains.reserve(directory.assignments().size());
    for (const AppRoleAssignment &a : directory.assignments()) {
        if (chainKept(a))
            chains.append(&a);
        else
            ++g.hiddenByFilter;
    }

    // The lower-case keys of each kept chain, made once: 300,000 assignments would otherwise build each of them
    // several times over (string building and case folding were most of the layout's time).
    QList<QString> chainPrincipal;
    QList<QString> chainRole; // roleKey
    chainPrincipal.reserve(chains.size());
    chainRole.reserve(chains.size());
    for (const AppRoleAssignment *a : std::as_const(chains)) {
        chainPrincipal.append(lower(a->principalId));
        chainRole.append(roleKey(a->resourceId, a->appRoleId));
    }

    // Which APIs, roles, principals and registrations stay.
    QSet<QString> keptApis;
    QSet<QString> keptRoles; // roleKey
    QSet<QString> keptPrincipals;
    for (qsizetype i = 0; i < chains.size(); ++i) {
        keptApis.insert(lower(chains.at(i)->resourceId));
        keptRoles.insert(chainRole.at(i));
        keptPrincipals.insert(chainPrincipal.at(i));
    }
    auto standaloneKept = [&](bool matches, const QString &id) {
        if (!focus.isEmpty())
            return lower(id) == focus;
        return !selecting || matches;
    };
    for (const QString &rid : std::as_const(resources)) {
        const ServicePrincipal *sp = directory.servicePrincipal(rid);
        const bool apiMatch = sp ? spMatches(*sp, filter) : contains(rid, filter);
        if (standaloneKept(apiMatch, rid) || (!focus.isEmpty() && keptApis.contains(rid)))
            keptApis.insert(rid);
        if (!sp)
            continue;
        for (const AppRole &role : directory.rolesOf(*sp)) {
            const bool keepAll = !selecting || (apiMatch && focus.isEmpty()) || (!focus.isEmpty() && rid == focus);
            if (keepAll || standaloneKept(roleMatches(role, filter), role.id)) {
                keptRoles.insert(roleKey(sp->id, role.id));
                keptApis.insert(rid);
            }
        }
    }
    for (const ServicePrincipal &sp : directory.servicePrincipals()) {
        if (sp.isManagedIdentity() && standaloneKept(spMatches(sp, filter), sp.id))
            keptPrincipals.insert(lower(sp.id));
    }

    // --- nodes -------------------------------------------------------------------------------------------------
    auto addNode = [&g](GraphNode node) {
        g.nodes.append(std::move(node));
        return int(g.nodes.size() - 1);
    };

    // APIs, by name.
    struct Api
    {
        QString id;
        QString name;
        const ServicePrincipal *sp;
    };
    QList<Api> apis;
    for (const QString &rid : std::as_const(keptApis)) {
        const ServicePrincipal *sp = directory.servicePrincipal(rid);
        QString name = sp ? sp->displayName : QString();
        if (name.isEmpty()) {
            for (const AppRoleAssignment *a : directory.assignmentsOn(rid)) {
                name = a->resourceDisplayName;
                break;
            }
        }
        apis.append(Api { sp ? sp->id : rid, name.isEmpty() ? rid : name, sp });
    }
    std::sort(apis.begin(), apis.end(), [](const Api &a, const Api &b) {
        const int c = a.name.compare(b.name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.id < b.id;
    });

    // Layer order lists, by group.
    QList<QList<int>> layerGroups[4];
    QHash<int, int> groupSlot; // group index -> position in layerGroups[layer]
    auto newGroup = [&g, &layerGroups, &groupSlot](int layer, const QString &key, const QString &title) {
        GraphGroup group;
        group.key = key;
        group.title = title;
        group.layer = layer;
        g.groups.append(group);
        groupSlot.insert(int(g.groups.size() - 1), int(layerGroups[layer].size()));
        layerGroups[layer].append(QList<int>());
        return int(g.groups.size() - 1);
    };
    auto addToGroup = [&](int group, int node) {
        g.nodes[node].group = group;
        layerGroups[g.groups.at(group).layer][groupSlot.value(group)].append(node);
    };

    const int apiGroup = newGroup(2, QStringLiteral("apis"), QStringLiteral("APIs"));
    const int roleGroup = newGroup(1, QStringLiteral("roles"), QStringLiteral("App roles"));
    QHash<QString, int> apiNode;
    for (const Api &api : std::as_const(apis)) {
        GraphNode n;
        n.kind = GraphNode::Kind::ResourceApi;
        n.layer = 2;
        n.objectId = api.id;
        n.label = api.name;
        n.sublabel = api.sp
            ? (api.sp->appRoleAssignmentRequired ? QStringLiteral("assignment required") : api.sp->kindLabel())
            : QStringLiteral("not in this directory");
        const int idx = addNode(n);
        addToGroup(apiGroup, idx);
        apiNode.insert(lower(api.id), idx);
    }

    // Roles, in API order; roles that assignments name but no API defines still get a node (a broken reference).
    QSet<QString> definedRoles; // roleKey of every role the kept APIs define
    for (const Api &api : std::as_const(apis)) {
        if (api.sp) {
            for (const AppRole &role : directory.rolesOf(*api.sp))
                definedRoles.insert(roleKey(api.sp->id, role.id));
        }
    }
    QHash<QString, QList<QString>> extraRoles; // api -> role ids seen only in assignments
    QSet<QString> extraSeen;
    for (qsizetype i = 0; i < chains.size(); ++i) {
        const QString &k = chainRole.at(i);
        if (!definedRoles.contains(k) && !extraSeen.contains(k)) {
            extraSeen.insert(k);
            extraRoles[lower(chains.at(i)->resourceId)].append(chains.at(i)->appRoleId);
        }
    }
    for (const Api &api : std::as_const(apis)) {
        QList<AppRole> roles = api.sp ? directory.rolesOf(*api.sp) : QList<AppRole>();
        std::sort(roles.begin(), roles.end(), [](const AppRole &a, const AppRole &b) { return a.value < b.value; });
        for (const QString &rid : extraRoles.value(lower(api.id))) {
            if (std::none_of(roles.cbegin(), roles.cend(),
                    [&rid](const AppRole &r) { return r.id.compare(rid, Qt::CaseInsensitive) == 0; })) {
                AppRole unknown;
                unknown.id = rid;
                unknown.value = rid == Directory::defaultAccessRoleId() ? QStringLiteral("(default access)")
                                                                        : QStringLiteral("(unknown role)");
                roles.append(unknown);
            }
        }
        for (const AppRole &role : std::as_const(roles)) {
            const QString k = roleKey(api.id, role.id);
            if (!keptRoles.contains(k) || g.m_roleByKey.contains(k))
                continue;
            GraphNode n;
            n.kind = GraphNode::Kind::AppRole;
            n.layer = 1;
            n.objectId = role.id;
            n.resourceId = api.id;
            n.label = role.value;
            QStringList members = role.allowedMemberTypes;
            n.sublabel
                = api.name + QStringLiteral(" · ") + (members.isEmpty() ? QStringLiteral("?") : members.join(u'+'));
            n.disabled = !role.isEnabled;
            const int idx = addNode(n);
            addToGroup(roleGroup, idx);
            g.m_roleByKey.insert(k, idx);
        }
    }

    // Clients: one group per kind, ordered by the mean position of the roles they hold (fewer crossings).
    QHash<QString, Principal> principals;
    for (const QString &pid : std::as_const(keptPrincipals)) {
        if (const ServicePrincipal *sp = directory.servicePrincipal(pid)) {
            const ServicePrincipal::ManagedIdentityKind kind = sp->managedIdentityKind();
            principals.insert(pid, Principal { sp->id, sp->displayName, sp->kindLabel(kind), kindOf(kind) });
            continue;
        }
        QString name;
        QString type;
        for (const AppRoleAssignment *a : directory.assignmentsHeldBy(pid)) {
            name = a->principalDisplayName;
            type = a->principalType;
            break;
        }
        const GraphNode::Kind kind = type == QLatin1String("User") ? GraphNode::Kind::User
            : type == QLatin1String("Group")                       ? GraphNode::Kind::Group
                                                                   : GraphNode::Kind::ClientApplication;
        principals.insert(pid,
            Principal {
                pid, name.isEmpty() ? pid : name, type.isEmpty() ? QStringLiteral("Unknown principal") : type, kind });
    }
    QList<int> chainRoleNode; // the role node of each chain, -1 when not shown
    chainRoleNode.reserve(chains.size());
    for (const QString &k : std::as_const(chainRole))
        chainRoleNode.append(g.m_roleByKey.value(k, -1));
    {
        QHash<QString, std::pair<double, int>> sums;
        for (qsizetype i = 0; i < chains.size(); ++i) {
            auto &s = sums[chainPrincipal.at(i)];
            s.first += std::max(0, chainRoleNode.at(i));
            s.second += 1;
        }
        for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
            const auto p = principals.find(it.key());
            if (p != principals.end())
                p->score = it->first / it->second;
        }
    }
    const GraphNode::Kind clientKinds[]
        = { GraphNode::Kind::SystemAssignedIdentity, GraphNode::Kind::UserAssignedIdentity,
              GraphNode::Kind::ClientApplication, GraphNode::Kind::User, GraphNode::Kind::Group };
    const char *clientKeys[] = { "clients/system", "clients/user", "clients/apps", "clients/users", "clients/groups" };
    const QString clientTitles[] = { QStringLiteral("Managed identities (system-assigned)"),
        QStringLiteral("Managed identities (user-assigned)"), QStringLiteral("Applications"), QStringLiteral("Users"),
        QStringLiteral("Groups") };
    QHash<QString, int> clientNode;
    QHash<int, int> aggregateOfGroup;
    for (int k = 0; k < 5; ++k) {
        QList<const Principal *> members;
        for (auto it = principals.cbegin(); it != principals.cend(); ++it) {
            if (it->kind == clientKinds[k])
                members.append(&*it);
        }
        if (members.isEmpty())
            continue;
        std::sort(members.begin(), members.end(), [](const Principal *a, const Principal *b) {
            if (a->score != b->score)
                return a->score < b->score;
            const int c = a->name.compare(b->name, Qt::CaseInsensitive);
            return c != 0 ? c < 0 : a->id < b->id;
        });
        const QString key = QLatin1String(clientKeys[k]);
        const int group = newGroup(0, key, clientTitles[k]);
        g.groups[group].nodeCount = int(members.size());
        const bool collapse = options.collapseThreshold > 0 && members.size() > options.collapseThreshold
            && !options.expandedGroups.contains(key);
        if (collapse) {
            g.groups[group].collapsed = true;
            GraphNode n;
            n.kind = GraphNode::Kind::Aggregate;
            n.layer = 0;
            n.objectId = key;
            n.label = clientTitles[k];
            n.sublabel = QStringLiteral("%L1 collapsed · double-click to expand").arg(members.size());
            n.aggregateCount = int(members.size());
            const int idx = addNode(n);
            addToGroup(group, idx);
            for (const Principal *p : std::as_const(members))
                clientNode.insert(lower(p->id), idx);
            aggregateOfGroup.insert(group, idx);
            continue;
        }
        for (const Principal *p : std::as_const(members)) {
            GraphNode n;
            n.kind = p->kind;
            n.layer = 0;
            n.objectId = p->id;
            n.label = p->name;
            n.sublabel = p->type;
            const int idx = addNode(n);
            addToGroup(group, idx);
            clientNode.insert(lower(p->id), idx);
        }
    }

    // Registrations: those of the APIs and clients shown, in API order first.
    const int regGroup = newGroup(3, QStringLiteral("registrations"), QStringLiteral("App registrations"));
    QHash<QString, int> regNode;
    auto addRegistration = [&](const Application &app) {
        if (regNode.contains(lower(app.id)))
            return;
        GraphNode n;
        n.kind = GraphNode::Kind::Registration;
        n.layer = 3;
        n.objectId = app.id;
        n.label = app.displayName;
        n.sublabel
            = QStringLiteral("v%1 tokens%2")
                  .arg(app.effectiveTokenVersion())
                  .arg(app.identifierUris.isEmpty() ? QString() : QStringLiteral(" · ") + app.identifierUris.first());
        const int idx = addNode(n);
        addToGroup(regGroup, idx);
        regNode.insert(lower(app.id), idx);
    };
    for (const Api &api : std::as_const(apis)) {
        if (api.sp) {
            if (const Application *app = directory.applicationByAppId(api.sp->appId))
                addRegistration(*app);
        }
    }
    for (const Application &app : directory.applications()) {
        const ServicePrincipal *sp = directory.servicePrincipalByAppId(app.appId);
        const bool linked = sp && (clientNode.contains(lower(sp->id)) || apiNode.contains(lower(sp->id)));
        if (linked || standaloneKept(appMatches(app, filter), app.id))
            addRegistration(app);
    }

    // --- edges -------------------------------------------------------------------------------------------------
    auto addEdge = [&g](GraphEdge::Kind kind, int from, int to, const QString &assignmentId, int weight) {
        GraphEdge e;
        e.kind = kind;
        e.from = from;
        e.to = to;
        e.assignmentId = assignmentId;
        e.weight = weight;
        g.edges.append(e);
        return int(g.edges.size() - 1);
    };
    QHash<quint64, int> aggregateEdges;
    for (qsizetype i = 0; i < chains.size(); ++i) {
        const AppRoleAssignment *a = chains.at(i);
        const int from = clientNode.value(chainPrincipal.at(i), -1);
        const int to = chainRoleNode.at(i);
        if (from < 0 || to < 0)
            continue;
        if (g.nodes.at(from).kind == GraphNode::Kind::Aggregate) {
            const quint64 k = (quint64(from) << 32) | quint64(to);
            const auto it = aggregateEdges.constFind(k);
            if (it != aggregateEdges.cend())
                g.edges[*it].weight += 1;
            else
                aggregateEdges.insert(k, addEdge(GraphEdge::Kind::HoldsRole, from, to, {}, 1));
            continue;
        }
        g.m_byAssignment.insert(a->id, addEdge(GraphEdge::Kind::HoldsRole, from, to, a->id, 1));
    }
    for (int i = 0; i < g.nodes.size(); ++i) {
        const GraphNode &n = g.nodes.at(i);
        if (n.kind == GraphNode::Kind::AppRole) {
            const int api = apiNode.value(lower(n.resourceId), -1);
            if (api >= 0)
                addEdge(GraphEdge::Kind::RoleOf, i, api, {}, 1);
        }
    }
    for (auto it = regNode.cbegin(); it != regNode.cend(); ++it) {
        const Application *app = directory.application(it.key());
        const ServicePrincipal *sp = app ? directory.servicePrincipalByAppId(app->appId) : nullptr;
        if (!sp)
            continue;
        int from = apiNode.value(lower(sp->id), -1);
        if (from < 0)
            from = clientNode.value(lower(sp->id), -1);
        if (from >= 0 && g.nodes.at(from).kind != GraphNode::Kind::Aggregate)
            addEdge(GraphEdge::Kind::Registration, from, *it, {}, 1);
    }

    // --- positions: each group is a grid block, blocks stacked per layer, layers side by side -------------------
    const qreal cellW = nodeWidth + columnGap;
    const qreal cellH = nodeHeight + rowGap;
    qreal layerWidth[4] = { 0, 0, 0, 0 };
    qreal layerHeight[4] = { 0, 0, 0, 0 };
    for (int layer = 0; layer < 4; ++layer) {
        qreal y = 0;
        for (int slot = 0; slot < layerGroups[layer].size(); ++slot) {
            const QList<int> &members = layerGroups[layer].at(slot);
            const qsizetype n = members.size();
            if (n == 0)
                continue;
            // Up to 60 rows a group is one readable column; beyond, a block about as wide as it is tall.
            const qsizetype rows
                = n <= 60 ? n : std::max<qsizetype>(60, qsizetype(std::ceil(std::sqrt(double(n) * cellW / cellH))));
            const qsizetype cols = rows == 0 ? 0 : (n + rows - 1) / rows;
            qreal groupTop = y + groupGap * 0.5;
            for (qsizetype i = 0; i < n; ++i) {
                GraphNode &node = g.nodes[members.at(i)];
                const qsizetype col = i / rows;
                const qsizetype row = i % rows;
                const qreal h = node.kind == GraphNode::Kind::Aggregate ? nodeHeight * 2 : nodeHeight;
                node.rect = QRectF(col * cellW, groupTop + row * cellH, nodeWidth, h);
            }
            const qreal blockH = rows * cellH
                + (n == 1 && g.nodes.at(members.first()).kind == GraphNode::Kind::Aggregate ? nodeHeight : 0);
            const int group = g.nodes.at(members.first()).group;
            if (group >= 0) {
                g.groups[group].rect = QRectF(0, groupTop, cols * cellW - columnGap, blockH - rowGap);
                if (g.groups[group].nodeCount == 0)
                    g.groups[group].nodeCount = int(n);
            }
            y = groupTop + blockH + groupGap * 0.5;
            layerWidth[layer] = std::max(layerWidth[layer], cols * cellW - columnGap);
        }
        layerHeight[layer] = y;
    }
    const qreal tallest = *std::max_element(layerHeight, layerHeight + 4);
    qreal x = 0;
    qreal layerX[4];
    for (int layer = 0; layer < 4; ++layer) {
        layerX[layer] = x;
        x += std::max(layerWidth[layer], nodeWidth) + layerGap;
    }
    for (GraphNode &node : g.nodes) {
        const qreal dy = (tallest - layerHeight[node.layer]) / 2;
        node.rect.translate(layerX[node.layer], dy);
    }
    for (GraphGroup &group : g.groups) {
        if (group.rect.isNull() && group.nodeCount == 0)
            continue;
        group.rect.translate(layerX[group.layer], (tallest - layerHeight[group.layer]) / 2);
    }
    g.bounds = QRectF(0, 0, std::max<qreal>(x - layerGap, nodeWidth), std::max<qreal>(tallest, nodeHeight));

    g.m_adjacency.resize(g.nodes.size());
    for (int e = 0; e < g.edges.size(); ++e) {
        g.m_adjacency[g.edges.at(e).from].append(e);
        g.m_adjacency[g.edges.at(e).to].append(e);
    }
    for (int i = 0; i < g.nodes.size(); ++i)
        g.m_byObject[lower(g.nodes.at(i).objectId)].append(i);
    return g;
}

} // namespace idex
