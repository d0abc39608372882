// The directory as a layered graph (about 900 lines, one class): filters, nodes per layer, edges and the ordering
// that keeps chains straight. One builder: every object id is turned into an integer once, at the start (an address
// cache makes that one integer lookup per string the snapshot reader shared); then every pass works on the same
// integer arrays (objects, role keys, chains), which is why the passes stay together rather than in files that would
// each need the whole table set. Results are those of the string-keyed layout before it (test_layoutgolden pins
// them).
#include "directorygraph.h"

#include <QStringMatcher>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

namespace idex {

namespace {

QString roleKey(const QString &resourceId, const QString &roleId)
{
    return foldedId(resourceId) + u'|' + foldedId(roleId);
}

quint64 pairKey(int a, int b)
{
    return (quint64(quint32(a)) << 32) | quint64(quint32(b));
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

/*! Case-folded ids to dense integers. Strings the snapshot reader shared (one buffer for every assignment naming an
    object) are found by their buffer first, in a small open-addressing table keyed by address, before any string is
    hashed or folded; an id already in lower case (GUIDs nearly always are) is then looked up as it is, without
    folding it. */
class IdTable
{
public:
    int intern(const QString &raw)
    {
        const Slot *cached = slotOf(raw);
        if (cached->buffer == raw.constData() && cached->size == raw.size())
            return cached->id;
        // A key equal to the raw text is that text folded already: fold only what is not found as it is.
        auto it = m_byId.find(raw);
        if (it == m_byId.end()) {
            const QString folded = foldedId(raw);
            it = m_byId.find(folded);
            if (it == m_byId.end()) {
                it = m_byId.insert(folded, int(m_ids.size()));
                m_ids.append(folded);
            }
        }
        remember(raw, *it);
        return *it;
    }
    /*! The integer of an id already folded, or -2 (never an index, never -1). */
    int find(const QString &folded) const { return m_byId.value(folded, -2); }
    const QString &folded(int id) const { return m_ids.at(id); }
    int size() const { return int(m_ids.size()); }
    void reserve(qsizetype n)
    {
        m_byId.reserve(n);
        m_ids.reserve(n);
        m_slots.assign(std::bit_ceil(size_t(n) * 2 + 16), Slot());
        m_mask = m_slots.size() - 1;
    }

private:
    // The buffer is Directory's, unchanged while the graph is built: the same buffer and length, the same text.
    struct Slot
    {
        const QChar *buffer = nullptr;
        qsizetype size = -1;
        int id = -1;
    };
    Slot *slotOf(const QString &s)
    {
        if (m_slots.empty())
            reserve(64);
        // One slot per address (a later string takes the slot of an earlier one that collides: a cache, not a map).
        const quintptr a = quintptr(s.constData()) >> 3;
        return &m_slots[size_t((a * 0x9E3779B97F4A7C15ull) >> 20) & m_mask];
    }
    void remember(const QString &s, int id)
    {
        Slot *slot = slotOf(s);
        *slot = Slot { s.constData(), s.size(), id };
    }

    QHash<QString, int> m_byId;
    QList<QString> m_ids;
    std::vector<Slot> m_slots;
    size_t m_mask = 0;
};

} // namespace

/*! One build of a DirectoryGraph: the index tables, then one pass per step. */
class DirectoryGraphBuilder
{
public:
    DirectoryGraphBuilder(const Directory &directory, const GraphOptions &options)
        : d(directory)
        , options(options)
        , filter(options.filter.trimmed())
        , focus(foldedId(options.focusObjectId.trimmed()))
        , selecting(!filter.isEmpty() || !focus.isEmpty())
        , matcher(filter, Qt::CaseInsensitive)
    { }

