// The live edits the "from scratch" lesson makes, over real loopback HTTP: turning caller-func's system-assigned
// identity on and off through the admin API (with the managed identity endpoint answering as Azure does), and
// Microsoft Graph PATCH /applications/{id} with appRoles under Graph's rules (an enabled role is disabled first).
#include "emulatortestsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

const QString kAadFuncAppObjectId = QStringLiteral("5eed0000-0000-4000-8000-000000000401");
const QString kAadFuncUri = QStringLiteral("api://5eed0000-0000-4000-8000-000000000402");
const QString kDoAllId = QStringLiteral("5eed0000-0000-4000-8000-0000000004d0");

QJsonObject doAll(bool enabled = true, const QString &value = QStringLiteral("DoAll"))
{
    return { { QStringLiteral("id"), kDoAllId }, { QStringLiteral("value"), value },
        { QStringLiteral("displayName"), QStringLiteral("Do all") },
        { QStringLiteral("description"), QStringLiteral("Call every operation of aad-func") },
        { QStringLiteral("allowedMemberTypes"), QJsonArray { QStringLiteral("Application") } },
        { QStringLiteral("isEnabled"), enabled } };
}

QByteArray rolesBody(const QJsonArray &roles)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("appRoles"), roles } }).toJson(QJsonDocument::Compact);
}

} // namespace

class TestEmulatorLiveEdits : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;

    Answer imds(const QString &resource)
    {
        return send(m_client, "GET",
            url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), resource } }),
            { { "Metadata", "true" } });
    }
    Answer setIdentity(const QString &name, const QByteArray &body)
    {
        HeaderList headers = adminAuth(m_emulator);
        headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
        return send(m_client, "PATCH", url(m_emulator, QStringLiteral("/admin/identities/") + name), headers, body);
    }
    Answer patchApp(const QByteArray &body, const char *identity = "idex-reader")
    {
        QString error;
        const QString token = m_emulator.issueToken(
            QString::fromLatin1(identity), QStringLiteral("https://graph.microsoft.com"), &error);
        [&] { QVERIFY2(!token.isEmpty(), qPrintable(error)); }();
        return send(m_client, "PATCH", url(m_emulator, QStringLiteral("/v1.0/applications/") + kAadFuncAppObjectId),
            { { "Authorization", "Bearer " + token.toLatin1() }, { "Content-Type", "application/json" } }, body);
    }
    QStringList roleValues(const char *appOrSp)
    {
        const Scenario &s = m_emulator.scenario();
        const QList<AppRole> roles = QByteArray(appOrSp) == "app"
            ? s.applicationByName(QStringLiteral("aad-func"))->appRoles
            : s.servicePrincipalByAppId(s.applicationByName(QStringLiteral("aad-func"))->appId)->appRoles;
        QStringList values;
        for (const AppRole &r : roles)
            values << r.value + (r.isEnabled ? QString() : QStringLiteral("(off)"));
        return values;
    }
    static QString graphCode(const Answer &a)
    {
        return a.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }

