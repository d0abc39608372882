// The emulator's Microsoft Graph subset and its admin API over real loopback HTTP: bearer checks, application
// permissions with Graph's error shapes, $filter/$select/$top paging, assignment create/delete.
#include "emulator/routes.h"
#include "emulatortestsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

class TestEmulatorGraph : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    QByteArray m_readerToken;

    QByteArray tokenFor(const char *identity, const QString &resource = QStringLiteral("https://graph.microsoft.com"))
    {
        QString error;
        const QString token = m_emulator.issueToken(QString::fromLatin1(identity), resource, &error);
        [&] { QVERIFY2(!token.isEmpty(), qPrintable(error)); }();
        return token.toLatin1();
    }
    Answer graph(
        const QByteArray &method, const QString &pathAndQuery, const QByteArray &token, const QByteArray &body = {})
    {
        QUrl u(m_emulator.baseUrl().toString() + pathAndQuery);
        HeaderList headers;
        if (!token.isEmpty())
            headers << qMakePair(QByteArray("Authorization"), "Bearer " + token);
        if (!body.isEmpty())
            headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
        return send(m_client, method, u, headers, body);
    }
    QString spIdOf(const QString &appId) const { return m_emulator.scenario().servicePrincipalByAppId(appId)->id; }
    QString aadFuncSp() const
    {
        return spIdOf(m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appId);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(EmulatorOptions {}, &error), qPrintable(error));
        m_readerToken = tokenFor("idex-reader");
    }

    void readsNeedABearerToken()
    {
        const Answer a = graph("GET", QStringLiteral("/v1.0/applications"), {});
        QCOMPARE(a.status, 401);
        QCOMPARE(a.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("InvalidAuthenticationToken"));
        QVERIFY(a.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("innerError"))
                    .toObject()
                    .contains(QStringLiteral("request-id")));
    }

    void tokenForAnotherAudienceIs401()
    {
        const Answer a = graph("GET", QStringLiteral("/v1.0/applications"),
            tokenFor("idex-reader", QStringLiteral("https://management.azure.com/")));
        QCOMPARE(a.status, 401);
        QVERIFY(a.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("audience")));
    }

    void withoutPermissionIs403_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("identity");
        QTest::newRow("read without Application.Read.All") << QByteArray("GET") << "idex-noaccess";
        QTest::newRow("write without AppRoleAssignment.ReadWrite.All") << QByteArray("POST") << "caller-func";
    }
    void withoutPermissionIs403()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, identity);
        const QString path = method == "GET"
            ? QStringLiteral("/v1.0/servicePrincipals")
            : QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo").arg(aadFuncSp());
        const Answer a = graph(method, path, tokenFor(identity.toLatin1().constData()), "{}");
        QCOMPARE(a.status, 403);
        QCOMPARE(a.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("Authorization_RequestDenied"));
        QCOMPARE(a.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
            QStringLiteral("Insufficient privileges to complete the operation."));
    }

    void listsApplicationsAndServicePrincipals()
    {
        const Answer apps = graph("GET", QStringLiteral("/v1.0/applications"), m_readerToken);
        QCOMPARE(apps.status, 200);
        QVERIFY(apps.json()
                    .value(QStringLiteral("@odata.context"))
                    .toString()
                    .endsWith(QLatin1String("/v1.0/$metadata#applications")));
        const QJsonArray value = apps.json().value(QStringLiteral("value")).toArray();
        QCOMPARE(value.size(), m_emulator.scenario().applications.size());
        const QJsonObject aadFunc = value.first().toObject();
        QCOMPARE(aadFunc.value(QStringLiteral("displayName")).toString(), QStringLiteral("aad-func"));
        QCOMPARE(aadFunc.value(QStringLiteral("appRoles"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toString(),
            QStringLiteral("DoAll"));
        QVERIFY(aadFunc.value(QStringLiteral("api"))
                    .toObject()
                    .value(QStringLiteral("requestedAccessTokenVersion"))
                    .isNull());

        const Answer sps = graph("GET", QStringLiteral("/v1.0/servicePrincipals"), m_readerToken);
        QCOMPARE(
            sps.json().value(QStringLiteral("value")).toArray().size(), m_emulator.scenario().servicePrincipals.size());
    }

    void filtersManagedIdentities()
    {
        const Answer a = graph("GET",
            QStringLiteral("/v1.0/servicePrincipals?$filter=servicePrincipalType%20eq%20'ManagedIdentity'"),
            m_readerToken);
        QCOMPARE(a.status, 200);
        const QJsonArray value = a.json().value(QStringLiteral("value")).toArray();
        QCOMPARE(value.size(), m_emulator.scenario().identities.size());
        for (const QJsonValue &sp : value) {
            QCOMPARE(sp.toObject().value(QStringLiteral("servicePrincipalType")).toString(),
                QStringLiteral("ManagedIdentity"));
            QVERIFY(sp.toObject()
                        .value(QStringLiteral("alternativeNames"))
                        .toArray()
                        .first()
                        .toString()
                        .startsWith(QLatin1String("isExplicit=")));
        }
        QCOMPARE(
            graph("GET", QStringLiteral("/v1.0/servicePrincipals?$filter=servicePrincipalType+eq+'ManagedIdentity'"),
                m_readerToken)
                .json()
                .value(QStringLiteral("value"))
                .toArray()
                .size(),
            value.size());
        QCOMPARE(
            graph("GET", QStringLiteral("/v1.0/servicePrincipals?$filter=startswith(displayName,'a')"), m_readerToken)
                .status,
            400);
    }

    void selectsTopLevelFields()
    {
        const Answer a = graph("GET", QStringLiteral("/v1.0/servicePrincipals?$select=id,displayName"), m_readerToken);
        const QJsonObject first = a.json().value(QStringLiteral("value")).toArray().first().toObject();
        QCOMPARE(first.keys(), (QStringList { QStringLiteral("displayName"), QStringLiteral("id") }));
    }

    void pagesWithNextLink_data()
    {
        QTest::addColumn<int>("top");
        QTest::newRow("top 1") << 1;
        QTest::newRow("top 2") << 2;
        QTest::newRow("top 3") << 3;
    }
    void pagesWithNextLink()
    {
        QFETCH(int, top);
        const int total = int(m_emulator.scenario().servicePrincipals.size());
        QStringList ids;
        QString next = m_emulator.baseUrl().toString() + QStringLiteral("/v1.0/servicePrincipals?$top=%1").arg(top);
        int pages = 0;
        while (!next.isEmpty() && pages < 50) {
            const Answer a = send(m_client, "GET", QUrl(next), { { "Authorization", "Bearer " + m_readerToken } });
            QCOMPARE(a.status, 200);
            const QJsonArray value = a.json().value(QStringLiteral("value")).toArray();
            QVERIFY(value.size() <= top);
            for (const QJsonValue &v : value)
                ids << v.toObject().value(QStringLiteral("id")).toString();
            next = a.json().value(QStringLiteral("@odata.nextLink")).toString();
            ++pages;
        }
        QCOMPARE(ids.size(), total);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), total);
        QCOMPARE(pages, (total + top - 1) / top);
        QCOMPARE(graph("GET", QStringLiteral("/v1.0/servicePrincipals?$top=1000"), m_readerToken).status, 400);
    }

    void pagingJunkIs400_data()
    {
        const auto skip = [](const QByteArray &text) {
            return QString::fromLatin1(text.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        const QString size = QStringLiteral("Request_UnsupportedQuery"),
                      token = QStringLiteral("Directory_InvalidSkipToken");
        QTest::newRow("$top overflows 64 bits") << "$top=99999999999999999999" << size;
        QTest::newRow("$top 2^32 + 1 (wraps to 1 in 32 bits)") << "$top=4294967297" << size;
        QTest::newRow("$top negative") << "$top=-1" << size;
        QTest::newRow("$top zero") << "$top=0" << size;
        QTest::newRow("$top not a number") << "$top=ten" << size;
        QTest::newRow("$top with exponent") << "$top=1e2" << size;
        QTest::newRow("$top with a sign") << "$top=%2B5" << size;
        QTest::newRow("$top empty") << "$top=" << size;
        QTest::newRow("$skiptoken 2^64 in the clear") << "$skiptoken=18446744073709551616" << token;
        QTest::newRow("$skiptoken not base64url") << "$skiptoken=!!!" << token;
        QTest::newRow("$skiptoken 2^64") << "$skiptoken=" + skip("skip:18446744073709551616") << token;
        QTest::newRow("$skiptoken INT_MAX (skip + top overflows)") << "$skiptoken=" + skip("skip:2147483647") << token;
        QTest::newRow("$skiptoken negative") << "$skiptoken=" + skip("skip:-1") << token;
        QTest::newRow("$skiptoken junk after the number") << "$skiptoken=" + skip("skip:5abc") << token;
        QTest::newRow("$skiptoken without prefix") << "$skiptoken=" + skip("5") << token;
    }
    void pagingJunkIs400()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        const Answer a = graph("GET", QStringLiteral("/v1.0/servicePrincipals?") + query, m_readerToken);
        QCOMPARE(a.status, 400);
        const QJsonObject error = a.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(error.value(QStringLiteral("innerError")).toObject().contains(QStringLiteral("request-id")));
    }

    void skipTokenPastTheEndIsAnEmptyLastPage()
    {
        const QString token = QString::fromLatin1(
            QByteArray("skip:999999999").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const Answer a
            = graph("GET", QStringLiteral("/v1.0/servicePrincipals?$top=999&$skiptoken=") + token, m_readerToken);
        QCOMPARE(a.status, 200);
        QVERIFY(a.json().value(QStringLiteral("value")).toArray().isEmpty());
        QVERIFY(!a.json().contains(QStringLiteral("@odata.nextLink")));
    }

    void assignmentsOfAResourceAndOfAPrincipal()
    {
        const Identity *caller = m_emulator.scenario().identityByName(QStringLiteral("caller-func"));
        const Answer to = graph(
            "GET", QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo").arg(aadFuncSp()), m_readerToken);
        QCOMPARE(to.status, 200);
        const QJsonArray value = to.json().value(QStringLiteral("value")).toArray();
        QCOMPARE(value.size(), 1);
        QCOMPARE(value.first().toObject().value(QStringLiteral("principalId")).toString(), caller->principalId);
        QCOMPARE(value.first().toObject().value(QStringLiteral("principalDisplayName")).toString(),
            QStringLiteral("caller-func"));
        const Answer of = graph("GET",
            QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignments").arg(caller->principalId), m_readerToken);
        QCOMPARE(of.json().value(QStringLiteral("value")).toArray().size(), 1);
        const Answer byAppId
            = graph("GET", QStringLiteral("/v1.0/servicePrincipals(appId='%1')").arg(caller->clientId), m_readerToken);
        QCOMPARE(byAppId.json().value(QStringLiteral("id")).toString(), caller->principalId);
        QCOMPARE(
            graph("GET", QStringLiteral("/v1.0/servicePrincipals/11111111-2222-3333-4444-555555555555"), m_readerToken)
                .json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("code"))
                .toString(),
            QStringLiteral("Request_ResourceNotFound"));
    }

    void createAndDeleteAnAssignment()
    {
        const Identity *noaccess = m_emulator.scenario().identityByName(QStringLiteral("idex-noaccess"));
        const QString roleId = m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appRoles.first().id;
        QSignalSpy changed(&m_emulator, &Emulator::scenarioChanged);
        QSignalSpy served(&m_emulator, &Emulator::requestServed);
        const QByteArray body = QJsonDocument(
            QJsonObject { { QStringLiteral("principalId"), noaccess->principalId },
                { QStringLiteral("resourceId"), aadFuncSp() },
                { QStringLiteral("appRoleId"),
                    roleId } }).toJson();
        const Answer created = graph("POST",
            QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo").arg(aadFuncSp()), m_readerToken, body);
        QCOMPARE(created.status, 201);
        QCOMPARE(changed.size(), 1);
        // The request log names the role, the principal and the resource, not their GUIDs.
        QVERIFY2(served.last().at(0).toString().contains(QLatin1String("assigned DoAll to idex-noaccess on aad-func")),
            qPrintable(served.last().at(0).toString()));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(id.size(), 43);
        QCOMPARE(created.json().value(QStringLiteral("resourceDisplayName")).toString(), QStringLiteral("aad-func"));
        QVERIFY(
            QDateTime::fromString(created.json().value(QStringLiteral("createdDateTime")).toString(), Qt::ISODateWithMs)
                .isValid());
        QVERIFY(m_emulator.scenario().rolesOf(noaccess->principalId, aadFuncSp()).contains(QStringLiteral("DoAll")));
        // Duplicate and unknown role are Graph 400s.
        QCOMPARE(graph("POST", QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo").arg(aadFuncSp()),
                     m_readerToken, body)
                     .status,
            400);
        QByteArray unknownRole = body;
        unknownRole.replace(roleId.toLatin1(), "11111111-2222-3333-4444-555555555555");
        QCOMPARE(graph("POST", QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo").arg(aadFuncSp()),
                     m_readerToken, unknownRole)
                     .status,
            400);

        const Answer deleted = graph("DELETE",
            QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo/%2").arg(aadFuncSp(), id), m_readerToken);
        QCOMPARE(deleted.status, 204);
        QCOMPARE(changed.size(), 2);
        QVERIFY2(served.last().at(0).toString().contains(QLatin1String("removed DoAll of idex-noaccess on aad-func")),
            qPrintable(served.last().at(0).toString()));
        QVERIFY(m_emulator.scenario().rolesOf(noaccess->principalId, aadFuncSp()).isEmpty());
        QCOMPARE(graph("DELETE", QStringLiteral("/v1.0/servicePrincipals/%1/appRoleAssignedTo/%2").arg(aadFuncSp(), id),
                     m_readerToken)
                     .status,
            404);
    }

    void adminPeersAreLoopbackOnly_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::newRow("127.8.9.10") << "127.8.9.10" << true;
        QTest::newRow("::1") << "::1" << true;
        QTest::newRow("IPv4-mapped loopback") << "::ffff:127.0.0.1" << true;
        QTest::newRow("LAN") << "192.168.1.20" << false;
        QTest::newRow("IPv4-mapped LAN") << "::ffff:10.0.0.1" << false;
        QTest::newRow("IPv6 global") << "2001:db8::1" << false;
    }
    void adminPeersAreLoopbackOnly()
    {
        QFETCH(QString, peer);
        QFETCH(bool, allowed);
        QCOMPARE(routes::isAdminPeer(QHostAddress(peer)), allowed);
    }

    void adminApi()
    {
        const QUrl base = m_emulator.baseUrl();
        const auto admin = [&](const QByteArray &method, const QString &path, const QByteArray &body = {}) {
            return send(m_client, method, QUrl(base.toString() + path),
                adminAuth(m_emulator) + HeaderList { { "Content-Type", "application/json" } }, body);
        };
        const Answer scenario = admin("GET", QStringLiteral("/admin/scenario"));
        QCOMPARE(scenario.status, 200);
        QCOMPARE(scenario.json().value(QStringLiteral("name")).toString(), QStringLiteral("seed"));
        QCOMPARE(
            scenario.json().value(QStringLiteral("runtime")).toObject().value(QStringLiteral("issuerV1")).toString(),
            m_emulator.issuerV1());

        const Identity *noaccess = m_emulator.scenario().identityByName(QStringLiteral("idex-noaccess"));
        const QString roleId = m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appRoles.first().id;
        const Answer created = admin("POST", QStringLiteral("/admin/assignments"),
            QJsonDocument(QJsonObject { { QStringLiteral("principalId"), noaccess->principalId },
                              { QStringLiteral("resourceId"), aadFuncSp() }, { QStringLiteral("appRoleId"), roleId } })
                .toJson());
        QCOMPARE(created.status, 201);
        QCOMPARE(admin("DELETE",
                     QStringLiteral("/admin/assignments/") + created.json().value(QStringLiteral("id")).toString())
                     .status,
            204);
        QCOMPARE(admin("DELETE", QStringLiteral("/admin/assignments/nope")).status, 404);
        QCOMPARE(admin("POST", QStringLiteral("/admin/assignments"), "{\"principalId\":\"x\"}").status, 400);
        QCOMPARE(admin("POST", QStringLiteral("/admin/assignments"), "{not json").status, 400);

        const QByteArray oldKid = m_emulator.publishedKeyIds().first();
        const Answer rotated = admin("POST", QStringLiteral("/admin/keys/rotate"), "{\"keepPrevious\":true}");
        QCOMPARE(rotated.status, 200);
        QCOMPARE(rotated.json().value(QStringLiteral("published")).toArray().size(), 2);
        QVERIFY(rotated.json().value(QStringLiteral("kid")).toString().toLatin1() != oldKid);

        QCOMPARE(admin("PUT", QStringLiteral("/admin/faults"),
                     "[{\"kind\":\"latency\",\"route\":\"imds\",\"latencyMs\":10},{\"kind\":\"throttle\",\"route\":"
                     "\"graph\",\"count\":1}]")
                     .status,
            200);
        QCOMPARE(m_emulator.faults().size(), 2);
        const Answer badFault = admin("PUT", QStringLiteral("/admin/faults"), "{\"kind\":\"meteor\"}");
        QCOMPARE(badFault.status, 400);
        QVERIFY(badFault.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("faults[0].kind")));
        QCOMPARE(admin("DELETE", QStringLiteral("/admin/faults")).status, 204);
        QVERIFY(m_emulator.faults().isEmpty());

        QCOMPARE(admin("PUT", QStringLiteral("/admin/clock-skew"), "{\"seconds\":120}").status, 200);
        QCOMPARE(m_emulator.clockSkew(), 120);
        QCOMPARE(admin("PUT", QStringLiteral("/admin/clock-skew"), "{\"seconds\":\"soon\"}").status, 400);
        m_emulator.setClockSkew(0);
        QVERIFY(admin("DELETE", QStringLiteral("/admin/token-cache")).json().contains(QStringLiteral("flushed")));
        QCOMPARE(admin("GET", QStringLiteral("/admin/unknown")).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestEmulatorGraph)
#include "test_emulator_graph.moc"