    DirectoryGraph run()
    {
        indexObjects();
        selectChains();
        keepStandalone();
        addApis();
        addRoles();
        addClients();
        addRegistrations();
        addEdges();
        place();
        indexNodes();
        return std::move(g);
    }

private:
    // --- matching the filter (only asked when there is one) -----------------------------------------------------
    bool has(const QString &s) const { return matcher.indexIn(s) >= 0; }
    bool spMatches(const ServicePrincipal &sp, ServicePrincipal::ManagedIdentityKind kind) const
    {
        return has(sp.displayName) || has(sp.id) || has(sp.appId) || has(sp.kindLabel(kind));
    }
    bool roleMatches(const AppRole &role) const { return has(role.value) || has(role.id) || has(role.displayName); }
    bool appMatches(const Application &app) const
    {
        return has(app.displayName) || has(app.id) || has(app.appId) || has(QStringLiteral("App registration"));
    }
    ServicePrincipal::ManagedIdentityKind kindOfObject(int o)
    {
        if (objKind[o] < 0)
            objKind[o] = qint8(objSp[o]->managedIdentityKind());
        return ServicePrincipal::ManagedIdentityKind(objKind[o]);
    }
    /*! The object's (canonical) service principal matches; cached, 300,000 assignments name far fewer objects. */
    bool spObjectMatches(int o)
    {
        if (objSpMatch[o] < 0)
            objSpMatch[o] = spMatches(*objSp[o], kindOfObject(o)) ? 1 : 0;
        return objSpMatch[o] == 1;
    }
    bool objectMatches(int o)
    {
        if (objSp[o])
            return spObjectMatches(o);
        if (objOtherMatch[o] < 0) {
            const QString &id = ids.folded(o);
            objOtherMatch[o] = has(id) || has(d.displayNameOf(id)) ? 1 : 0;
        }
        return objOtherMatch[o] == 1;
    }
    bool standaloneKept(bool matches, int object) const
    {
        if (!focus.isEmpty())
            return object == focusObject;
        return !selecting || matches;
    }
    const QList<AppRole> &rolesOfObject(int o)
    {
        if (!objRolesRead[o]) {
            objRolesRead[o] = true;
            if (objSp[o])
                objRoles[o] = d.rolesOf(*objSp[o]);
        }
        return objRoles[o];
    }

    // --- role keys: (resource object, folded role id) -----------------------------------------------------------
    int roleKeyOf(int resource, int roleId)
    {
        const quint64 k = pairKey(resource, roleId);
        auto it = roleKeys.find(k);
        if (it == roleKeys.end()) {
            it = roleKeys.insert(k, int(keyResource.size()));
            keyResource.push_back(resource);
            keyRoleId.push_back(roleId);
            keyKept.push_back(false);
            keyDefined.push_back(false);
            keyMatch.push_back(-1);
            keyNode.push_back(-1);
        }
        return *it;
    }
    /*! Directory::role's answer for a chain's role matches the filter (else the role id itself does). */
    bool chainRoleMatches(int key, const AppRoleAssignment &a)
    {
        if (keyMatch[key] < 0) {
            bool m = false;
            bool found = false;
            if (objSp[keyResource[key]]) {
                for (const AppRole &r : rolesOfObject(keyResource[key])) {
                    if (r.id.compare(a.appRoleId, Qt::CaseInsensitive) == 0) {
                        m = roleMatches(r);
                        found = true;
                        break;
                    }
                }
            }
            keyMatch[key] = (found ? m : has(a.appRoleId)) ? 1 : 0;
        }
        return keyMatch[key] == 1;
    }

    void grow(int objects)
    {
        objSp.resize(objects, nullptr);
        objKind.resize(objects, -1);
        objSpMatch.resize(objects, -1);
        objOtherMatch.resize(objects, -1);
        objFirstHeld.resize(objects, -1);
        objFirstOn.resize(objects, -1);
        objResource.resize(objects, false);
        objKeptApi.resize(objects, false);
        objKeptPrincipal.resize(objects, false);
        objRolesRead.resize(objects, false);
        objRoles.resize(objects);
        objApiNode.resize(objects, -1);
        objClientNode.resize(objects, -1);
    }

