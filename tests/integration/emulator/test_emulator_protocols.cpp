// Every other managed identity protocol over real loopback HTTP (and TLS for Service Fabric): App Service 2017,
// Azure ML, Azure Arc's challenge, Cloud Shell, Service Fabric with thumbprint pinning, workload identity.
#include "emulatortestsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

class TestEmulatorProtocols : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    QTemporaryDir m_work;
    QString m_resource = QStringLiteral("https://vault.azure.net");

    QString env(const QString &protocol, const QString &name) const
    {
        for (const auto &pair : m_emulator.environment(protocol))
            if (pair.first == name)
                return pair.second;
        return {};
    }
    QUrl withQuery(const QString &endpoint, const QString &query) const
    {
        QUrl u(endpoint);
        u.setQuery(query);
        return u;
    }
    QJsonObject claimsOf(const QString &token)
    {
        QJsonObject h, c;
        decodeJwt(token, &h, &c);
        return c;
    }
    const Identity &identity(const char *name) const
    {
        return *m_emulator.scenario().identityByName(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        EmulatorOptions options;
        options.workDir = m_work.path();
        QString error;
        QVERIFY2(m_emulator.start(options, &error), qPrintable(error));
        QVERIFY(m_emulator.arcKeyFilePath().startsWith(m_work.path()));
    }

    void appService2017()
    {
        const QString endpoint = env(QStringLiteral("appservice2017"), QStringLiteral("MSI_ENDPOINT"));
        QCOMPARE(endpoint, m_emulator.baseUrl().toString() + QStringLiteral("/msi2017/token"));
        const QByteArray secret = env(QStringLiteral("appservice2017"), QStringLiteral("MSI_SECRET")).toUtf8();
        const Answer a = send(m_client, "GET",
            withQuery(endpoint, QStringLiteral("api-version=2017-09-01&resource=") + m_resource),
            { { "secret", secret } });
        QCOMPARE(a.status, 200);
        // Linux App Service 2017: expires_on is a date string "MM/dd/yyyy HH:mm:ss +00:00".
        const QString expiresOn = a.json().value(QStringLiteral("expires_on")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d \\+00:00$"))
                     .match(expiresOn)
                     .hasMatch(),
            qPrintable(expiresOn));
        const QDateTime parsed = QDateTime::fromString(expiresOn.left(19), QStringLiteral("MM/dd/yyyy HH:mm:ss"));
        QVERIFY(parsed.isValid());
        QCOMPARE(claimsOf(a.json().value(QStringLiteral("access_token")).toString())
                     .value(QStringLiteral("appid"))
                     .toString(),
            identity("caller-func").clientId);

        // clientid selects a user-assigned identity; wrong secret is refused.
        const Answer ua = send(m_client, "GET",
            withQuery(endpoint,
                QStringLiteral("api-version=2017-09-01&resource=%1&clientid=%2")
                    .arg(m_resource, identity("idex-reader").clientId)),
            { { "secret", secret } });
        QCOMPARE(claimsOf(ua.json().value(QStringLiteral("access_token")).toString())
                     .value(QStringLiteral("appid"))
                     .toString(),
            identity("idex-reader").clientId);
        const Answer bad = send(m_client, "GET",
            withQuery(endpoint, QStringLiteral("api-version=2017-09-01&resource=") + m_resource),
            { { "secret", "nope" } });
        QCOMPARE(bad.status, 400);
    }

    void azureMl()
    {
        const QString endpoint = env(QStringLiteral("azureml"), QStringLiteral("MSI_ENDPOINT"));
        const QByteArray secret = env(QStringLiteral("azureml"), QStringLiteral("MSI_SECRET")).toUtf8();
        const QString defaultClient = env(QStringLiteral("azureml"), QStringLiteral("DEFAULT_IDENTITY_CLIENT_ID"));
        QCOMPARE(defaultClient, identity("caller-func").clientId);
        const QUrl u = withQuery(
            endpoint, QStringLiteral("api-version=2017-09-01&resource=%1&clientid=%2").arg(m_resource, defaultClient));
        const Answer a = send(m_client, "GET", u, { { "Metadata", "true" }, { "secret", secret } });
        QCOMPARE(a.status, 200);
        QVERIFY(a.json().value(QStringLiteral("expires_on")).isDouble()); // ML returns an integer
        QCOMPARE(
            claimsOf(a.json().value(QStringLiteral("access_token")).toString()).value(QStringLiteral("oid")).toString(),
            identity("caller-func").principalId);
        // What azure-identity for Python sends (secret, no Metadata header) is served, as Azure ML serves it; without
        // the secret nothing is.
        QCOMPARE(send(m_client, "GET", u, { { "secret", secret } }).status, 200);
        QCOMPARE(send(m_client, "GET", u, { { "Metadata", "true" } }).status, 400);
        // Python's system-assigned request has no clientid: the default identity answers, as on Azure ML.
        const Answer noClientId = send(m_client, "GET",
            withQuery(endpoint, QStringLiteral("api-version=2017-09-01&resource=%1").arg(m_resource)),
            { { "secret", secret } });
        QCOMPARE(noClientId.status, 200);
        QCOMPARE(claimsOf(noClientId.json().value(QStringLiteral("access_token")).toString())
                     .value(QStringLiteral("oid"))
                     .toString(),
            identity("caller-func").principalId);
        const Answer unknown = send(m_client, "GET",
            withQuery(endpoint,
                QStringLiteral("api-version=2017-09-01&resource=%1&clientid=11111111-2222-3333-4444-555555555555")
                    .arg(m_resource)),
            { { "Metadata", "true" }, { "secret", secret } });
        QCOMPARE(unknown.status, 400);
        QCOMPARE(
            unknown.json().value(QStringLiteral("error_description")).toString(), QStringLiteral("Identity not found"));
    }

    void arcChallengeThenKey()
    {
        const QString endpoint = env(QStringLiteral("arc"), QStringLiteral("IDENTITY_ENDPOINT"));
        QCOMPARE(env(QStringLiteral("arc"), QStringLiteral("IMDS_ENDPOINT")),
            m_emulator.baseUrl().toString() + QStringLiteral("/arc"));
        const QUrl u = withQuery(endpoint, QStringLiteral("api-version=2020-06-01&resource=") + m_resource);
        const Answer challenge = send(m_client, "GET", u, { { "Metadata", "true" } });
        QCOMPARE(challenge.status, 401);
        const QByteArray header = challenge.header("WWW-Authenticate");
        QVERIFY2(header.startsWith("Basic realm="), header.constData());
        QCOMPARE(header.count('='), 1); // NET and CPP require exactly one '='
        const QString path = QString::fromUtf8(header.mid(int(qstrlen("Basic realm="))));
        QCOMPARE(path, m_emulator.arcKeyFilePath());
        QVERIFY(path.endsWith(QLatin1String(".key")));
        QFile key(path);
        QVERIFY(key.open(QIODevice::ReadOnly));
        QVERIFY(key.size() <= 4096);
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
            QFileDevice::Permissions());
        const QByteArray contents = key.readAll();
        const Answer a = send(m_client, "GET", u, { { "Metadata", "true" }, { "Authorization", "Basic " + contents } });
        QCOMPARE(a.status, 200);
        QVERIFY(a.json().value(QStringLiteral("expires_in")).isString());
        QCOMPARE(
            claimsOf(a.json().value(QStringLiteral("access_token")).toString()).value(QStringLiteral("aud")).toString(),
            m_resource);
        // A key answers one challenge; a stale key gets a new challenge.
        const Answer again
            = send(m_client, "GET", u, { { "Metadata", "true" }, { "Authorization", "Basic " + contents } });
        QCOMPARE(again.status, 401);
        QVERIFY(again.header("WWW-Authenticate").startsWith("Basic realm="));
        // Metadata is required; user-assigned identities are refused.
        QCOMPARE(send(m_client, "GET", u).json().value(QStringLiteral("error")).toString(),
            QStringLiteral("bad_request_102"));
        const Answer ua = send(m_client, "GET",
            withQuery(endpoint, QStringLiteral("api-version=2020-06-01&resource=%1&client_id=x").arg(m_resource)),
            { { "Metadata", "true" } });
        QCOMPARE(ua.status, 400);
    }

    void cloudShell()
    {
        const QString endpoint = env(QStringLiteral("cloudshell"), QStringLiteral("MSI_ENDPOINT"));
        const Answer a = send(m_client, "POST", QUrl(endpoint),
            { { "Metadata", "true" }, { "Content-Type", "application/x-www-form-urlencoded" } },
            "resource=" + QUrl::toPercentEncoding(m_resource));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value(QStringLiteral("resource")).toString(), m_resource);
        const Answer bad = send(
            m_client, "POST", QUrl(endpoint), { { "Metadata", "true" } }, "resource=https%3A%2F%2Fnot.a.resource");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("AudienceNotSupported"));
        QCOMPARE(send(m_client, "GET", QUrl(endpoint), { { "Metadata", "true" } }).status, 405);
        QCOMPARE(
            send(m_client, "POST", QUrl(endpoint), {}, "resource=x").json().value(QStringLiteral("error")).toString(),
            QStringLiteral("bad_request_102"));
    }

    void serviceFabricOverTlsWithPinnedThumbprint()
    {
        const QString endpoint = env(QStringLiteral("servicefabric"), QStringLiteral("IDENTITY_ENDPOINT"));
        QVERIFY(endpoint.startsWith(QLatin1String("https://127.0.0.1:")));
        const QByteArray thumbprint
            = env(QStringLiteral("servicefabric"), QStringLiteral("IDENTITY_SERVER_THUMBPRINT")).toLatin1();
        QCOMPARE(thumbprint.size(), 40);
        const QByteArray secret = env(QStringLiteral("servicefabric"), QStringLiteral("IDENTITY_HEADER")).toUtf8();
        const QUrl u = withQuery(endpoint, QStringLiteral("api-version=2019-07-01-preview&resource=") + m_resource);
        const Answer a = send(m_client, "GET", u, { { "secret", secret } }, {}, thumbprint.toLower());
        QCOMPARE(a.status, 200);
        QCOMPARE(a.response.peerCertificateSha1, thumbprint);
        QVERIFY(a.json().value(QStringLiteral("expires_on")).isDouble());
        QCOMPARE(a.json().value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));

        const Answer noSecret = send(m_client, "GET", u, {}, {}, thumbprint);
        QCOMPARE(noSecret.status, 401);
        QCOMPARE(noSecret.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("SecretHeaderNotFound"));
        QCOMPARE(noSecret.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
            QStringLiteral("Secret is not found in the request headers."));
        const Answer badVersion = send(m_client, "GET",
            withQuery(endpoint, QStringLiteral("api-version=2017-09-01&resource=") + m_resource),
            { { "Secret", secret } }, {}, thumbprint);
        QCOMPARE(badVersion.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("InvalidApiVersion"));
        // Without the pin, the self-signed certificate is refused (a fresh client: QNAM reuses validated connections).
        HttpClient fresh;
        const Answer unpinned = send(fresh, "GET", u, { { "secret", secret } });
        QCOMPARE(unpinned.response.failure, HttpFailure::Tls);
        // The TLS port serves every route (issue #15): App Service over https, with its own header rule.
        QUrl other = u;
        other.setPath(QStringLiteral("/msi/token"));
        other.setQuery(QStringLiteral("api-version=2019-08-01&resource=https://vault.azure.net"));
        QCOMPARE(send(m_client, "GET", other, { { "X-IDENTITY-HEADER", secret } }, {}, thumbprint).status, 200);
    }

    void workloadIdentity()
    {
        const QString tokenFile = env(QStringLiteral("workloadidentity"), QStringLiteral("AZURE_FEDERATED_TOKEN_FILE"));
        QVERIFY(tokenFile.startsWith(m_work.path()));
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray assertion = file.readAll().trimmed();
        QCOMPARE(env(QStringLiteral("workloadidentity"), QStringLiteral("AZURE_CLIENT_ID")),
            identity("idex-reader").clientId);
        const QString authority = env(QStringLiteral("workloadidentity"), QStringLiteral("AZURE_AUTHORITY_HOST"));
        QVERIFY(authority.endsWith(u'/'));
        const QUrl tokenUrl(authority + env(QStringLiteral("workloadidentity"), QStringLiteral("AZURE_TENANT_ID"))
            + QStringLiteral("/oauth2/v2.0/token"));
        const auto form
            = [&](const QByteArray &clientAssertion, const QString &scope, const QString &clientId) -> QByteArray {
            return "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-"
                   "type%3Ajwt-bearer&client_id="
                + clientId.toUtf8() + "&scope=" + QUrl::toPercentEncoding(scope)
                + "&client_assertion=" + clientAssertion;
        };
        const HeaderList formHeader { { "Content-Type", "application/x-www-form-urlencoded" } };
        const Answer a = send(m_client, "POST", tokenUrl, formHeader,
            form(assertion, QStringLiteral("https://graph.microsoft.com/.default"), identity("idex-reader").clientId));
        QCOMPARE(a.status, 200);
        QVERIFY(a.json().value(QStringLiteral("expires_in")).isDouble()); // a number, no expires_on
        QVERIFY(!a.json().contains(QStringLiteral("expires_on")));
        const QJsonObject claims = claimsOf(a.json().value(QStringLiteral("access_token")).toString());
        QCOMPARE(claims.value(QStringLiteral("appid")).toString(), identity("idex-reader").clientId);
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), QStringLiteral("https://graph.microsoft.com"));

        // Bad assertions: tampered signature, another identity's client_id, missing /.default.
        QByteArray tampered = assertion;
        tampered.chop(4);
        tampered += "AAAA";
        const Answer bad = send(m_client, "POST", tokenUrl, formHeader,
            form(tampered, QStringLiteral("https://graph.microsoft.com/.default"), identity("idex-reader").clientId));
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));
        QCOMPARE(bad.json().value(QStringLiteral("error_codes")).toArray().first().toInt(), 700024);
        const Answer wrongSubject = send(m_client, "POST", tokenUrl, formHeader,
            form(
                assertion, QStringLiteral("https://graph.microsoft.com/.default"), identity("idex-noaccess").clientId));
        QCOMPARE(wrongSubject.json().value(QStringLiteral("error_codes")).toArray().first().toInt(), 70021);
        const Answer scope = send(m_client, "POST", tokenUrl, formHeader,
            form(assertion, QStringLiteral("https://graph.microsoft.com"), identity("idex-reader").clientId));
        QCOMPARE(scope.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_scope"));
        const Answer unknown = send(m_client, "POST", tokenUrl, formHeader,
            form(assertion, QStringLiteral("https://graph.microsoft.com/.default"),
                QStringLiteral("11111111-2222-3333-4444-555555555555")));
        QCOMPARE(unknown.json().value(QStringLiteral("error_codes")).toArray().first().toInt(), 700016);
    }

    void ipv6Loopback()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHostIPv6))
            QSKIP("this machine has no IPv6 loopback");
        probe.close();
        Emulator v6;
        EmulatorOptions options;
        options.bind = QHostAddress::LocalHostIPv6;
        QString error;
        QVERIFY2(v6.start(options, &error), qPrintable(error));
        QCOMPARE(v6.baseUrl().host(), QStringLiteral("::1"));
        QCOMPARE(v6.serviceFabricEndpoint().host(), QStringLiteral("::1"));
        const Answer a = send(m_client, "GET",
            url(v6, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), m_resource } }),
            { { "Metadata", "true" } });
        QCOMPARE(a.status, 200);
        const QString verdict = verifyViaDiscovery(m_client, a.json().value(QStringLiteral("access_token")).toString());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
        QUrl sf = v6.serviceFabricEndpoint();
        sf.setQuery(QStringLiteral("api-version=2019-07-01-preview&resource=") + m_resource);
        QCOMPARE(send(m_client, "GET", sf, { { "secret", v6.scenario().identityHeader.toUtf8() } }, {},
                     v6.serviceFabricThumbprint())
                     .status,
            200);
    }

    void workFilesGoAwayOnStop()
    {
        Emulator second;
        QVERIFY(second.start(EmulatorOptions {}));
        const QString dir = second.workDir();
        QVERIFY(QFileInfo::exists(second.arcKeyFilePath()));
        QVERIFY(QFileInfo::exists(second.federatedTokenFilePath()));
        second.stop();
        QVERIFY(!QFileInfo::exists(dir));
        QVERIFY(!second.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorProtocols)
#include "test_emulator_protocols.moc"
