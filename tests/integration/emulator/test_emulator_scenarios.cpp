// Faults, the platform token cache, the built-in scenarios end to end, v2 tokens, Entra issuer strings and the
// error messages for bad scenario files, all over real loopback HTTP.
#include "emulatortestsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

class TestEmulatorScenarios : public QObject
{
    Q_OBJECT
private:
    HttpClient m_client;
    QTemporaryDir m_dir;
    EmulatorKeys m_keys; ///< one key set for every emulator here: RSA generation would dominate the run time

    static Answer imds(HttpClient &client, const Emulator &e, const QString &resource, const QString &clientId = {})
    {
        QList<QPair<QString, QString>> q { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
            { QStringLiteral("resource"), resource } };
        if (!clientId.isEmpty())
            q << qMakePair(QStringLiteral("client_id"), clientId);
        return send(
            client, "GET", url(e, QStringLiteral("/metadata/identity/oauth2/token"), q), { { "Metadata", "true" } });
    }
    static QString funcResource(const Emulator &e)
    {
        return e.scenario().applicationByName(QStringLiteral("aad-func"))->identifierUris.first();
    }
    Answer callFunction(const Emulator &e, const QString &token)
    {
        return send(m_client, "GET", url(e, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + token.toLatin1() } });
    }
    static QJsonObject claimsOf(const QString &token)
    {
        QJsonObject h, c;
        decodeJwt(token, &h, &c);
        return c;
    }
    QString writeScenario(const QString &name, const QByteArray &json)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(json);
        return path;
    }
    static QJsonObject seedJson()
    {
        QFile f(QStringLiteral(":/scenarios/seed.json"));
        f.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(f.readAll()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keys = Emulator::generateKeys();
        QVERIFY(m_keys.isValid());
    }

    void builtInScenarioWalkthroughs_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : builtInScenarioNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void builtInScenarioWalkthroughs()
    {
        QFETCH(QString, name);
        Emulator e;
        EmulatorOptions options;
        options.scenario = name;
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        const Walkthrough &w = e.scenario().walkthrough;
        QVERIFY(!w.explanation.isEmpty());
        const Identity *id = e.scenario().identityByName(w.identity);
        QVERIFY(id);
        const Answer token = imds(m_client, e, w.resource, id->isSystem() ? QString() : id->clientId);
        if (w.expected == QLatin1String("none")) {
            QCOMPARE(token.status, 400); // identity not found / invalid_resource: no token at all
            return;
        }
        QCOMPARE(token.status, 200);
        // The walkthrough's own path: a protected function, or Microsoft Graph (reader-no-graph).
        const Answer call = send(m_client, "GET", url(e, w.functionPath),
            { { "Authorization",
                "Bearer " + token.json().value(QStringLiteral("access_token")).toString().toLatin1() } });
        QCOMPARE(QString::number(call.status), w.expected);
    }

    void scenarioJsonRoundTrips_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : builtInScenarioNames())
            QTest::addRow("%s", qPrintable(name)) << name;
    }
    void scenarioJsonRoundTrips()
    {
        // What GET /admin/scenario (and Scenario::toJson) writes must load again: users save the live scenario
        // after editing it in the GUI, and tests derive restricted copies from it.
        QFETCH(QString, name);
        Scenario original;
        QString error;
        QVERIFY2(loadScenario(name, &original, &error), qPrintable(error));
        QJsonObject written = original.toJson();
        written.insert(QStringLiteral("runtime"),
            QJsonObject { { QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:1") } });
        Scenario reloaded;
        QVERIFY2(parseScenario(QJsonDocument(written).toJson(), name, &reloaded, &error), qPrintable(error));
        written.remove(QStringLiteral("runtime"));
        QCOMPARE(reloaded.toJson(), written);
        QCOMPARE(reloaded.servicePrincipals.size(), original.servicePrincipals.size());
    }

    void commentedExampleScenario()
    {
        Emulator e;
        EmulatorOptions options;
        options.scenario = QStringLiteral(":/scenarios/example.json");
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        QCOMPARE(e.scenario().name, QStringLiteral("example"));
        const Walkthrough &w = e.scenario().walkthrough;
        const Identity *reader = e.scenario().identityByName(w.identity);
        const Answer token = imds(m_client, e, w.resource, reader->clientId);
        QCOMPARE(token.status, 200);
        QCOMPARE(claimsOf(token.json().value(QStringLiteral("access_token")).toString())
                     .value(QStringLiteral("roles"))
                     .toArray(),
            QJsonArray { QStringLiteral("Orders.Read") });
        const Answer call = send(m_client, "GET", url(e, w.functionPath),
            { { "Authorization",
                "Bearer " + token.json().value(QStringLiteral("access_token")).toString().toLatin1() } });
        QCOMPARE(QString::number(call.status), w.expected);
        const Answer web = imds(m_client, e, w.resource);
        const Answer denied = send(m_client, "GET", url(e, w.functionPath),
            { { "Authorization",
                "Bearer " + web.json().value(QStringLiteral("access_token")).toString().toLatin1() } });
        QCOMPARE(denied.status, 403);
        QCOMPARE(e.scenario().identityHeader, QStringLiteral("EXAMPLE-SECRET-NOT-REAL"));
    }

    void staleTokenAfterAssignmentUntilCacheFlush()
    {
        Emulator e;
        EmulatorOptions options;
        options.scenario = QStringLiteral("stale-token");
        QVERIFY(e.start(options, m_keys));
        const QString first
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(callFunction(e, first).status, 403);
        QVERIFY(!claimsOf(first).contains(QStringLiteral("roles")));

        const Identity *caller = e.scenario().identityByName(QStringLiteral("caller-func"));
        const ServicePrincipal *sp
            = e.scenario().servicePrincipalByAppId(e.scenario().applicationByName(QStringLiteral("aad-func"))->appId);
        QVERIFY(e.addAssignment(caller->principalId, sp->id, sp->appRoles.first().id));

        const QString cached
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(cached, first); // the platform cache hands out the same token: still no roles
        QCOMPARE(callFunction(e, cached).status, 403);
        QCOMPARE(e.tokenCacheSize(), 1);

        const Answer flushed = send(m_client, "DELETE", url(e, QStringLiteral("/admin/token-cache")), adminAuth(e));
        QCOMPARE(flushed.json().value(QStringLiteral("flushed")).toInt(), 1);
        const QString fresh
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QVERIFY(fresh != first);
        QCOMPARE(claimsOf(fresh).value(QStringLiteral("roles")).toArray(), QJsonArray { QStringLiteral("DoAll") });
        QCOMPARE(callFunction(e, fresh).status, 200);
    }

    void cacheIsPerIdentityAndResource()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        const Identity *reader = e.scenario().identityByName(QStringLiteral("idex-reader"));
        const QString a = imds(m_client, e, QStringLiteral("https://vault.azure.net"))
                              .json()
                              .value(QStringLiteral("access_token"))
                              .toString();
        const QString b = imds(m_client, e, QStringLiteral("https://storage.azure.com/"))
                              .json()
                              .value(QStringLiteral("access_token"))
                              .toString();
        const QString c = imds(m_client, e, QStringLiteral("https://vault.azure.net"), reader->clientId)
                              .json()
                              .value(QStringLiteral("access_token"))
                              .toString();
        QVERIFY(a != b && a != c && b != c);
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net"))
                     .json()
                     .value(QStringLiteral("access_token"))
                     .toString(),
            a);
        QCOMPARE(e.tokenCacheSize(), 3);
    }

    void statusAndThrottleFaults_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::newRow("500 twice") << "{\"kind\":\"status\",\"route\":\"imds\",\"status\":500,\"count\":2}" << 500
                                   << QByteArray();
        QTest::newRow("503 twice, any route")
            << "{\"kind\":\"status\",\"route\":\"*\",\"status\":503,\"count\":2}" << 503 << QByteArray();
        QTest::newRow("429 twice") << "{\"kind\":\"throttle\",\"route\":\"imds\",\"retryAfterSeconds\":7,\"count\":2}"
                                   << 429 << QByteArray("7");
        QTest::newRow("404 twice") << "{\"kind\":\"status\",\"route\":\"imds\",\"status\":404,\"count\":2}" << 404
                                   << QByteArray();
    }
    void statusAndThrottleFaults()
    {
        QFETCH(QString, fault);
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        QCOMPARE(
            send(m_client, "POST", url(e, QStringLiteral("/admin/faults")), adminAuth(e), fault.toUtf8()).status, 200);
        for (int i = 0; i < 2; ++i) {
            const Answer a = imds(m_client, e, QStringLiteral("https://vault.azure.net"));
            QCOMPARE(a.status, status);
            QCOMPARE(a.header("Retry-After"), retryAfter);
        }
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 200); // the count is used up
        QVERIFY(e.faults().isEmpty());
    }

    void faultsSpeakTheRoutesErrorShape()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        Fault graphThrottle;
        graphThrottle.kind = Fault::Kind::Throttle;
        graphThrottle.route = QStringLiteral("graph");
        graphThrottle.retryAfterSeconds = 2;
        graphThrottle.count = 1;
        Fault appServiceDown;
        appServiceDown.kind = Fault::Kind::Status;
        appServiceDown.route = QStringLiteral("appservice");
        appServiceDown.status = 503;
        appServiceDown.count = 1;
        e.setFaults({ graphThrottle, appServiceDown });
        const Answer graph = send(m_client, "GET", url(e, QStringLiteral("/v1.0/applications")));
        QCOMPARE(graph.status, 429);
        QCOMPARE(graph.header("Retry-After"), QByteArray("2"));
        QCOMPARE(graph.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("TooManyRequests"));
        const Answer app = send(m_client, "GET", url(e, QStringLiteral("/msi/token")));
        QCOMPARE(app.status, 503);
        QCOMPARE(app.json().value(QStringLiteral("statusCode")).toInt(), 503);
        QVERIFY(!app.json().value(QStringLiteral("correlationId")).toString().isEmpty());
    }

    void probabilityFaults()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        Fault never;
        never.kind = Fault::Kind::Status;
        never.route = QStringLiteral("imds");
        never.probability = 0.0;
        e.setFault(never);
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 200);
        Fault always = never;
        always.status = 502;
        always.probability = 1.0;
        e.setFaults({ always });
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 502);
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 502);
        // Another route is unaffected.
        QCOMPARE(send(m_client, "GET", e.discoveryUrl(1)).status, 200);
    }

    void upgradeWindowAnswers410()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        Fault f;
        f.kind = Fault::Kind::UpgradeWindow;
        f.route = QStringLiteral("imds");
        f.windowSeconds = 70;
        e.setFault(f);
        const Answer a = imds(m_client, e, QStringLiteral("https://vault.azure.net"));
        QCOMPARE(a.status, 410);
        QVERIFY(a.json().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("70 seconds")));
        f.windowSeconds = 0; // a window that has already closed
        e.setFaults({ f });
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 200);
    }

    void latencyFaultDelaysTheAnswer()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        Fault f;
        f.kind = Fault::Kind::Latency;
        f.route = QStringLiteral("imds");
        f.latencyMs = 150;
        e.setFault(f);
        QSignalSpy served(&e, &Emulator::requestServed);
        QCOMPARE(imds(m_client, e, QStringLiteral("https://vault.azure.net")).status, 200);
        QVERIFY(served.last().at(0).toString().contains(QStringLiteral("delayed 150 ms")));
    }

    void identityNotFoundFault_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("imds") << "imds";
        QTest::newRow("appservice") << "appservice";
        QTest::newRow("servicefabric") << "servicefabric";
    }
    void identityNotFoundFault()
    {
        QFETCH(QString, protocol);
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        Fault f;
        f.kind = Fault::Kind::IdentityNotFound;
        f.route = protocol;
        e.setFault(f);
        const QByteArray secret = e.scenario().identityHeader.toUtf8();
        Answer a;
        if (protocol == QLatin1String("imds")) {
            a = imds(m_client, e, QStringLiteral("https://vault.azure.net"));
            QCOMPARE(
                a.json().value(QStringLiteral("error_description")).toString(), QStringLiteral("Identity not found"));
        } else if (protocol == QLatin1String("appservice")) {
            a = send(m_client, "GET",
                url(e, QStringLiteral("/msi/token"),
                    { { QStringLiteral("api-version"), QStringLiteral("2019-08-01") },
                        { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
                { { "X-IDENTITY-HEADER", secret } });
            QVERIFY(a.json()
                        .value(QStringLiteral("message"))
                        .toString()
                        .contains(QStringLiteral("No Managed Identity found")));
        } else {
            QUrl u = e.serviceFabricEndpoint();
            u.setQuery(QStringLiteral("api-version=2019-07-01-preview&resource=https://vault.azure.net"));
            a = send(m_client, "GET", u, { { "secret", secret } }, {}, e.serviceFabricThumbprint());
            QCOMPARE(a.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                QStringLiteral("ManagedIdentityNotFound"));
        }
        QVERIFY(a.status == 400 || a.status == 404);
    }

    void tokenShapingFaults_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("functionError");
        QTest::newRow("expired") << "expiredToken"
                                 << "IDX10223";
        QTest::newRow("not yet valid") << "notYetValidToken"
                                       << "IDX10222";
        QTest::newRow("key rollover") << "keyRollover"
                                      << "IDX10501";
        QTest::newRow("clock skew beyond 5 min") << "clockSkew"
                                                 << "IDX10222";
    }
    void tokenShapingFaults()
    {
        QFETCH(QString, kind);
        QFETCH(QString, functionError);
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        const QString good = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        Fault f;
        QVERIFY(Fault::kindFromName(kind, &f.kind));
        f.skewSeconds = 900;
        e.setFault(f);
        const QString shaped
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QVERIFY(shaped != good); // faulted tokens bypass the cache
        const Answer call = callFunction(e, shaped);
        QCOMPARE(call.status, 401);
        QVERIFY2(call.header("WWW-Authenticate").contains(functionError.toUtf8()),
            call.header("WWW-Authenticate").constData());
        if (kind == QLatin1String("clockSkew")) {
            const qint64 iat = qint64(claimsOf(shaped).value(QStringLiteral("iat")).toDouble());
            QVERIFY(iat - QDateTime::currentSecsSinceEpoch() > 800);
        }
        e.clearFaults();
        QCOMPARE(imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString(), good);
        QCOMPARE(callFunction(e, good).status, 200);
    }

    void rotationKeepsOldTokensValidUntilTheOldKeyIsDropped()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        const QString before
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        e.rotateSigningKey(true);
        QCOMPARE(callFunction(e, before).status, 200);
        QString verdict = verifyWithJwks(before, send(m_client, "GET", e.jwksUrl(2)).json());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
        e.rotateSigningKey(false);
        QCOMPARE(e.publishedKeyIds().size(), 1);
        QCOMPARE(callFunction(e, before).status, 401);
        const QString after
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        verdict = verifyWithJwks(after, send(m_client, "GET", e.jwksUrl(1)).json());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    }

    void version2TokensWhenTheAppAsks()
    {
        QJsonObject seed = seedJson();
        QJsonArray apps = seed.value(QStringLiteral("applications")).toArray();
        QJsonObject app = apps.first().toObject();
        app.insert(QStringLiteral("requestedAccessTokenVersion"), 2);
        apps.replace(0, app);
        seed.insert(QStringLiteral("applications"), apps);
        Emulator e;
        EmulatorOptions options;
        options.scenario = writeScenario(QStringLiteral("v2.json"), QJsonDocument(seed).toJson());
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        const QString token
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QJsonObject header, claims;
        QVERIFY(decodeJwt(token, &header, &claims));
        QVERIFY(!header.contains(QStringLiteral("x5t")));
        QCOMPARE(claims.value(QStringLiteral("ver")).toString(), QStringLiteral("2.0"));
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), app.value(QStringLiteral("appId")).toString());
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), e.issuerV2());
        QCOMPARE(claims.value(QStringLiteral("azp")).toString(),
            e.scenario().identityByName(QStringLiteral("caller-func"))->clientId);
        QVERIFY(!claims.contains(QStringLiteral("appid")));
        const QString verdict = verifyViaDiscovery(m_client, token);
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
        QCOMPARE(callFunction(e, token).status, 200);
    }

    void entraIssuerStrings()
    {
        Emulator e;
        EmulatorOptions options;
        options.entraIssuers = true;
        QVERIFY(e.start(options, m_keys));
        const QString tid = e.scenario().tenantId;
        QCOMPARE(e.issuerV1(), QStringLiteral("https://sts.windows.net/%1/").arg(tid));
        QCOMPARE(e.issuerV2(), QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tid));
        const QString token
            = imds(m_client, e, funcResource(e)).json().value(QStringLiteral("access_token")).toString();
        QCOMPARE(claimsOf(token).value(QStringLiteral("iss")).toString(), e.issuerV1());
        QCOMPARE(
            send(m_client, "GET", e.discoveryUrl(1)).json().value(QStringLiteral("issuer")).toString(), e.issuerV1());
        QCOMPARE(callFunction(e, token).status, 200);
        const QString verdict = verifyWithJwks(token, send(m_client, "GET", e.jwksUrl(1)).json());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    }

    void badScenarioFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax error on line 3")
            << QByteArray("{\n  \"name\": \"x\",\n  \"tenantId\": oops\n}") << "bad.json:3: ";
        QTest::newRow("not an object") << QByteArray("[1,2]") << "a scenario is a JSON object";
        QTest::newRow("missing tenant") << QByteArray("{\"name\":\"x\"}") << "tenantId: is required";
        QTest::newRow("bad guid") << QByteArray("{\"name\":\"x\",\"tenantId\":\"not-a-guid\"}")
                                  << "tenantId: 'not-a-guid' is not a GUID";
        QTest::newRow("typo in a field") << QByteArray(
            "{\"name\":\"x\",\"tenantId\":\"5eed0000-0000-4000-8000-000000000001\",\"identites\":[]}")
                                         << "identites: unknown field";
        QTest::newRow("bad identity kind")
            << QByteArray("{\"name\":\"x\",\"tenantId\":\"5eed0000-0000-4000-8000-000000000001\",\"identities\":[{"
                          "\"kind\":\"robot\",\"name\":\"a\","
                          "\"clientId\":\"5eed0000-0000-4000-8000-000000000002\",\"principalId\":\"5eed0000-0000-4000-"
                          "8000-000000000003\","
                          "\"resourceId\":\"/subscriptions/x\"}]}")
            << "identities[0].kind: must be \"system\" or \"user\"";
        QTest::newRow("assignment to a missing principal")
            << QByteArray("{\"name\":\"x\",\"tenantId\":\"5eed0000-0000-4000-8000-000000000001\","
                          "\"appRoleAssignments\":[{\"id\":\"a\","
                          "\"appRoleId\":\"5eed0000-0000-4000-8000-000000000002\",\"principalId\":\"5eed0000-0000-4000-"
                          "8000-000000000003\","
                          "\"resourceId\":\"5eed0000-0000-4000-8000-000000000004\"}]}")
            << "appRoleAssignments[0].principalId: no service principal";
        QTest::newRow("unknown fault") << QByteArray(
            "{\"name\":\"x\",\"tenantId\":\"5eed0000-0000-4000-8000-000000000001\",\"faults\":[{\"kind\":\"meteor\"}]}")
                                       << "faults[0].kind: unknown fault kind 'meteor'";
    }
    void badScenarioFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString path = writeScenario(QStringLiteral("bad.json"), json);
        Emulator e;
        EmulatorOptions options;
        options.scenario = path;
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY(!e.isRunning());
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void missingScenarioFile()
    {
        Emulator e;
        EmulatorOptions options;
        options.scenario = m_dir.filePath(QStringLiteral("nope.json"));
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY(error.contains(QStringLiteral("seed")));
    }

    void portInUseIsAClearError()
    {
        Emulator first, second;
        QVERIFY(first.start(EmulatorOptions {}, m_keys));
        EmulatorOptions options;
        options.port = quint16(first.baseUrl().port());
        QString error;
        QVERIFY(!second.start(options, m_keys, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot listen")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEmulatorScenarios)
#include "test_emulator_scenarios.moc"