    // Every service principal and every id an assignment names, as integers.
    void indexObjects()
    {
        const QList<ServicePrincipal> &sps = d.servicePrincipals();
        const QList<AppRoleAssignment> &as = d.assignments();
        ids.reserve(sps.size() + 1024);
        roleIds.reserve(sps.size() / 4 + 64);
        spObject.reserve(size_t(sps.size()));
        grow(int(sps.size()));
        std::vector<int> twice; // objects named by more than one service principal
        for (const ServicePrincipal &sp : sps) {
            const int o = ids.intern(sp.id);
            spObject.push_back(o);
            if (objSp[size_t(o)])
                twice.push_back(o);
            objSp[size_t(o)] = &sp;
        }
        for (const int o : twice)
            objSp[size_t(o)] = d.servicePrincipal(ids.folded(o)); // the one Directory's lookups answer
        for (size_t i = 0; i < spObject.size(); ++i) {
            if (!d.rolesOf(sps.at(qsizetype(i))).isEmpty())
                objResource[size_t(spObject[i])] = true;
        }
        chainPrincipal.resize(size_t(as.size()));
        chainResource.resize(size_t(as.size()));
        chainRoleId.resize(size_t(as.size()));
        for (qsizetype i = 0; i < as.size(); ++i) {
            const AppRoleAssignment &a = as.at(i);
            const int p = ids.intern(a.principalId);
            const int r = ids.intern(a.resourceId);
            if (ids.size() > int(objSp.size()))
                grow(std::max(ids.size(), int(objSp.size() * 3 / 2)));
            chainPrincipal[size_t(i)] = p;
            chainResource[size_t(i)] = r;
            chainRoleId[size_t(i)] = roleIds.intern(a.appRoleId);
            if (objFirstHeld[size_t(p)] < 0)
                objFirstHeld[size_t(p)] = int(i);
            if (objFirstOn[size_t(r)] < 0)
                objFirstOn[size_t(r)] = int(i);
            objResource[size_t(r)] = true;
        }
        grow(ids.size());
        focusObject = focus.isEmpty() ? -2 : ids.find(focus);
        focusRoleId = focus.isEmpty() ? -2 : roleIds.find(focus);
        if (!focus.isEmpty()) {
            // Focus on a registration: the chains on its service principal.
            const Application *app = d.application(focus);
            const ServicePrincipal *sp = app ? d.servicePrincipalByAppId(app->appId) : nullptr;
            focusAppSp = sp ? ids.find(foldedId(sp->id)) : -2;
        }
    }

    // The assignments (holds-role chains) the filter and focus keep.
    void selectChains()
    {
        const QList<AppRoleAssignment> &as = d.assignments();
        chains.reserve(size_t(as.size()));
        for (qsizetype i = 0; i < as.size(); ++i) {
            const size_t c = size_t(i);
            const int p = chainPrincipal[c], r = chainResource[c];
            bool kept = true;
            if (!focus.isEmpty() && p != focusObject && r != focusObject && chainRoleId[c] != focusRoleId
                && (focusAppSp < 0 || focusAppSp != r))
                kept = false;
            int key = -1;
            if (kept && !filter.isEmpty()) {
                const AppRoleAssignment &a = as.at(i);
                if (!objectMatches(p) && !has(a.principalDisplayName) && !objectMatches(r)) {
                    key = roleKeyOf(r, chainRoleId[c]);
                    kept = chainRoleMatches(key, a);
                }
            }
            if (!kept) {
                ++g.hiddenByFilter;
                continue;
            }
            if (key < 0)
                key = roleKeyOf(r, chainRoleId[c]);
            chains.push_back(int(i));
            chainKey.push_back(key);
            keyKept[size_t(key)] = true;
            objKeptApi[size_t(r)] = true;
            objKeptPrincipal[size_t(p)] = true;
        }
    }

    // APIs and roles kept on their own (a search matching them, a focus on them), and the managed identities.
    void keepStandalone()
    {
        for (int r = 0; r < ids.size(); ++r) {
            if (!objResource[size_t(r)])
                continue;
            const ServicePrincipal *sp = objSp[size_t(r)];
            const bool apiMatch = !filter.isEmpty() && (sp ? spObjectMatches(r) : has(ids.folded(r)));
            if (standaloneKept(apiMatch, r))
                objKeptApi[size_t(r)] = true;
            if (!sp)
                continue;
            const bool keepAll = !selecting || (apiMatch && focus.isEmpty()) || (!focus.isEmpty() && r == focusObject);
            for (const AppRole &role : rolesOfObject(r)) {
                bool kept = keepAll;
                if (!kept && !focus.isEmpty())
                    kept = foldedId(role.id) == focus;
                else if (!kept)
                    kept = !filter.isEmpty() && roleMatches(role);
                if (kept) {
                    keyKept[size_t(roleKeyOf(r, roleIds.intern(role.id)))] = true;
                    objKeptApi[size_t(r)] = true;
                }
            }
        }
        const QList<ServicePrincipal> &sps = d.servicePrincipals();
        for (size_t i = 0; i < spObject.size(); ++i) {
            const ServicePrincipal &sp = sps.at(qsizetype(i));
            if (!sp.isManagedIdentity())
                continue;
            const int o = spObject[i];
            bool matches = false;
            if (!filter.isEmpty())
                matches = &sp == objSp[size_t(o)] ? spObjectMatches(o) : spMatches(sp, sp.managedIdentityKind());
            if (standaloneKept(matches, o))
                objKeptPrincipal[size_t(o)] = true;
        }
    }

