// The emulator over real loopback HTTP: IMDS, App Service 2019, discovery + JWKS, token claims verified with
// OpenSSL against the published certificate, and the seed's protected function /api/aad-func.
#include "emulatortestsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

class TestEmulatorCore : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    QString m_resource;

    Answer imds(const QList<QPair<QString, QString>> &query, const HeaderList &headers = { { "Metadata", "true" } })
    {
        return send(
            m_client, "GET", url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"), query), headers);
    }
    QString imdsToken(const QString &resource, const QString &clientId = {})
    {
        QList<QPair<QString, QString>> q { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
            { QStringLiteral("resource"), resource } };
        if (!clientId.isEmpty())
            q << qMakePair(QStringLiteral("client_id"), clientId);
        return imds(q).json().value(QStringLiteral("access_token")).toString();
    }
    const Identity &identity(const char *name) const
    {
        return *m_emulator.scenario().identityByName(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(EmulatorOptions {}, &error), qPrintable(error));
        QVERIFY(m_emulator.isRunning());
        QCOMPARE(m_emulator.baseUrl().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_emulator.baseUrl().port() > 0);
        const Application *app = m_emulator.scenario().applicationByName(QStringLiteral("aad-func"));
        QVERIFY(app);
        m_resource = app->identifierUris.first();
        QCOMPARE(m_resource, QStringLiteral("api://") + app->appId);
    }

    void seedScenarioShape()
    {
        const Scenario &s = m_emulator.scenario();
        QCOMPARE(s.name, QStringLiteral("seed"));
        QCOMPARE(s.tenantId, QStringLiteral("5eed0000-0000-4000-8000-000000000001"));
        QVERIFY(s.identityByName(QStringLiteral("caller-func"))->isSystem());
        QVERIFY(!s.identityByName(QStringLiteral("idex-reader"))->isSystem());
        const ServicePrincipal *funcSp
            = s.servicePrincipalByAppId(s.applicationByName(QStringLiteral("aad-func"))->appId);
        QCOMPARE(s.rolesOf(identity("caller-func").principalId, funcSp->id), QStringList { QStringLiteral("DoAll") });
        QVERIFY(s.rolesOf(identity("idex-noaccess").principalId, funcSp->id).isEmpty());
        const ServicePrincipal *graph
            = s.servicePrincipalByAppId(QStringLiteral("00000003-0000-0000-c000-000000000000"));
        QVERIFY(graph);
        const QStringList graphRoles = s.rolesOf(identity("idex-reader").principalId, graph->id);
        QVERIFY(graphRoles.contains(QStringLiteral("Application.Read.All")));
        QVERIFY(graphRoles.contains(QStringLiteral("AppRoleAssignment.ReadWrite.All")));
        const ServicePrincipal *miSp = s.servicePrincipalById(identity("caller-func").principalId);
        QVERIFY(miSp && miSp->isManagedIdentity());
        QCOMPARE(miSp->alternativeNames.first(), QStringLiteral("isExplicit=False"));
        QCOMPARE(s.walkthrough.functionPath, QStringLiteral("/api/aad-func"));
    }

    void imdsTokenClaimsAndSignature()
    {
        const Answer a = imds({ { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
            { QStringLiteral("resource"), m_resource } });
        QCOMPARE(a.status, 200);
        const QJsonObject body = a.json();
        for (const char *field : { "access_token", "expires_in", "expires_on", "not_before", "resource", "token_type" })
            QVERIFY2(body.value(QLatin1String(field)).isString(), field); // IMDS: every value a string
        QCOMPARE(body.value(QStringLiteral("refresh_token")).toString(), QString());
        QCOMPARE(body.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(body.value(QStringLiteral("resource")).toString(), m_resource);
        const qint64 expiresIn = body.value(QStringLiteral("expires_in")).toString().toLongLong();
        QVERIFY(expiresIn > 86000 && expiresIn <= 86400);

        QJsonObject header, claims;
        QVERIFY(decodeJwt(body.value(QStringLiteral("access_token")).toString(), &header, &claims));
        QCOMPARE(header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(header.value(QStringLiteral("x5t")).toString(), header.value(QStringLiteral("kid")).toString());
        const Identity &caller = identity("caller-func");
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), m_resource);
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), m_emulator.issuerV1());
        QCOMPARE(claims.value(QStringLiteral("idp")).toString(), m_emulator.issuerV1());
        QCOMPARE(claims.value(QStringLiteral("appid")).toString(), caller.clientId);
        QCOMPARE(claims.value(QStringLiteral("appidacr")).toString(), QStringLiteral("2"));
        QCOMPARE(claims.value(QStringLiteral("oid")).toString(), caller.principalId);
        QCOMPARE(claims.value(QStringLiteral("sub")).toString(), caller.principalId);
        QCOMPARE(claims.value(QStringLiteral("tid")).toString(), m_emulator.scenario().tenantId);
        QCOMPARE(claims.value(QStringLiteral("idtyp")).toString(), QStringLiteral("app"));
        QCOMPARE(claims.value(QStringLiteral("ver")).toString(), QStringLiteral("1.0"));
        QCOMPARE(claims.value(QStringLiteral("roles")).toArray(), QJsonArray { QStringLiteral("DoAll") });
        for (const char *opaque : { "aio", "rh", "uti" })
            QVERIFY2(!claims.value(QLatin1String(opaque)).toString().isEmpty(), opaque);
        QVERIFY(!claims.contains(QStringLiteral("xms_mirid"))); // custom API: not first-party
        const qint64 iat = qint64(claims.value(QStringLiteral("iat")).toDouble());
        QCOMPARE(qint64(claims.value(QStringLiteral("exp")).toDouble()) - iat, qint64(86400));
        QCOMPARE(qint64(claims.value(QStringLiteral("exp")).toDouble()),
            body.value(QStringLiteral("expires_on")).toString().toLongLong());

        const QString verdict = verifyViaDiscovery(m_client, body.value(QStringLiteral("access_token")).toString());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
    }

    void firstPartyAudienceCarriesMirid()
    {
        QJsonObject header, claims;
        QVERIFY(decodeJwt(imdsToken(QStringLiteral("https://management.azure.com/")), &header, &claims));
        QCOMPARE(claims.value(QStringLiteral("xms_mirid")).toString(), identity("caller-func").resourceId);
        QVERIFY(!claims.contains(QStringLiteral("roles")));
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), QStringLiteral("https://management.azure.com/"));
    }

    void imdsUserAssignedSelectors_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("field");
        QTest::newRow("client_id") << "client_id"
                                   << "clientId";
        QTest::newRow("object_id") << "object_id"
                                   << "principalId";
        QTest::newRow("msi_res_id") << "msi_res_id"
                                    << "resourceId";
    }
    void imdsUserAssignedSelectors()
    {
        QFETCH(QString, parameter);
        QFETCH(QString, field);
        const Identity &reader = identity("idex-reader");
        const QString value = field == QLatin1String("clientId") ? reader.clientId
            : field == QLatin1String("principalId")              ? reader.principalId
                                                                 : reader.resourceId;
        const Answer a = imds({ { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
            { QStringLiteral("resource"), QStringLiteral("https://graph.microsoft.com") }, { parameter, value } });
        QCOMPARE(a.status, 200);
        QJsonObject header, claims;
        QVERIFY(decodeJwt(a.json().value(QStringLiteral("access_token")).toString(), &header, &claims));
        QCOMPARE(claims.value(QStringLiteral("appid")).toString(), reader.clientId);
        QCOMPARE(claims.value(QStringLiteral("oid")).toString(), reader.principalId);
        QVERIFY(claims.value(QStringLiteral("roles")).toArray().contains(QStringLiteral("Application.Read.All")));
    }

    void imdsErrors_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("description");
        const QString ok = QStringLiteral("api-version=2018-02-01&resource=https://management.azure.com/");
        QTest::newRow("no Metadata header") << ok << QByteArray() << 400 << "bad_request_102"
                                            << "Required metadata header not specified";
        QTest::newRow("Metadata false") << ok << QByteArray("Metadata: false") << 400 << "bad_request_102"
                                        << "Required metadata header not specified";
        QTest::newRow("X-Forwarded-For") << ok << QByteArray("Metadata: true|X-Forwarded-For: 10.0.0.1") << 400
                                         << "invalid_request"
                                         << "X-Forwarded-For";
        QTest::newRow("unknown client_id") << ok + QStringLiteral("&client_id=11111111-2222-3333-4444-555555555555")
                                           << QByteArray("Metadata: true") << 400 << "invalid_request"
                                           << "Identity not found";
        QTest::newRow("unknown resource") << QStringLiteral("api-version=2018-02-01&resource=api://nobody-home")
                                          << QByteArray("Metadata: true") << 400 << "invalid_resource"
                                          << "AADSTS500011";
        QTest::newRow("no resource") << QStringLiteral("api-version=2018-02-01") << QByteArray("Metadata: true") << 400
                                     << "invalid_request"
                                     << "resource";
        QTest::newRow("no api-version") << QStringLiteral("resource=https://management.azure.com/")
                                        << QByteArray("Metadata: true") << 400 << "invalid_request"
                                        << "api-version";
        QTest::newRow("duplicate parameter") << ok + QStringLiteral("&resource=https://vault.azure.net")
                                             << QByteArray("Metadata: true") << 400 << "invalid_request"
                                             << "Duplicate";
        QTest::newRow("two selectors") << ok + QStringLiteral("&client_id=a&object_id=b")
                                       << QByteArray("Metadata: true") << 400 << "invalid_request"
                                       << "Only one";
    }
    void imdsErrors()
    {
        QFETCH(QString, query);
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, description);
        HeaderList list;
        for (const QByteArray &line : headers.split('|'))
            if (!line.isEmpty())
                list << qMakePair(line.left(line.indexOf(':')).trimmed(), line.mid(line.indexOf(':') + 1).trimmed());
        QUrl u = url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"));
        u.setQuery(query);
        const Answer a = send(m_client, "GET", u, list);
        QCOMPARE(a.status, status);
        QCOMPARE(a.json().value(QStringLiteral("error")).toString(), error);
        QVERIFY2(
            a.json().value(QStringLiteral("error_description")).toString().contains(description), a.body.constData());
    }

    void appService2019()
    {
        const auto env = m_emulator.environment(QStringLiteral("appservice"));
        QCOMPARE(env.size(), 2);
        QCOMPARE(env.at(0).first, QStringLiteral("IDENTITY_ENDPOINT"));
        QCOMPARE(env.at(1).first, QStringLiteral("IDENTITY_HEADER"));
        QUrl u(env.at(0).second);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("api-version"), QStringLiteral("2019-08-01"));
        q.addQueryItem(QStringLiteral("resource"), m_resource);
        u.setQuery(q);
        const Answer a = send(m_client, "GET", u, { { "X-IDENTITY-HEADER", env.at(1).second.toUtf8() } });
        QCOMPARE(a.status, 200);
        QVERIFY(a.json().value(QStringLiteral("expires_on")).isString());
        QCOMPARE(a.json().value(QStringLiteral("client_id")).toString(), identity("caller-func").clientId);
        QCOMPARE(a.json().value(QStringLiteral("resource")).toString(), m_resource);
        const QString verdict = verifyViaDiscovery(m_client, a.json().value(QStringLiteral("access_token")).toString());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));

        // principal_id selects a user-assigned identity.
        q.addQueryItem(QStringLiteral("principal_id"), identity("idex-noaccess").principalId);
        u.setQuery(q);
        const Answer ua = send(m_client, "GET", u, { { "X-IDENTITY-HEADER", env.at(1).second.toUtf8() } });
        QCOMPARE(ua.status, 200);
        QCOMPARE(ua.json().value(QStringLiteral("client_id")).toString(), identity("idex-noaccess").clientId);
    }

    void appService2019Errors_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing header") << QByteArray() << QString() << "header is missing";
        QTest::newRow("wrong header") << QByteArray("not-the-secret") << QString() << "does not match";
        QTest::newRow("unknown client_id")
            << QByteArray("$SECRET") << "&client_id=11111111-2222-3333-4444-555555555555"
            << "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId";
        QTest::newRow("old api-version") << QByteArray("$SECRET") << "&api-version=2017-09-01"
                                         << "api-version";
    }
    void appService2019Errors()
    {
        QFETCH(QByteArray, secret);
        QFETCH(QString, extra);
        QFETCH(QString, message);
        if (secret == "$SECRET")
            secret = m_emulator.scenario().identityHeader.toUtf8();
        QUrl u = url(m_emulator, QStringLiteral("/msi/token"));
        u.setQuery(extra.contains(QLatin1String("api-version"))
                ? QStringLiteral("resource=%1").arg(m_resource) + extra
                : QStringLiteral("api-version=2019-08-01&resource=%1").arg(m_resource) + extra);
        HeaderList headers;
        if (!secret.isEmpty())
            headers << qMakePair(QByteArray("X-IDENTITY-HEADER"), secret);
        const Answer a = send(m_client, "GET", u, headers);
        QCOMPARE(a.status, 400);
        QCOMPARE(a.json().value(QStringLiteral("statusCode")).toInt(), 400);
        QVERIFY(!a.json().value(QStringLiteral("correlationId")).toString().isEmpty());
        QVERIFY2(a.json().value(QStringLiteral("message")).toString().contains(message), a.body.constData());
    }

    void discoveryDocuments_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2") << 2;
    }
    void discoveryDocuments()
    {
        QFETCH(int, version);
        const Answer config = send(m_client, "GET", m_emulator.discoveryUrl(version));
        QCOMPARE(config.status, 200);
        QCOMPARE(config.json().value(QStringLiteral("issuer")).toString(),
            version == 2 ? m_emulator.issuerV2() : m_emulator.issuerV1());
        QCOMPARE(config.json().value(QStringLiteral("jwks_uri")).toString(), m_emulator.jwksUrl(version).toString());
        QCOMPARE(config.json().value(QStringLiteral("id_token_signing_alg_values_supported")).toArray(),
            QJsonArray { QStringLiteral("RS256") });
        const Answer keys = send(m_client, "GET", m_emulator.jwksUrl(version));
        QCOMPARE(keys.status, 200);
        const QJsonArray list = keys.json().value(QStringLiteral("keys")).toArray();
        QCOMPARE(list.size(), m_emulator.publishedKeyIds().size());
        const QJsonObject key = list.first().toObject();
        QCOMPARE(key.value(QStringLiteral("kty")).toString(), QStringLiteral("RSA"));
        QCOMPARE(key.value(QStringLiteral("use")).toString(), QStringLiteral("sig"));
        QCOMPARE(key.value(QStringLiteral("e")).toString(), QStringLiteral("AQAB"));
        QCOMPARE(key.value(QStringLiteral("x5c")).toArray().size(), 1);
        // The other JWKS paths answer the same keys.
        for (const QString &path : { QStringLiteral("/common/discovery/keys"),
                 QStringLiteral("/%1/discovery/keys").arg(m_emulator.scenario().tenantId) })
            QCOMPARE(send(m_client, "GET", url(m_emulator, path)).json().value(QStringLiteral("keys")).toArray().size(),
                list.size());
        QCOMPARE(
            send(m_client, "GET", url(m_emulator, QStringLiteral("/not-a-tenant/.well-known/openid-configuration")))
                .status,
            400);
    }

    void protectedFunctionAllowsTheAssignedIdentity()
    {
        QSignalSpy served(&m_emulator, &Emulator::requestServed);
        const Answer a = send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + imdsToken(m_resource).toLatin1() } });
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value(QStringLiteral("claims")).toObject().value(QStringLiteral("appid")).toString(),
            identity("caller-func").clientId);
        QCOMPARE(a.json().value(QStringLiteral("claims")).toObject().value(QStringLiteral("roles")).toArray(),
            QJsonArray { QStringLiteral("DoAll") });
        // The log names the caller rather than showing its client ID alone.
        QVERIFY2(served.last().at(0).toString().contains(QLatin1String("200 for caller-func (")),
            qPrintable(served.last().at(0).toString()));
    }

    void protectedFunctionAcceptsClientIdAudience()
    {
        const QString appId = m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appId;
        const Answer a = send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + imdsToken(appId).toLatin1() } });
        QCOMPARE(a.status, 200);
    }

    void protectedFunctionWithoutTokenIs401()
    {
        const Answer a = send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")));
        QCOMPARE(a.status, 401);
        const QByteArray challenge = a.header("WWW-Authenticate");
        QVERIFY2(challenge.startsWith("Bearer realm=\"aad-func.azurewebsites.net\""), challenge.constData());
        const QByteArray authorizationUri = "authorization_uri=\"" + m_emulator.baseUrl().toString().toUtf8() + '/'
            + m_emulator.scenario().tenantId.toUtf8() + "/oauth2/v2.0/authorize\"";
        QVERIFY2(challenge.contains(authorizationUri), challenge.constData());
        const QByteArray resourceId = "resource_id=\""
            + m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appId.toUtf8() + '"';
        QVERIFY(challenge.contains(resourceId));
        QVERIFY(!challenge.contains("error="));
    }

    void protectedFunctionInvalidTokens_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("garbage") << "garbage"
                                 << "IDX14100";
        QTest::newRow("tampered payload") << "tampered"
                                          << "signature is invalid";
        QTest::newRow("wrong audience") << "audience"
                                        << "The audience 'https://vault.azure.net' is invalid";
    }
    void protectedFunctionInvalidTokens()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QByteArray token = "garbage-without-dots";
        if (kind == QLatin1String("tampered")) {
            QList<QByteArray> parts = imdsToken(m_resource).toLatin1().split('.');
            QJsonObject h, c;
            QVERIFY(decodeJwt(imdsToken(m_resource), &h, &c));
            c.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll"), QStringLiteral("Admin") });
            parts[1] = QJsonDocument(c)
                           .toJson(QJsonDocument::Compact)
                           .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            token = parts.join('.');
        } else if (kind == QLatin1String("audience")) {
            token = imdsToken(QStringLiteral("https://vault.azure.net")).toLatin1();
        }
        const Answer a = send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + token } });
        QCOMPARE(a.status, 401);
        const QByteArray challenge = a.header("WWW-Authenticate");
        QVERIFY2(challenge.contains("error=\"invalid_token\""), challenge.constData());
        QVERIFY2(challenge.contains(expected.toUtf8()), challenge.constData());
    }

    void protectedFunctionWithoutRoleIs403()
    {
        const Answer a = send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + imdsToken(m_resource, identity("idex-noaccess").clientId).toLatin1() } });
        QCOMPARE(a.status, 403);
        QCOMPARE(a.json().value(QStringLiteral("missingRoles")).toArray(), QJsonArray { QStringLiteral("DoAll") });
        QVERIFY(a.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("DoAll")));
    }

    void requestLogIsRedacted()
    {
        QSignalSpy spy(&m_emulator, &Emulator::requestServed);
        const QString token = imdsToken(m_resource);
        send(m_client, "GET", url(m_emulator, QStringLiteral("/api/aad-func")),
            { { "Authorization", "Bearer " + token.toLatin1() } });
        QVERIFY(spy.size() >= 2);
        for (const auto &args : spy) {
            QVERIFY(!args.at(0).toString().contains(token));
            QVERIFY(!args.at(0).toString().contains(m_emulator.scenario().identityHeader));
        }
        QVERIFY(spy.first().at(0).toString().contains(QStringLiteral("/metadata/identity/oauth2/token -> 200")));
    }

    void unknownPathIs404()
    {
        QCOMPARE(send(m_client, "GET", url(m_emulator, QStringLiteral("/nothing/here"))).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestEmulatorCore)
#include "test_emulator_core.moc"
