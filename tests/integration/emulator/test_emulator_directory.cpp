// `idex emulator --directory FILE` (issue #15): the emulator serves a generated directory snapshot, and every
// managed identity's token, got over real loopback IMDS, carries exactly the roles the snapshot's assignments give
// it on that API (computed here from the snapshot with app/directory, not from the emulator), signed with a key
// the JWKS publishes. The derived protected functions answer 200 with the role and 403 without it.
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "emulator/directoryscenario.h"
#include "emulatortestsupport.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

/*! The roles \a principalId holds on \a resourceSpId according to the snapshot alone. */
QSet<QString> expectedRoles(const Directory &d, const QString &principalId, const QString &resourceSpId)
{
    QSet<QString> roles;
    for (const idex::AppRoleAssignment *a : d.assignmentsHeldBy(principalId)) {
        if (a->resourceId.compare(resourceSpId, Qt::CaseInsensitive) != 0)
            continue;
        if (const auto role = d.role(resourceSpId, a->appRoleId); role && role->isEnabled)
            roles.insert(role->value);
    }
    return roles;
}

QString audienceOf(const Directory &d, const idex::ServicePrincipal &api)
{
    const idex::Application *app = d.applicationByAppId(api.appId);
    return app && !app->identifierUris.isEmpty() ? app->identifierUris.first() : api.appId;
}

} // namespace