    // --- nodes --------------------------------------------------------------------------------------------------
    int addNode(GraphNode node)
    {
        g.nodes.append(std::move(node));
        return int(g.nodes.size() - 1);
    }
    int newGroup(int layer, const QString &key, const QString &title)
    {
        GraphGroup group;
        group.key = key;
        group.title = title;
        group.layer = layer;
        g.groups.append(group);
        groupSlot.append(int(layerGroups[layer].size()));
        layerGroups[layer].append(QList<int>());
        return int(g.groups.size() - 1);
    }
    void addToGroup(int group, int node)
    {
        g.nodes[node].group = group;
        layerGroups[g.groups.at(group).layer][groupSlot.at(group)].append(node);
    }

    struct Api
    {
        QString id;
        QString name;
        const ServicePrincipal *sp;
        int object;
    };

    // APIs, by name.
    void addApis()
    {
        const QList<AppRoleAssignment> &as = d.assignments();
        for (int r = 0; r < ids.size(); ++r) {
            if (!objKeptApi[size_t(r)])
                continue;
            const ServicePrincipal *sp = objSp[size_t(r)];
            QString name = sp ? sp->displayName : QString();
            if (name.isEmpty() && objFirstOn[size_t(r)] >= 0)
                name = as.at(objFirstOn[size_t(r)]).resourceDisplayName;
            const QString &rid = ids.folded(r);
            apis.append(Api { sp ? sp->id : rid, name.isEmpty() ? rid : name, sp, r });
        }
        std::sort(apis.begin(), apis.end(), [](const Api &a, const Api &b) {
            const int c = a.name.compare(b.name, Qt::CaseInsensitive);
            return c != 0 ? c < 0 : a.id < b.id;
        });
        const int apiGroup = newGroup(2, QStringLiteral("apis"), QStringLiteral("APIs"));
        for (const Api &api : std::as_const(apis)) {
            GraphNode n;
            n.kind = GraphNode::Kind::ResourceApi;
            n.layer = 2;
            n.objectId = api.id;
            n.label = api.name;
            n.sublabel = api.sp ? (api.sp->appRoleAssignmentRequired ? QStringLiteral("assignment required")
                                                                     : api.sp->kindLabel(kindOfObject(api.object)))
                                : QStringLiteral("not in this directory");
            const int idx = addNode(std::move(n));
            addToGroup(apiGroup, idx);
            objApiNode[size_t(api.object)] = idx;
        }
    }

    // Roles, in API order; roles that assignments name but no API defines still get a node (a broken reference).
    void addRoles()
    {
        const int roleGroup = newGroup(1, QStringLiteral("roles"), QStringLiteral("App roles"));
        for (const Api &api : std::as_const(apis)) {
            if (api.sp) {
                for (const AppRole &role : rolesOfObject(api.object))
                    keyDefined[size_t(roleKeyOf(api.object, roleIds.intern(role.id)))] = true;
            }
        }
        QHash<int, QStringList> extraRoles; // API object -> role ids seen only in assignments, first-seen order
        std::vector<bool> extraSeen(keyResource.size(), false);
        const QList<AppRoleAssignment> &as = d.assignments();
        for (size_t i = 0; i < chains.size(); ++i) {
            const int k = chainKey[i];
            if (!keyDefined[size_t(k)] && !extraSeen[size_t(k)]) {
                extraSeen[size_t(k)] = true;
                extraRoles[keyResource[size_t(k)]].append(as.at(chains[i]).appRoleId);
            }
        }
        for (const Api &api : std::as_const(apis)) {
            QList<AppRole> roles = api.sp ? rolesOfObject(api.object) : QList<AppRole>();
            std::sort(roles.begin(), roles.end(), [](const AppRole &a, const AppRole &b) { return a.value < b.value; });
            for (const QString &rid : extraRoles.value(api.object)) {
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
                const int k = roleKeyOf(api.object, roleIds.intern(role.id));
                if (!keyKept[size_t(k)] || keyNode[size_t(k)] >= 0)
                    continue;
                GraphNode n;
                n.kind = GraphNode::Kind::AppRole;
                n.layer = 1;
                n.objectId = role.id;
                n.resourceId = api.id;
                n.label = role.value;
                const QStringList &members = role.allowedMemberTypes;
                n.sublabel
                    = api.name + QStringLiteral(" · ") + (members.isEmpty() ? QStringLiteral("?") : members.join(u'+'));
                n.disabled = !role.isEnabled;
                const int idx = addNode(std::move(n));
                addToGroup(roleGroup, idx);
                keyNode[size_t(k)] = idx;
                g.m_roleByKey.insert(roleKey(api.id, role.id), idx);
                roleOf.emplace_back(idx, objApiNode[size_t(api.object)]);
            }
        }
    }

