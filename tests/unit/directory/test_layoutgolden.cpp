// The layout's results pinned: node order, positions, groups, edges and the lookups of DirectoryGraph on a generated
// tenant with the odd cases added (users and groups known only from assignments, unknown and default-access roles,
// an API missing from the directory, ids in upper case, roles only on the registration), under every kind of
// option. The digests were taken from the layout before it moved to integer indexes (issue 14); a change to any of
// them is a change of what the user sees. Registration edges are compared as a set: their order used to follow a
// QHash's iteration and differed from run to run. IDEX_LAYOUT_DUMP=DIR writes each case's text, to diff two builds.
#include "directory/directorygraph.h"
#include "directory/tenantgenerator.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>

using namespace idex;

Q_DECLARE_METATYPE(idex::GraphOptions)

namespace {
QString kindNumber(GraphNode::Kind kind)
{
    return QString::number(int(kind));
}

// Everything the scene, the panel and the token path read from a graph, one line per fact.
QStringList dump(const DirectoryGraph &g, const Directory &d)
{
    QStringList out;
    auto rect = [](const QRectF &r) {
        return QStringLiteral("%1,%2,%3,%4")
            .arg(r.x(), 0, 'g', 12)
            .arg(r.y(), 0, 'g', 12)
            .arg(r.width())
            .arg(r.height());
    };
    out << QStringLiteral("bounds %1 hidden %2").arg(rect(g.bounds)).arg(g.hiddenByFilter);
    for (int i = 0; i < g.nodes.size(); ++i) {
        const GraphNode &n = g.nodes.at(i);
        out << QStringLiteral("node %1 k%2 l%3 g%4 [%5] [%6] [%7] [%8] %9 a%10 d%11")
                   .arg(i)
                   .arg(kindNumber(n.kind))
                   .arg(n.layer)
                   .arg(n.group)
                   .arg(n.objectId, n.resourceId, n.label, n.sublabel, rect(n.rect))
                   .arg(n.aggregateCount)
                   .arg(int(n.disabled));
    }
    QStringList registrations;
    auto edgeText = [&g](int e) {
        const GraphEdge &edge = g.edges.at(e);
        return QStringLiteral("k%1 %2->%3 [%4] w%5")
            .arg(int(edge.kind))
            .arg(edge.from)
            .arg(edge.to)
            .arg(edge.assignmentId)
            .arg(edge.weight);
    };
    for (int e = 0; e < g.edges.size(); ++e) {
        if (g.edges.at(e).kind == GraphEdge::Kind::Registration)
            registrations << edgeText(e);
        else
            out << QStringLiteral("edge %1 %2").arg(e).arg(edgeText(e));
    }
    registrations.sort();
    for (const QString &r : std::as_const(registrations))
        out << QStringLiteral("registration ") + r;
    for (const GraphGroup &group : g.groups) {
        out << QStringLiteral("group [%1] [%2] l%3 n%4 c%5 %6")
                   .arg(group.key, group.title)
                   .arg(group.layer)
                   .arg(group.nodeCount)
                   .arg(int(group.collapsed))
                   .arg(rect(group.rect));
    }
    for (int i = 0; i < g.nodes.size(); ++i) {
        const GraphNode &n = g.nodes.at(i);
        QStringList nodes;
        for (int m : g.nodesOf(n.objectId))
            nodes << QString::number(m);
        QStringList touching;
        for (int e : g.edgesOf(i))
            touching << edgeText(e);
        touching.sort();
        out << QStringLiteral("of %1 nodes %2 upper %3 edges %4")
                   .arg(i)
                   .arg(nodes.join(u','))
                   .arg(g.nodesOf(n.objectId.toUpper()) == g.nodesOf(n.objectId) ? 1 : 0)
                   .arg(touching.join(u';'));
        if (n.kind == GraphNode::Kind::AppRole)
            out << QStringLiteral("role %1 %2").arg(i).arg(g.roleNode(n.resourceId.toUpper(), n.objectId));
    }
    for (const AppRoleAssignment &a : d.assignments())
        out << QStringLiteral("assignment [%1] %2").arg(a.id).arg(g.edgeOfAssignment(a.id));
    return out;
}

AppRoleAssignment assignment(const QString &id, const QString &principal, const QString &type,
    const QString &principalName, const QString &resource, const QString &role)
{
    AppRoleAssignment a;
    a.id = id;
    a.principalId = principal;
    a.principalType = type;
    a.principalDisplayName = principalName;
    a.resourceId = resource;
    a.resourceDisplayName = QStringLiteral("Somewhere API");
    a.appRoleId = role;
    return a;
}

// A generated tenant plus what generated tenants lack.
Directory oddTenant()
{
    Directory d = generateTenant({ 3000, 3, 7 });
    const ServicePrincipal api = d.servicePrincipals().at(3); // an API: the generator writes them first
    const ServicePrincipal identity = d.servicePrincipals().at(400);
    const QString role = api.appRoles.first().id;
    for (int i = 0; i < 40; ++i) {
        const QString n = QString::number(i);
        d.addAssignment(assignment(QStringLiteral("user-") + n, QStringLiteral("user-%1").arg(i % 13),
            QStringLiteral("User"), QStringLiteral("Person %1").arg(i % 13), api.id, role));
        d.addAssignment(assignment(QStringLiteral("group-") + n, QStringLiteral("GROUP-%1").arg(i % 7),
            QStringLiteral("Group"), QString(), api.id, Directory::defaultAccessRoleId()));
        d.addAssignment(assignment(QStringLiteral("unknown-role-") + n, identity.id, QStringLiteral("ServicePrincipal"),
            identity.displayName, api.id, QStringLiteral("6F0E0000-0000-4000-8000-00000000000%1").arg(i % 3)));
        d.addAssignment(assignment(QStringLiteral("missing-api-") + n, QStringLiteral("stranger-%1").arg(i % 5),
            QString(), QString(), QStringLiteral("api-not-here-%1").arg(i % 2), QStringLiteral("role-x")));
        d.addAssignment(assignment(QStringLiteral("upper-") + n, d.servicePrincipals().at(500 + i).id.toUpper(),
            QStringLiteral("ServicePrincipal"), QString(), api.id.toUpper(), role.toUpper()));
    }
    // An API whose service principal carries no roles (they are on its registration), one role disabled.
    Application app;
    app.id = QStringLiteral("Odd-App-Object");
    app.appId = QStringLiteral("odd-app-id");
    app.displayName = QStringLiteral("Odd API");
    app.identifierUris = { QStringLiteral("api://odd") };
    AppRole read;
    read.id = QStringLiteral("odd-read");
    read.value = QStringLiteral("Odd.Read");
    read.allowedMemberTypes = { QStringLiteral("Application"), QStringLiteral("User") };
    AppRole off = read;
    off.id = QStringLiteral("odd-off");
    off.value = QStringLiteral("Odd.Off");
    off.isEnabled = false;
    app.appRoles = { off, read };
    d.addApplication(app);
    ServicePrincipal odd;
    odd.id = QStringLiteral("odd-sp");
    odd.appId = app.appId;
    odd.displayName = QString(); // named by its assignments
    odd.servicePrincipalType = QStringLiteral("Application");
    d.addServicePrincipal(odd);
    for (int i = 0; i < 6; ++i) {
        d.addAssignment(assignment(QStringLiteral("odd-") + QString::number(i), d.servicePrincipals().at(900 + i).id,
            QStringLiteral("ServicePrincipal"), QString(), odd.id, read.id));
    }
    Application lonely;
    lonely.id = QStringLiteral("lonely-registration");
    lonely.appId = QStringLiteral("lonely-appid");
    lonely.displayName = QStringLiteral("Lonely registration");
    d.addApplication(lonely);
    return d;
}
} // namespace