class TestEmulatorDirectory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;
    Directory m_directory; ///< the snapshot as app/directory reads it: the expectation
    Emulator m_emulator;
    HttpClient m_client;

    Answer imdsToken(const QString &clientId, const QString &resource)
    {
        return send(m_client, "GET",
            url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), resource }, { QStringLiteral("client_id"), clientId } }),
            { { "Metadata", "true" } });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("tenant.json"));
        QString error;
        QVERIFY2(
            snapshot::writeFile(m_file, generateTenant({ .objects = 600, .seed = 15 }), &error), qPrintable(error));
        QVERIFY2(snapshot::readFile(m_file, m_directory, &error), qPrintable(error));
        EmulatorOptions options;
        options.directory = m_file;
        options.workDir = m_dir.filePath(QStringLiteral("work"));
        QVERIFY2(m_emulator.start(options, &error), qPrintable(error));
    }

    void theSnapshotBecomesTheScenario()
    {
        const Scenario &s = m_emulator.scenario();
        QCOMPARE(s.tenantId, m_directory.tenantId.toLower());
        QCOMPARE(s.applications.size(), m_directory.applications().size());
        QCOMPARE(s.servicePrincipals.size(), m_directory.servicePrincipals().size());
        qsizetype managed = 0;
        for (const auto &sp : m_directory.servicePrincipals())
            managed += sp.isManagedIdentity() ? 1 : 0;
        QVERIFY(managed > 10);
        QCOMPARE(s.identities.size(), managed);
        QVERIFY(!s.functions.isEmpty());
        QVERIFY(!s.walkthrough.identity.isEmpty());
        QVERIFY2(s.description.contains(QLatin1String("tenant.json")), qPrintable(s.description));
    }

    void everyIdentityGetsExactlyItsRoles()
    {
        // Every managed identity, against every API it holds something on plus one it holds nothing on.
        QList<const idex::ServicePrincipal *> apis;
        for (const auto &sp : m_directory.servicePrincipals())
            if (!sp.isManagedIdentity() && m_directory.applicationByAppId(sp.appId) && !sp.appRoles.isEmpty())
                apis << &sp;
        QVERIFY(apis.size() >= 2);
        int checked = 0, withRoles = 0;
        for (const auto &identity : m_directory.servicePrincipals()) {
            if (!identity.isManagedIdentity())
                continue;
            QSet<QString> resources;
            for (const idex::AppRoleAssignment *a : m_directory.assignmentsHeldBy(identity.id))
                resources.insert(a->resourceId.toLower());
            QList<const idex::ServicePrincipal *> targets;
            for (const auto *api : apis)
                if (resources.contains(api->id.toLower()))
                    targets << api;
            for (const auto *api : apis)
                if (!resources.contains(api->id.toLower())) {
                    targets << api; // one it holds nothing on: a token without roles
                    break;
                }
            for (const auto *api : targets) {
                const Answer a = imdsToken(identity.appId, audienceOf(m_directory, *api));
                QVERIFY2(a.status == 200, a.body.left(300).constData());
                const QString token = a.json().value(QStringLiteral("access_token")).toString();
                QJsonObject header, claims;
                QVERIFY(decodeJwt(token, &header, &claims));
                QCOMPARE(claims.value(QStringLiteral("oid")).toString(), identity.id);
                // The API's requestedAccessTokenVersion in the snapshot decides the token's version.
                const idex::Application *app = m_directory.applicationByAppId(api->appId);
                QCOMPARE(claims.value(QStringLiteral("iss")).toString(),
                    app->effectiveTokenVersion() == 2 ? m_emulator.issuerV2() : m_emulator.issuerV1());
                QSet<QString> roles;
                for (const QJsonValue &r : claims.value(QStringLiteral("roles")).toArray())
                    roles.insert(r.toString());
                const QSet<QString> expected = expectedRoles(m_directory, identity.id, api->id);
                QVERIFY2(roles == expected,
                    qPrintable(QStringLiteral("%1 on %2: token %3, snapshot %4")
                                   .arg(identity.displayName, api->displayName, QStringList(roles.values()).join(u','),
                                       QStringList(expected.values()).join(u','))));
                withRoles += expected.isEmpty() ? 0 : 1;
                ++checked;
            }
        }
        QVERIFY2(checked > 50 && withRoles > 20, qPrintable(QStringLiteral("%1 / %2").arg(checked).arg(withRoles)));
        // The signature is the emulator's published key's, checked independently (OpenSSL, x5c).
        const Answer one
            = imdsToken(m_emulator.scenario().identityByName(m_emulator.scenario().walkthrough.identity)->clientId,
                m_emulator.scenario().walkthrough.resource);
        QCOMPARE(verifyViaDiscovery(m_client, one.json().value(QStringLiteral("access_token")).toString()), QString());
    }

    void derivedFunctionsCheckTheRole()
    {
        const Scenario &s = m_emulator.scenario();
        const Identity *caller = s.identityByName(s.walkthrough.identity);
        QVERIFY(caller);
        const Answer t = imdsToken(caller->clientId, s.walkthrough.resource);
        QCOMPARE(t.status, 200);
        const QByteArray bearer = "Bearer " + t.json().value(QStringLiteral("access_token")).toString().toLatin1();
        const Answer allowed
            = send(m_client, "GET", url(m_emulator, s.walkthrough.functionPath), { { "Authorization", bearer } });
        QVERIFY2(allowed.status == 200, allowed.body.left(300).constData());
        // A function of the same API for a role the caller does not hold: 403 with the missing role named.
        const ProtectedFunction *walk = s.functionByPath(s.walkthrough.functionPath);
        QVERIFY(walk);
        QJsonObject header, claims;
        QVERIFY(decodeJwt(t.json().value(QStringLiteral("access_token")).toString(), &header, &claims));
        const QStringList held = claims.value(QStringLiteral("roles")).toVariant().toStringList();
        const ProtectedFunction *other = nullptr;
        for (const ProtectedFunction &f : s.functions)
            if (f.appId == walk->appId && !held.contains(f.requiredRoles.value(0)))
                other = &f;
        if (!other)
            QSKIP("the walkthrough identity holds every role of its API in this tenant");
        const Answer refused = send(m_client, "GET", url(m_emulator, other->path), { { "Authorization", bearer } });
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(QStringLiteral("missingRoles")).toArray().first().toString(),
            other->requiredRoles.first());
    }

    void graphServesTheSnapshot()
    {
        // The admin API's view names the same objects (the Graph routes read the same scenario).
        const Answer a
            = send(m_client, "GET", url(m_emulator, QStringLiteral("/admin/scenario")), adminAuth(m_emulator));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value(QStringLiteral("appRoleAssignments")).toArray().size(),
            m_emulator.scenario().appRoleAssignments.size());
        QCOMPARE(
            a.json().value(QStringLiteral("identities")).toArray().size(), m_emulator.scenario().identities.size());
    }

    void unusableSnapshotsAreRefusedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << QByteArray("{nope") << QStringLiteral("bad.json");
        QTest::newRow("no tenant") << QByteArray(R"({"format":"identity-explorer/directory","version":1})")
                                   << QStringLiteral("tenantId");
        QTest::newRow("another format") << QByteArray(R"({"format":"something-else","version":1})")
                                        << QStringLiteral("format");
    }
    void unusableSnapshotsAreRefusedWithTheReason()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        Emulator e;
        EmulatorOptions options;
        options.directory = path;
        QString error;
        QVERIFY(!e.start(options, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!e.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorDirectory)
#include "test_emulator_directory.moc"