    // Clients: one group per kind, ordered by the mean position of the roles they hold (fewer crossings).
    void addClients()
    {
        const QList<AppRoleAssignment> &as = d.assignments();
        std::vector<Principal> principals;
        std::vector<int> principalOf(size_t(ids.size()), -1);
        for (int p = 0; p < ids.size(); ++p) {
            if (!objKeptPrincipal[size_t(p)])
                continue;
            principalOf[size_t(p)] = int(principals.size());
            if (const ServicePrincipal *sp = objSp[size_t(p)]) {
                const ServicePrincipal::ManagedIdentityKind kind = kindOfObject(p);
                principals.push_back(Principal { sp->id, sp->displayName, sp->kindLabel(kind), kindOf(kind) });
                continue;
            }
            QString name;
            QString type;
            if (objFirstHeld[size_t(p)] >= 0) {
                const AppRoleAssignment &a = as.at(objFirstHeld[size_t(p)]);
                name = a.principalDisplayName;
                type = a.principalType;
            }
            const GraphNode::Kind kind = type == QLatin1String("User") ? GraphNode::Kind::User
                : type == QLatin1String("Group")                       ? GraphNode::Kind::Group
                                                                       : GraphNode::Kind::ClientApplication;
            const QString &pid = ids.folded(p);
            principals.push_back(Principal {
                pid, name.isEmpty() ? pid : name, type.isEmpty() ? QStringLiteral("Unknown principal") : type, kind });
        }
        chainRoleNode.reserve(chains.size());
        for (const int k : chainKey)
            chainRoleNode.push_back(keyNode[size_t(k)]);
        {
            std::vector<std::pair<double, int>> sums(principals.size(), { 0.0, 0 });
            for (size_t i = 0; i < chains.size(); ++i) {
                auto &s = sums[size_t(principalOf[size_t(chainPrincipal[size_t(chains[i])])])];
                s.first += std::max(0, chainRoleNode[i]);
                s.second += 1;
            }
            for (size_t i = 0; i < principals.size(); ++i) {
                if (sums[i].second > 0)
                    principals[i].score = sums[i].first / sums[i].second;
            }
        }
        const GraphNode::Kind clientKinds[]
            = { GraphNode::Kind::SystemAssignedIdentity, GraphNode::Kind::UserAssignedIdentity,
                  GraphNode::Kind::ClientApplication, GraphNode::Kind::User, GraphNode::Kind::Group };
        const char *clientKeys[]
            = { "clients/system", "clients/user", "clients/apps", "clients/users", "clients/groups" };
        const QString clientTitles[] = { QStringLiteral("Managed identities (system-assigned)"),
            QStringLiteral("Managed identities (user-assigned)"), QStringLiteral("Applications"),
            QStringLiteral("Users"), QStringLiteral("Groups") };
        std::vector<int> clientObject(principals.size(), -1); // principal -> its object
        for (int p = 0; p < ids.size(); ++p) {
            if (principalOf[size_t(p)] >= 0)
                clientObject[size_t(principalOf[size_t(p)])] = p;
        }
        for (int k = 0; k < 5; ++k) {
            std::vector<int> members;
            for (size_t i = 0; i < principals.size(); ++i) {
                if (principals[i].kind == clientKinds[k])
                    members.push_back(int(i));
            }
            if (members.empty())
                continue;
            // By score, then names (case-insensitive) and ids only within a run of equal scores: the same order as
            // one sort on all three, without comparing 90,000 names.
            auto score = [&principals](int m) { return principals[size_t(m)].score; };
            std::sort(members.begin(), members.end(), [&score](int x, int y) { return score(x) < score(y); });
            for (auto run = members.begin(); run != members.end();) {
                const auto runEnd = std::find_if(run, members.end(), [&](int m) { return score(m) != score(*run); });
                std::sort(run, runEnd, [&principals](int x, int y) {
                    const Principal &a = principals[size_t(x)];
                    const Principal &b = principals[size_t(y)];
                    const int c = a.name.compare(b.name, Qt::CaseInsensitive);
                    return c != 0 ? c < 0 : a.id < b.id;
                });
                run = runEnd;
            }
            const QString key = QLatin1String(clientKeys[k]);
            const int group = newGroup(0, key, clientTitles[k]);
            const qsizetype count = qsizetype(members.size());
            g.groups[group].nodeCount = int(count);
            const bool collapse = options.collapseThreshold > 0 && count > options.collapseThreshold
                && !options.expandedGroups.contains(key);
            if (collapse) {
                g.groups[group].collapsed = true;
                GraphNode n;
                n.kind = GraphNode::Kind::Aggregate;
                n.layer = 0;
                n.objectId = key;
                n.label = clientTitles[k];
                n.sublabel = QStringLiteral("%L1 collapsed · double-click to expand").arg(count);
                n.aggregateCount = int(count);
                const int idx = addNode(std::move(n));
                addToGroup(group, idx);
                for (const int m : members)
                    objClientNode[size_t(clientObject[size_t(m)])] = idx;
                continue;
            }
            for (const int m : members) {
                const Principal &p = principals[size_t(m)];
                GraphNode n;
                n.kind = p.kind;
                n.layer = 0;
                n.objectId = p.id;
                n.label = p.name;
                n.sublabel = p.type;
                const int idx = addNode(std::move(n));
                addToGroup(group, idx);
                objClientNode[size_t(clientObject[size_t(m)])] = idx;
            }
        }
    }