class TestLayoutGolden : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAsBefore_data()
    {
        QTest::addColumn<GraphOptions>("options");
        QTest::addColumn<QByteArray>("digest");
        const Directory d = oddTenant();
        auto add = [](const char *name, const GraphOptions &o, const char *digest) {
            QTest::newRow(name) << o << QByteArray(digest);
        };
        GraphOptions o;
        add("expanded", o, "c70da8e9e5750d8f0d884b399299aa00e9b528c6de269dc65ab6620ebf8b12d7");
        o.collapseThreshold = 150;
        add("collapsed", o, "4d794249dcb88b10a6528eee0d1960df76faad3c872ad525e81dd87a14f69307");
        o.expandedGroups = { QStringLiteral("clients/user") };
        add("collapsed, one group open", o, "c2393cd35a8e731c116c89aba974a6ec36097de961d06ab21c3bae3e9b5ea55a");
        o = {};
        o.filter = QStringLiteral("Billing API 2");
        add("search an API", o, "e8b08d4ac4ed1922c2b1f7c1b5b5566c752c18518721845eeb76193ae5aab069");
        o.filter = QStringLiteral("person 1");
        add("search a user", o, "7e3c3d1087aeb7ade051f087f7fe320e2d451a739a03c7b7d4bed1b0bcf74d81");
        o.filter = QStringLiteral("Odd.");
        add("search a role value", o, "d3dda93e481786e8fc7c3607bf8764aee040b88dbe8f08b02fa82f3e57fc6b96");
        o.filter = QStringLiteral("App registration");
        add("search the registrations", o, "936085f8af7bfe9b1802cc877fcd692f08153b79a45a9e830c5a124ef15c8cd5");
        o.filter = QStringLiteral("managed identity (user");
        o.collapseThreshold = 100;
        add("search a kind, collapsed", o, "28e28191a20a46cbdd9cf3d2ba2f98358f6cfd592dc7ef638fd360e07f5f7d76");
        o = {};
        o.focusObjectId = d.servicePrincipals().at(3).id.toUpper();
        add("focus an API", o, "0d15f3a1a4448f6ea00cb3cc524d5577f1a6da207a5fb87cb658112455d9956a");
        o.focusObjectId = d.servicePrincipals().at(400).id;
        add("focus an identity", o, "a7bbf707008f5690835987b461fe50e54eadbaa368fff8efdfb1db4571340c31");
        o.focusObjectId = QStringLiteral("odd-app-object");
        add("focus a registration", o, "d4b49a6ba40717170fde27aaa39d62db189a9ef304cd80af351957849c2b10d8");
        o.focusObjectId = Directory::defaultAccessRoleId();
        o.filter = QStringLiteral("group");
        add("focus a role and search", o, "ded0a72c568c9c1f99c3cc449bd5f175c2efc6a7df708791bdb3a93589f38c9c");
    }
    void sameAsBefore()
    {
        QFETCH(GraphOptions, options);
        QFETCH(QByteArray, digest);
        static const Directory d = oddTenant();
        const QStringList lines = dump(DirectoryGraph::build(d, options), d);
        const QByteArray text = lines.join(u'\n').toUtf8();
        const QByteArray sha = QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
        const QString dir = qEnvironmentVariable("IDEX_LAYOUT_DUMP");
        if (!dir.isEmpty()) {
            QFile out(QDir(dir).filePath(
                QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_') + QStringLiteral(".txt")));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(text);
        }
        QVERIFY2(lines.size() > 10, "the case shows something");
        QCOMPARE(sha, digest);
    }
};

QTEST_GUILESS_MAIN(TestLayoutGolden)
#include "test_layoutgolden.moc"