private Q_SLOTS:
    void init()
    {
        // A fresh run per test, with the keys of the first (generating RSA keys is the slow part).
        const EmulatorKeys keys = m_emulator.keys();
        m_emulator.stop();
        EmulatorOptions options;
        options.scenario = QStringLiteral("from-scratch");
        QString error;
        QVERIFY2(keys.isValid() ? m_emulator.start(options, keys, &error) : m_emulator.start(options, &error),
            qPrintable(error));
    }

    void identityOffAnswersIdentityNotFound()
    {
        const Answer a = imds(kAadFuncUri);
        QCOMPARE(a.status, 400);
        QCOMPARE(a.json().value(QStringLiteral("error_description")).toString(), QStringLiteral("Identity not found"));
        // Azure keeps no service principal for an identity that is off.
        QVERIFY(!m_emulator.scenario().servicePrincipalById(
            m_emulator.scenario().identityByName(QStringLiteral("caller-func"))->principalId));
    }

    void turningTheIdentityOnCreatesANewServicePrincipal()
    {
        const QString before = m_emulator.scenario().identityByName(QStringLiteral("caller-func"))->principalId;
        QSignalSpy changed(&m_emulator, &Emulator::scenarioChanged);
        const Answer on = setIdentity(QStringLiteral("caller-func"), R"({"enabled":true})");
        QCOMPARE(on.status, 200);
        QCOMPARE(changed.size(), 1);
        const QString principal = on.json().value(QStringLiteral("principalId")).toString();
        QVERIFY(!QUuid::fromString(principal).isNull());
        QVERIFY(principal != before);
        const ServicePrincipal *sp = m_emulator.scenario().servicePrincipalById(principal);
        QVERIFY(sp);
        QCOMPARE(sp->servicePrincipalType, QStringLiteral("ManagedIdentity"));
        QVERIFY(sp->alternativeNames.contains(QStringLiteral("isExplicit=False")));
        const Answer token = imds(kAadFuncUri);
        QCOMPARE(token.status, 200);
        QJsonObject header, claims;
        QVERIFY(decodeJwt(token.json().value(QStringLiteral("access_token")).toString(), &header, &claims));
        QCOMPARE(claims.value(QStringLiteral("oid")).toString(), principal);
        QCOMPARE(
            claims.value(QStringLiteral("appid")).toString(), on.json().value(QStringLiteral("clientId")).toString());
        QVERIFY(!claims.contains(QStringLiteral("roles")));
    }

    void turningItOffDeletesItsServicePrincipalAndAssignments()
    {
        QCOMPARE(setIdentity(QStringLiteral("caller-func"), R"({"enabled":true})").status, 200);
        QCOMPARE(patchApp(rolesBody({ doAll() })).status, 204);
        const Scenario &s = m_emulator.scenario();
        const QString principal = s.identityByName(QStringLiteral("caller-func"))->principalId;
        const QString resource = s.servicePrincipalByAppId(s.applicationByName(QStringLiteral("aad-func"))->appId)->id;
        QString error;
        QVERIFY2(m_emulator.addAssignment(principal, resource, kDoAllId, nullptr, &error), qPrintable(error));
        QCOMPARE(setIdentity(QStringLiteral("caller-func"), R"({"enabled":false})").status, 200);
        QVERIFY(!m_emulator.scenario().servicePrincipalById(principal));
        for (const AppRoleAssignment &a : m_emulator.scenario().appRoleAssignments)
            QVERIFY(a.principalId != principal);
        QCOMPARE(imds(kAadFuncUri).status, 400);
        // On again: another principal, without the role it held before.
        const Answer on = setIdentity(QStringLiteral("caller-func"), R"({"enabled":true})");
        QVERIFY(on.json().value(QStringLiteral("principalId")).toString() != principal);
        QVERIFY(m_emulator.scenario()
                    .rolesOf(on.json().value(QStringLiteral("principalId")).toString(), resource)
                    .isEmpty());
    }

    void identityAdminRouteRefusesBadRequests()
    {
        QCOMPARE(setIdentity(QStringLiteral("caller-func"), R"({"enabled":"yes"})").status, 400);
        QCOMPARE(setIdentity(QStringLiteral("idex-reader"), R"({"enabled":false})").status, 404); // user-assigned
        QCOMPARE(setIdentity(QStringLiteral("nobody"), R"({"enabled":true})").status, 404);
        // Without the admin token: 401, and nothing changed.
        const Answer anonymous
            = send(m_client, "PATCH", url(m_emulator, QStringLiteral("/admin/identities/caller-func")),
                { { "Content-Type", "application/json" } }, R"({"enabled":true})");
        QCOMPARE(anonymous.status, 401);
        QVERIFY(!m_emulator.scenario().identityByName(QStringLiteral("caller-func"))->enabled);
    }

    void addChangeAndRemoveAnAppRoleAsGraphDoes()
    {
        QSignalSpy changed(&m_emulator, &Emulator::scenarioChanged);
        QCOMPARE(patchApp(rolesBody({ doAll() })).status, 204);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(roleValues("app"), QStringList { QStringLiteral("DoAll") });
        QCOMPARE(roleValues("sp"), QStringList { QStringLiteral("DoAll") }); // the service principal mirrors it
        // Changing the value of an enabled role, or removing it: Graph's refusal, nothing changed.
        for (const QByteArray &body : { rolesBody({ doAll(true, QStringLiteral("DoEverything")) }), rolesBody({}) }) {
            const Answer refused = patchApp(body);
            QCOMPARE(refused.status, 400);
            QCOMPARE(graphCode(refused), QStringLiteral("CannotDeleteOrUpdateEnabledEntitlement"));
            QCOMPARE(
                refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
                QStringLiteral("Permission (scope or role) cannot be deleted or updated unless disabled first."));
            QCOMPARE(roleValues("app"), QStringList { QStringLiteral("DoAll") });
        }
        // Disable first, then change the value, then remove.
        QCOMPARE(patchApp(rolesBody({ doAll(false) })).status, 204);
        QCOMPARE(roleValues("sp"), QStringList { QStringLiteral("DoAll(off)") });
        QCOMPARE(patchApp(rolesBody({ doAll(false, QStringLiteral("DoEverything")) })).status, 204);
        QCOMPARE(roleValues("app"), QStringList { QStringLiteral("DoEverything(off)") });
        QCOMPARE(patchApp(rolesBody({})).status, 204);
        QVERIFY(roleValues("app").isEmpty());
        QVERIFY(roleValues("sp").isEmpty());
        // The change is what Graph serves afterwards.
        QString error;
        const QString token = m_emulator.issueToken(
            QStringLiteral("idex-reader"), QStringLiteral("https://graph.microsoft.com"), &error);
        const Answer app
            = send(m_client, "GET", url(m_emulator, QStringLiteral("/v1.0/applications/") + kAadFuncAppObjectId),
                { { "Authorization", "Bearer " + token.toLatin1() } });
        QCOMPARE(app.json().value(QStringLiteral("appRoles")).toArray().size(), 0);
    }

    void patchNeedsApplicationReadWriteAll()
    {
        const Answer denied = patchApp(rolesBody({ doAll() }), "idex-noaccess");
        QCOMPARE(denied.status, 403);
        QCOMPARE(graphCode(denied), QStringLiteral("Authorization_RequestDenied"));
        QVERIFY(roleValues("app").isEmpty());
    }

    void patchRefusesBrokenRoles_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("inMessage");
        QJsonObject spaced = doAll();
        spaced.insert(QStringLiteral("value"), QStringLiteral("Do All"));
        QJsonObject noTypes = doAll();
        noTypes.insert(QStringLiteral("allowedMemberTypes"), QJsonArray());
        QJsonObject other = doAll();
        other.insert(QStringLiteral("id"), QStringLiteral("5eed0000-0000-4000-8000-0000000004d1"));
        QTest::newRow("space in value") << rolesBody({ spaced }) << "appRoles[0].value";
        QTest::newRow("no member type") << rolesBody({ noTypes }) << "allowedMemberTypes";
        QTest::newRow("duplicate id") << rolesBody({ doAll(), doAll() }) << "id";
        QTest::newRow("duplicate value") << rolesBody({ doAll(), other }) << "value 'DoAll'";
        QTest::newRow("not an array") << QByteArray(R"({"appRoles":{}})") << "array";
        QTest::newRow("other property") << QByteArray(R"({"displayName":"x"})") << "displayName";
        QTest::newRow("not JSON") << QByteArray("{") << "JSON";
    }
    void patchRefusesBrokenRoles()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, inMessage);
        const Answer refused = patchApp(body);
        QCOMPARE(refused.status, 400);
        const QString message
            = refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(inMessage), qPrintable(message));
        QVERIFY(roleValues("app").isEmpty());
    }

    void unknownApplicationIs404()
    {
        QString error;
        const QString token = m_emulator.issueToken(
            QStringLiteral("idex-reader"), QStringLiteral("https://graph.microsoft.com"), &error);
        const Answer a = send(m_client, "PATCH",
            url(m_emulator, QStringLiteral("/v1.0/applications/5eed0000-0000-4000-8000-00000000dead")),
            { { "Authorization", "Bearer " + token.toLatin1() }, { "Content-Type", "application/json" } },
            rolesBody({ doAll() }));
        QCOMPARE(a.status, 404);
        QCOMPARE(graphCode(a), QStringLiteral("Request_ResourceNotFound"));
    }
};

QTEST_GUILESS_MAIN(TestEmulatorLiveEdits)
#include "test_emulator_liveedits.moc"