    // Registrations: those of the APIs and clients shown, in API order first.
    void addRegistrations()
    {
        const int regGroup = newGroup(3, QStringLiteral("registrations"), QStringLiteral("App registrations"));
        auto addRegistration = [&](const Application &app) {
            const QString key = foldedId(app.id);
            if (regNode.contains(key))
                return;
            GraphNode n;
            n.kind = GraphNode::Kind::Registration;
            n.layer = 3;
            n.objectId = app.id;
            n.label = app.displayName;
            n.sublabel = QStringLiteral("v%1 tokens%2")
                             .arg(app.effectiveTokenVersion())
                             .arg(app.identifierUris.isEmpty() ? QString()
                                                               : QStringLiteral(" · ") + app.identifierUris.first());
            const int idx = addNode(std::move(n));
            addToGroup(regGroup, idx);
            regNode.insert(key, idx);
            registrations.emplace_back(key, idx);
        };
        for (const Api &api : std::as_const(apis)) {
            if (api.sp) {
                if (const Application *app = d.applicationByAppId(api.sp->appId))
                    addRegistration(*app);
            }
        }
        for (const Application &app : d.applications()) {
            const ServicePrincipal *sp = d.servicePrincipalByAppId(app.appId);
            const int o = sp ? ids.find(foldedId(sp->id)) : -2;
            const bool linked = o >= 0 && (objClientNode[size_t(o)] >= 0 || objApiNode[size_t(o)] >= 0);
            // A registration is no object of the table (nothing names it): its focus is compared as text.
            const bool standalone
                = !focus.isEmpty() ? foldedId(app.id) == focus : !selecting || (!filter.isEmpty() && appMatches(app));
            if (linked || standalone)
                addRegistration(app);
        }
    }

    // --- edges --------------------------------------------------------------------------------------------------
    int addEdge(GraphEdge::Kind kind, int from, int to, const QString &assignmentId)
    {
        GraphEdge e;
        e.kind = kind;
        e.from = from;
        e.to = to;
        e.assignmentId = assignmentId;
        g.edges.append(std::move(e));
        return int(g.edges.size() - 1);
    }
    void addEdges()
    {
        const QList<AppRoleAssignment> &as = d.assignments();
        g.edges.reserve(qsizetype(chains.size() + roleOf.size() + registrations.size()));
        g.m_edgeByAssignmentHash.reserve(qsizetype(chains.size()));
        QHash<quint64, int> aggregateEdges;
        for (size_t i = 0; i < chains.size(); ++i) {
            const AppRoleAssignment &a = as.at(chains[i]);
            const int from = objClientNode[size_t(chainPrincipal[size_t(chains[i])])];
            const int to = chainRoleNode[i];
            if (from < 0 || to < 0)
                continue;
            if (g.nodes.at(from).kind == GraphNode::Kind::Aggregate) {
                const quint64 k = pairKey(from, to);
                const auto it = aggregateEdges.constFind(k);
                if (it != aggregateEdges.cend())
                    g.edges[*it].weight += 1;
                else
                    aggregateEdges.insert(k, addEdge(GraphEdge::Kind::HoldsRole, from, to, {}));
                continue;
            }
            const int edge = addEdge(GraphEdge::Kind::HoldsRole, from, to, a.id);
            g.m_edgeByAssignmentHash.append({ qHash(a.id, 0), edge });
        }
        for (const auto &[role, api] : roleOf) {
            if (api >= 0)
                addEdge(GraphEdge::Kind::RoleOf, role, api, {});
        }
        // In node order (the string-keyed layout took a hash's order, which changed from run to run).
        for (const auto &[key, node] : registrations) {
            const Application *app = d.application(key);
            const ServicePrincipal *sp = app ? d.servicePrincipalByAppId(app->appId) : nullptr;
            const int o = sp ? ids.find(foldedId(sp->id)) : -2;
            if (o < 0)
                continue;
            int from = objApiNode[size_t(o)];
            if (from < 0)
                from = objClientNode[size_t(o)];
            if (from >= 0 && g.nodes.at(from).kind != GraphNode::Kind::Aggregate)
                addEdge(GraphEdge::Kind::Registration, from, node, {});
        }
    }

