#include "directory/assignmentcommands.h"
#include "directory/directorygraph.h"
#include "directory/tenantgenerator.h"
#include "directory/tokenpath.h"

#include <QTest>

using namespace idex;

namespace {
AppRole role(const char *id, const char *value)
{
    AppRole r;
    r.id = QLatin1String(id);
    r.value = QLatin1String(value);
    r.allowedMemberTypes = { QStringLiteral("Application") };
    return r;
}

ServicePrincipal sp(const char *id, const char *appId, const char *name, const char *type, bool userAssigned = false)
{
    ServicePrincipal s;
    s.id = QLatin1String(id);
    s.appId = QLatin1String(appId);
    s.displayName = QLatin1String(name);
    s.servicePrincipalType = QLatin1String(type);
    if (s.isManagedIdentity())
        s.alternativeNames = { userAssigned ? QStringLiteral("isExplicit=True") : QStringLiteral("isExplicit=False"),
            QStringLiteral("/subscriptions/s/resourcegroups/rg/providers/Microsoft.Web/sites/") + s.displayName };
    return s;
}

AppRoleAssignment assign(const char *id, const char *principal, const char *resource, const char *roleId)
{
    AppRoleAssignment a;
    a.id = QLatin1String(id);
    a.principalId = QLatin1String(principal);
    a.resourceId = QLatin1String(resource);
    a.appRoleId = QLatin1String(roleId);
    a.principalType = QStringLiteral("ServicePrincipal");
    return a;
}

// The walkthrough plus a second API: caller-func holds DoAll on aad-func; other-func holds Read on the other API;
// lonely is a managed identity with no role.
Directory walkthrough()
{
    Directory d;
    Application app;
    app.id = QStringLiteral("app-func");
    app.appId = QStringLiteral("func-appid");
    app.displayName = QStringLiteral("aad-func");
    app.identifierUris = { QStringLiteral("api://func-appid") };
    app.appRoles = { role("role-doall", "DoAll"), role("role-read", "Read") };
    d.addApplication(app);
    d.addServicePrincipal(sp("sp-func", "func-appid", "aad-func", "Application"));
    ServicePrincipal other = sp("sp-other", "other-appid", "Other API", "Application");
    other.appRoles = { role("role-other-doall", "DoAll") };
    d.addServicePrincipal(other);
    d.addServicePrincipal(sp("sp-caller", "caller-appid", "caller-func", "ManagedIdentity"));
    d.addServicePrincipal(sp("sp-second", "second-appid", "second-func", "ManagedIdentity", true));
    d.addServicePrincipal(sp("sp-lonely", "lonely-appid", "lonely", "ManagedIdentity"));
    d.addAssignment(assign("a1", "sp-caller", "sp-func", "role-doall"));
    d.addAssignment(assign("a2", "sp-second", "sp-other", "role-other-doall"));
    d.addAssignment(assign("a3", "sp-second", "sp-func", "role-read"));
    return d;
}
} // namespace

class TestDirectoryGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layersAndEdges()
    {
        const Directory d = walkthrough();
        const DirectoryGraph g = DirectoryGraph::build(d);
        // Clients: caller, second, lonely. Roles: DoAll, Read, other DoAll. APIs: 2. Registrations: 1.
        QCOMPARE(g.nodes.size(), 3 + 3 + 2 + 1);
        const int caller = g.nodesOf(QStringLiteral("SP-CALLER")).value(0, -1);
        const int doAll = g.roleNode(QStringLiteral("sp-func"), QStringLiteral("role-doall"));
        QVERIFY(caller >= 0 && doAll >= 0);
        QCOMPARE(g.nodes.at(caller).layer, 0);
        QCOMPARE(g.nodes.at(caller).kind, GraphNode::Kind::SystemAssignedIdentity);
        QCOMPARE(
            g.nodes.at(g.nodesOf(QStringLiteral("sp-second")).first()).kind, GraphNode::Kind::UserAssignedIdentity);
        QCOMPARE(g.nodes.at(doAll).layer, 1);
        const int edge = g.edgeOfAssignment(QStringLiteral("a1"));
        QVERIFY(edge >= 0);
        QCOMPARE(g.edges.at(edge).from, caller);
        QCOMPARE(g.edges.at(edge).to, doAll);
        // role of: DoAll -> aad-func; registration: aad-func SP -> app registration.
        const int api = g.nodesOf(QStringLiteral("sp-func")).first();
        QCOMPARE(g.nodes.at(api).kind, GraphNode::Kind::ResourceApi);
        bool roleOf = false;
        for (int e : g.edgesOf(doAll))
            roleOf = roleOf || (g.edges.at(e).kind == GraphEdge::Kind::RoleOf && g.edges.at(e).to == api);
        QVERIFY(roleOf);
        const int reg = g.nodesOf(QStringLiteral("app-func")).first();
        QCOMPARE(g.nodes.at(reg).layer, 3);
        bool registration = false;
        for (int e : g.edgesOf(reg))
            registration
                = registration || (g.edges.at(e).kind == GraphEdge::Kind::Registration && g.edges.at(e).from == api);
        QVERIFY(registration);
        // Layers go left to right and nothing overlaps.
        for (int i = 0; i < g.nodes.size(); ++i) {
            QVERIFY(g.bounds.contains(g.nodes.at(i).rect));
            for (int j = i + 1; j < g.nodes.size(); ++j)
                QVERIFY2(!g.nodes.at(i).rect.intersects(g.nodes.at(j).rect),
                    qPrintable(g.nodes.at(i).label + QStringLiteral(" / ") + g.nodes.at(j).label));
        }
        QVERIFY(g.nodes.at(caller).rect.right() < g.nodes.at(doAll).rect.left());
        QVERIFY(g.nodes.at(doAll).rect.right() < g.nodes.at(api).rect.left());
        QVERIFY(g.nodes.at(api).rect.right() < g.nodes.at(reg).rect.left());
    }

    void filterKeepsWholeChains_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        QTest::addRow("role value") << QStringLiteral("doall")
                                    << QStringList { QStringLiteral("sp-caller"), QStringLiteral("sp-second"),
                                           QStringLiteral("sp-func"), QStringLiteral("sp-other") }
                                    << QStringList { QStringLiteral("sp-lonely") };
        QTest::addRow("principal name") << QStringLiteral("caller")
                                        << QStringList { QStringLiteral("sp-caller"), QStringLiteral("sp-func"),
                                               QStringLiteral("role-doall") }
                                        << QStringList { QStringLiteral("sp-second"), QStringLiteral("sp-other"),
                                               QStringLiteral("sp-lonely") };
        QTest::addRow("appId") << QStringLiteral("lonely-appid") << QStringList { QStringLiteral("sp-lonely") }
                               << QStringList { QStringLiteral("sp-caller"), QStringLiteral("sp-func") };
        QTest::addRow("type") << QStringLiteral("user-assigned")
                              << QStringList { QStringLiteral("sp-second"), QStringLiteral("sp-other") }
                              << QStringList { QStringLiteral("sp-caller") };
        QTest::addRow("nothing") << QStringLiteral("zzz-no-match") << QStringList {}
                                 << QStringList { QStringLiteral("sp-caller"), QStringLiteral("sp-func") };
    }
    void filterKeepsWholeChains()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        GraphOptions o;
        o.filter = filter;
        const DirectoryGraph g = DirectoryGraph::build(walkthrough(), o);
        for (const QString &id : present)
            QVERIFY2(!g.nodesOf(id).isEmpty(), qPrintable(id));
        for (const QString &id : absent)
            QVERIFY2(g.nodesOf(id).isEmpty(), qPrintable(id));
    }

    void firstDegreeView()
    {
        GraphOptions o;
        o.focusObjectId = QStringLiteral("sp-second");
        const DirectoryGraph g = DirectoryGraph::build(walkthrough(), o);
        QVERIFY(!g.nodesOf(QStringLiteral("sp-second")).isEmpty());
        QVERIFY(!g.nodesOf(QStringLiteral("sp-other")).isEmpty());
        QVERIFY(!g.nodesOf(QStringLiteral("role-read")).isEmpty());
        QVERIFY(g.nodesOf(QStringLiteral("sp-caller")).isEmpty());
        QVERIFY(g.nodesOf(QStringLiteral("role-doall")).isEmpty());
        QCOMPARE(g.hiddenByFilter, 1);
    }

    void largeGroupsCollapse()
    {
        const Directory d = generateTenant({ 2000, 3, 11 });
        GraphOptions o;
        o.collapseThreshold = 150;
        const DirectoryGraph g = DirectoryGraph::build(d, o);
        int aggregates = 0;
        int weight = 0;
        for (const GraphNode &n : g.nodes)
            aggregates += n.kind == GraphNode::Kind::Aggregate ? 1 : 0;
        for (const GraphEdge &e : g.edges)
            weight += e.kind == GraphEdge::Kind::HoldsRole ? e.weight : 0;
        QVERIFY(aggregates >= 1);
        QCOMPARE(weight, int(d.assignments().size())); // every assignment is still counted
        QVERIFY(g.nodes.size() < 2000);

        o.expandedGroups.insert(QStringLiteral("clients/system"));
        const DirectoryGraph expanded = DirectoryGraph::build(d, o);
        QVERIFY(expanded.nodes.size() > g.nodes.size());
        for (const GraphGroup &group : expanded.groups) {
            if (group.key == QLatin1String("clients/system"))
                QVERIFY(!group.collapsed);
        }
    }

    void generatorMakesTheAskedSize()
    {
        const Directory d = generateTenant({ 10000, 3, 7 });
        QCOMPARE(d.objectCount(), 10000);
        QCOMPARE(d.assignments().size(), 30000);
        // Deterministic: same seed, same tenant.
        const Directory again = generateTenant({ 10000, 3, 7 });
        QCOMPARE(again.servicePrincipals().at(500).id, d.servicePrincipals().at(500).id);
        // Every assignment points at an existing principal, resource and role.
        for (int i = 0; i < d.assignments().size(); i += 97) {
            const AppRoleAssignment &a = d.assignments().at(i);
            QVERIFY(d.servicePrincipal(a.principalId));
            QVERIFY(d.role(a.resourceId, a.appRoleId));
        }
        // Big groups are laid out as blocks, not as one endless column.
        const DirectoryGraph g = DirectoryGraph::build(d);
        QVERIFY(g.bounds.height() < 100 * g.bounds.width());
        QVERIFY(g.bounds.height() < 20000);
    }

    void tokenPath_data()
    {
        QTest::addColumn<QString>("oid");
        QTest::addColumn<QString>("aud");
        QTest::addColumn<QStringList>("required");
        QTest::addColumn<int>("brk");
        QTest::addColumn<QString>("missingRole");
        QTest::addColumn<QString>("phrase");
        QTest::addRow("complete") << QStringLiteral("sp-caller") << QStringLiteral("api://func-appid")
                                  << QStringList { QStringLiteral("DoAll") } << int(TokenPath::Break::None) << QString()
                                  << QStringLiteral("holds DoAll on aad-func");
        QTest::addRow("no assignment") << QStringLiteral("sp-lonely") << QStringLiteral("func-appid")
                                       << QStringList { QStringLiteral("DoAll") } << int(TokenPath::Break::NoAssignment)
                                       << QStringLiteral("role-doall") << QStringLiteral("not assigned DoAll");
        QTest::addRow("other role") << QStringLiteral("sp-second") << QStringLiteral("func-appid")
                                    << QStringList { QStringLiteral("DoAll") }
                                    << int(TokenPath::Break::AssignedOnOtherApp) << QStringLiteral("role-doall")
                                    << QStringLiteral("holds DoAll on Other API");
        QTest::addRow("undefined role") << QStringLiteral("sp-caller") << QStringLiteral("func-appid")
                                        << QStringList { QStringLiteral("Nope") }
                                        << int(TokenPath::Break::RoleNotDefined) << QString()
                                        << QStringLiteral("defines no app role");
        QTest::addRow("unknown caller") << QStringLiteral("ghost") << QStringLiteral("func-appid") << QStringList {}
                                        << int(TokenPath::Break::PrincipalUnknown) << QString()
                                        << QStringLiteral("not a service principal");
        QTest::addRow("unknown audience")
            << QStringLiteral("sp-caller") << QStringLiteral("https://vault.azure.net") << QStringList {}
            << int(TokenPath::Break::AudienceUnknown) << QString() << QStringLiteral("audience");
    }
    void tokenPath()
    {
        QFETCH(QString, oid);
        QFETCH(QString, aud);
        QFETCH(QStringList, required);
        QFETCH(int, brk);
        QFETCH(QString, missingRole);
        QFETCH(QString, phrase);
        TokenPathInput in;
        in.objectId = oid;
        in.audience = aud;
        in.requiredRoles = required;
        const TokenPath p = traceTokenPath(walkthrough(), in);
        QCOMPARE(int(p.brk), brk);
        QCOMPARE(p.missingRoleId, missingRole);
        QVERIFY2(p.explanation.contains(phrase), qPrintable(p.explanation));
        if (p.isComplete())
            QCOMPARE(p.assignmentIds, QStringList { QStringLiteral("a1") });
    }

    void tokenPathFindsThePrincipalByAppId()
    {
        TokenPathInput in;
        in.clientId = QStringLiteral("CALLER-APPID");
        in.audience = QStringLiteral("func-appid");
        const TokenPath p = traceTokenPath(walkthrough(), in);
        QCOMPARE(p.principalId, QStringLiteral("sp-caller"));
        QVERIFY(p.isComplete()); // DoAll is one of the roles aad-func offers applications
    }

    void equivalentCommands()
    {
        AssignmentChange c;
        c.principalId = QStringLiteral("P");
        c.resourceId = QStringLiteral("R");
        c.appRoleId = QStringLiteral("ROLE");
        c.assignmentId = QStringLiteral("A-1");
        c.roleValue = QStringLiteral("DoAll");
        QVERIFY(assignmentcommands::powerShellAdd(c).contains(
            QLatin1String("New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId P -PrincipalId P -ResourceId R "
                          "-AppRoleId ROLE")));
        QVERIFY(assignmentcommands::powerShellRemove(c).contains(QLatin1String(
            "Remove-MgServicePrincipalAppRoleAssignedTo -ServicePrincipalId R -AppRoleAssignmentId A-1")));
        QVERIFY(assignmentcommands::azRestAdd(c).contains(QLatin1String(
            "az rest -m POST -u https://graph.microsoft.com/v1.0/servicePrincipals/P/appRoleAssignments")));
        QVERIFY(assignmentcommands::azRestAdd(c).contains(
            QLatin1String("{\"principalId\":\"P\",\"resourceId\":\"R\",\"appRoleId\":\"ROLE\"}")));
        QVERIFY(assignmentcommands::azRestRemove(c).contains(QLatin1String(
            "az rest -m DELETE -u https://graph.microsoft.com/v1.0/servicePrincipals/R/appRoleAssignedTo/A-1")));
    }
};

QTEST_GUILESS_MAIN(TestDirectoryGraph)
#include "test_directorygraph.moc"