    // --- positions: each group is a grid block, blocks stacked per layer, layers side by side -------------------
    void place()
    {
        using G = DirectoryGraph;
        const qreal cellW = G::nodeWidth + G::columnGap;
        const qreal cellH = G::nodeHeight + G::rowGap;
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
                qreal groupTop = y + G::groupGap * 0.5;
                for (qsizetype i = 0; i < n; ++i) {
                    GraphNode &node = g.nodes[members.at(i)];
                    const qsizetype col = i / rows;
                    const qsizetype row = i % rows;
                    const qreal h = node.kind == GraphNode::Kind::Aggregate ? G::nodeHeight * 2 : G::nodeHeight;
                    node.rect = QRectF(col * cellW, groupTop + row * cellH, G::nodeWidth, h);
                }
                const qreal blockH = rows * cellH
                    + (n == 1 && g.nodes.at(members.first()).kind == GraphNode::Kind::Aggregate ? G::nodeHeight : 0);
                const int group = g.nodes.at(members.first()).group;
                if (group >= 0) {
                    g.groups[group].rect = QRectF(0, groupTop, cols * cellW - G::columnGap, blockH - G::rowGap);
                    if (g.groups[group].nodeCount == 0)
                        g.groups[group].nodeCount = int(n);
                }
                y = groupTop + blockH + G::groupGap * 0.5;
                layerWidth[layer] = std::max(layerWidth[layer], cols * cellW - G::columnGap);
            }
            layerHeight[layer] = y;
        }
        const qreal tallest = *std::max_element(layerHeight, layerHeight + 4);
        qreal x = 0;
        qreal layerX[4];
        for (int layer = 0; layer < 4; ++layer) {
            layerX[layer] = x;
            x += std::max(layerWidth[layer], G::nodeWidth) + G::layerGap;
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
        g.bounds
            = QRectF(0, 0, std::max<qreal>(x - G::layerGap, G::nodeWidth), std::max<qreal>(tallest, G::nodeHeight));
    }

    // The lookups: edges per node (one array), nodes per object.
    void indexNodes()
    {
        const qsizetype nodeCount = g.nodes.size();
        g.m_adjacentStart = QList<int>(nodeCount + 1, 0);
        for (const GraphEdge &e : std::as_const(g.edges)) {
            ++g.m_adjacentStart[e.from + 1];
            ++g.m_adjacentStart[e.to + 1];
        }
        for (qsizetype n = 0; n < nodeCount; ++n)
            g.m_adjacentStart[n + 1] += g.m_adjacentStart[n];
        g.m_adjacent = QList<int>(g.edges.size() * 2);
        std::vector<int> cursor(g.m_adjacentStart.cbegin(), g.m_adjacentStart.cend() - 1);
        for (int e = 0; e < g.edges.size(); ++e) {
            g.m_adjacent[cursor[size_t(g.edges.at(e).from)]++] = e;
            g.m_adjacent[cursor[size_t(g.edges.at(e).to)]++] = e;
        }
        g.m_nodeByObjectHash.reserve(nodeCount);
        for (int i = 0; i < nodeCount; ++i)
            g.m_nodeByObjectHash.append({ qHash(foldedId(g.nodes.at(i).objectId), 0), i });
        std::sort(g.m_nodeByObjectHash.begin(), g.m_nodeByObjectHash.end());
        std::sort(g.m_edgeByAssignmentHash.begin(), g.m_edgeByAssignmentHash.end());
    }

    const Directory &d;
    const GraphOptions &options;
    const QString filter;
    const QString focus; ///< folded
    const bool selecting;
    const QStringMatcher matcher;
    DirectoryGraph g;

    IdTable ids; ///< objects: every service principal, every principal and resource an assignment names
    IdTable roleIds; ///< folded app role ids
    int focusObject = -2;
    int focusRoleId = -2;
    int focusAppSp = -2; ///< the service principal of a focused registration

    std::vector<int> spObject; ///< Directory::servicePrincipals() index -> object
    std::vector<const ServicePrincipal *> objSp; ///< the service principal Directory answers for the id
    std::vector<qint8> objKind, objSpMatch, objOtherMatch; ///< -1 until asked
    std::vector<int> objFirstHeld, objFirstOn; ///< first assignment held by / granted on the object
    std::vector<bool> objResource, objKeptApi, objKeptPrincipal, objRolesRead;
    std::vector<QList<AppRole>> objRoles;
    std::vector<int> objApiNode, objClientNode;

    std::vector<int> chainPrincipal, chainResource, chainRoleId; ///< per assignment
    std::vector<int> chains; ///< the kept assignments
    std::vector<int> chainKey, chainRoleNode; ///< per kept chain

    QHash<quint64, int> roleKeys; ///< (resource, role id) -> key
    std::vector<int> keyResource, keyRoleId, keyNode;
    std::vector<bool> keyKept, keyDefined;
    std::vector<qint8> keyMatch;

    QList<QList<int>> layerGroups[4];
    QList<int> groupSlot; ///< group -> position in layerGroups[layer]
    QList<Api> apis;
    std::vector<std::pair<int, int>> roleOf; ///< role node, its API node
    QHash<QString, int> regNode;
    std::vector<std::pair<QString, int>> registrations; ///< folded application id, node
};

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

namespace {
// The entries of a sorted (hash, index) list with this hash, in index order.
std::pair<const std::pair<size_t, int> *, const std::pair<size_t, int> *> withHash(
    const QList<std::pair<size_t, int>> &list, size_t hash)
{
    const std::pair<size_t, int> *const first = list.constData();
    const auto range = std::equal_range(first, first + list.size(), std::pair<size_t, int>(hash, 0),
        [](const std::pair<size_t, int> &a, const std::pair<size_t, int> &b) { return a.first < b.first; });
    return { range.first, range.second };
}
} // namespace

QList<int> DirectoryGraph::nodesOf(const QString &objectId) const
{
    const QString key = foldedId(objectId);
    QList<int> found;
    for (auto [it, end] = withHash(m_nodeByObjectHash, qHash(key, 0)); it != end; ++it) {
        if (foldedId(nodes.at(it->second).objectId) == key)
            found.append(it->second);
    }
    return found;
}

int DirectoryGraph::edgeOfAssignment(const QString &assignmentId) const
{
    // The last edge of that id, as a hash insert per edge used to leave it.
    int found = -1;
    for (auto [it, end] = withHash(m_edgeByAssignmentHash, qHash(assignmentId, 0)); it != end; ++it) {
        if (edges.at(it->second).assignmentId == assignmentId)
            found = it->second;
    }
    return found;
}

int DirectoryGraph::roleNode(const QString &resourceSpId, const QString &appRoleId) const
{
    return m_roleByKey.value(roleKey(resourceSpId, appRoleId), -1);
}

DirectoryGraph::EdgeRange DirectoryGraph::edgesOf(int node) const
{
    if (node < 0 || node + 1 >= m_adjacentStart.size())
        return {};
    const int *base = m_adjacent.constData();
    return { base + m_adjacentStart.at(node), base + m_adjacentStart.at(node + 1) };
}

DirectoryGraph DirectoryGraph::build(const Directory &directory, const GraphOptions &options)
{
    DirectoryGraph graph = DirectoryGraphBuilder(directory, options).run();
#if defined(__GLIBC__)
    // The builder's tables (a few MB each at 100,000 objects) were freed inside the heap, where glibc keeps them
    // resident once its mmap threshold has risen past their size: give the pages back, or every rebuild for a
    // filter or a collapse kept another 30 MB. Only for large directories (the tables are indexed over the whole
    // directory, whatever the graph shows: a search's few nodes too): the trim walks the whole heap under its lock
    // (the emulator's signing threads wait), and a scenario's few objects leave nothing to give back.
    if (directory.objectCount() + directory.assignments().size() >= 20000)
        malloc_trim(0);
#endif
    return graph;
}

} // namespace idex
