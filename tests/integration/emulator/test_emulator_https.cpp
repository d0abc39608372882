// The emulator over real loopback TLS (issue #15): every route on the HTTPS port, certificates from the local CA of
// the work directory (kept across runs, created 0600, never through a link), URLs written with the scheme and host
// the request came in on, Host/Origin/admin-token checks over https, a certificate of the user's own, and
// HttpClient trusting the CA for the emulator's origin only.
#include "emulator/localca.h"
#include "emulatortestsupport.h"

#include <QFile>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

QList<QSslCertificate> caOf(const Emulator &e)
{
    return QSslCertificate::fromData(e.caCertificatePem(), QSsl::Pem);
}

QUrl at(const QUrl &base, const QString &pathAndQuery)
{
    return QUrl(base.toString() + pathAndQuery);
}

int modeOf(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

} // namespace

class TestEmulatorHttps : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_work;
    Emulator m_emulator;
    HttpClient m_client; ///< trusts the emulator's CA for 127.0.0.1:TLSPORT only
    QUrl m_https;

    QByteArray tokenFor(const char *identity, const QString &resource)
    {
        QString error;
        const QString token = m_emulator.issueToken(QString::fromLatin1(identity), resource, &error);
        [&] { QVERIFY2(!token.isEmpty(), qPrintable(error)); }();
        return token.toLatin1();
    }
    HeaderList bearer(const QByteArray &token) { return { { "Authorization", "Bearer " + token } }; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        EmulatorOptions options;
        options.workDir = m_work.path();
        QString error;
        QVERIFY2(m_emulator.start(options, &error), qPrintable(error));
        m_https = m_emulator.httpsBaseUrl();
        QCOMPARE(m_https.scheme(), QStringLiteral("https"));
        QCOMPARE(m_https.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_https.port() > 0 && m_https.port() != m_emulator.baseUrl().port());
        m_client.trustAuthoritiesFor(m_https.host(), m_https.port(), caOf(m_emulator));
    }

    void theCaLivesInTheWorkDirectory()
    {
        const QString ca = m_emulator.caCertificatePath();
        QCOMPARE(ca, m_work.filePath(QStringLiteral("tls/ca.pem")));
        QCOMPARE(modeOf(ca), 0600);
        QCOMPARE(modeOf(m_work.filePath(QStringLiteral("tls/ca-key.pem"))), 0600);
        QCOMPARE(modeOf(m_work.filePath(QStringLiteral("tls"))), 0700);
        QFile file(ca);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), m_emulator.caCertificatePem());
        // The leaf names the three loopback forms and verifies against the CA alone (no system roots).
        const QSslCertificate leaf = m_emulator.tlsCertificate();
        const auto names = leaf.subjectAlternativeNames();
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1"))
            || names.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
        QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
        for (const char *host : { "127.0.0.1", "::1", "localhost" })
            QVERIFY2(ScopedTrust::chainVerifies({ leaf }, caOf(m_emulator), QString::fromLatin1(host)), host);
        QVERIFY(!ScopedTrust::chainVerifies({ leaf }, caOf(m_emulator), QStringLiteral("example.com")));
        QVERIFY(!ScopedTrust::chainVerifies({ leaf }, caOf(m_emulator), QStringLiteral("10.0.0.1")));
    }

    void theSameCaOnTheNextStartAndAFreshLeaf()
    {
        QTemporaryDir work;
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY2(e.start(options, &error), qPrintable(error));
        const QByteArray ca = e.caCertificatePem();
        const QSslCertificate firstLeaf = e.tlsCertificate();
        QVERIFY(ca != m_emulator.caCertificatePem()); // one CA per work directory
        // Stopping removes the run's files, never the CA.
        e.stop();
        QVERIFY(QFile::exists(work.filePath(QStringLiteral("tls/ca.pem"))));
        QVERIFY(QFile::exists(work.filePath(QStringLiteral("tls/ca-key.pem"))));
        QVERIFY2(e.start(options, &error), qPrintable(error));
        QCOMPARE(e.caCertificatePem(), ca);
        QVERIFY(e.tlsCertificate() != firstLeaf);
        QVERIFY(ScopedTrust::chainVerifies(
            { e.tlsCertificate() }, QSslCertificate::fromData(ca, QSsl::Pem), QStringLiteral("127.0.0.1")));
    }

    void everyRouteOverHttps_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("auth"); ///< "", "graph", "function", "admin", "identity-header"
        QTest::addColumn<int>("status");
        const QString t = m_emulator.scenario().tenantId;
        QTest::newRow("discovery v1") << QByteArray("GET")
                                      << QStringLiteral("/%1/.well-known/openid-configuration").arg(t) << QString()
                                      << 200;
        QTest::newRow("discovery v2") << QByteArray("GET")
                                      << QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(t) << QString()
                                      << 200;
        QTest::newRow("JWKS") << QByteArray("GET") << QStringLiteral("/common/discovery/keys") << QString() << 200;
        QTest::newRow("Graph") << QByteArray("GET") << QStringLiteral("/v1.0/servicePrincipals")
                               << QStringLiteral("graph") << 200;
        QTest::newRow("Graph without a token")
            << QByteArray("GET") << QStringLiteral("/v1.0/servicePrincipals") << QString() << 401;
        QTest::newRow("App Service token")
            << QByteArray("GET") << QStringLiteral("/msi/token?api-version=2019-08-01&resource=https://vault.azure.net")
            << QStringLiteral("identity-header") << 200;
        QTest::newRow("Service Fabric token")
            << QByteArray("GET")
            << QStringLiteral(
                   "/metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https://vault.azure.net")
            << QStringLiteral("secret") << 200;
        QTest::newRow("function") << QByteArray("GET") << m_emulator.scenario().functions.first().path
                                  << QStringLiteral("function") << 200;
        QTest::newRow("admin with its token")
            << QByteArray("GET") << QStringLiteral("/admin/scenario") << QStringLiteral("admin") << 200;
        QTest::newRow("admin without it") << QByteArray("GET") << QStringLiteral("/admin/scenario") << QString() << 401;
    }
    void everyRouteOverHttps()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, auth);
        QFETCH(int, status);
        HeaderList headers;
        const QByteArray secret = m_emulator.scenario().identityHeader.toLatin1();
        if (auth == QLatin1String("graph"))
            headers = bearer(tokenFor("idex-reader", QStringLiteral("https://graph.microsoft.com")));
        else if (auth == QLatin1String("function"))
            headers = bearer(tokenFor("caller-func", m_emulator.scenario().walkthrough.resource));
        else if (auth == QLatin1String("admin"))
            headers = adminAuth(m_emulator);
        else if (auth == QLatin1String("identity-header"))
            headers = { { "X-IDENTITY-HEADER", secret } };
        else if (auth == QLatin1String("secret"))
            headers = { { "Secret", secret } };
        // No pin, no ignored errors: the scoped CA is what makes the certificate trusted.
        const Answer a = send(m_client, method, at(m_https, path), headers);
        QVERIFY2(a.response.tlsErrors.isEmpty(), qPrintable(a.response.tlsErrors.join(u'\n')));
        QVERIFY2(a.status == status, a.body.left(400).constData());
        QVERIFY(!a.response.tlsProtocol.isEmpty());
    }

    void urlsFollowTheSchemeAndHostOfTheRequest_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("host");
        QTest::newRow("https 127.0.0.1") << true << QStringLiteral("127.0.0.1");
        QTest::newRow("https localhost") << true << QStringLiteral("localhost");
        QTest::newRow("http localhost") << false << QStringLiteral("localhost");
        QTest::newRow("http 127.0.0.1") << false << QStringLiteral("127.0.0.1");
    }
    void urlsFollowTheSchemeAndHostOfTheRequest()
    {
        QFETCH(bool, tls);
        QFETCH(QString, host);
        QUrl base = tls ? m_https : m_emulator.baseUrl();
        base.setHost(host);
        HttpClient client;
        client.trustAuthoritiesFor(host, m_https.port(), caOf(m_emulator));
        const QString prefix = base.toString();
        const Answer discovery = send(client, "GET",
            at(base, QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(m_emulator.scenario().tenantId)));
        QCOMPARE(discovery.status, 200);
        const QJsonObject doc = discovery.json();
        for (const char *field : { "jwks_uri", "token_endpoint", "authorization_endpoint", "msgraph_host" })
            QVERIFY2(doc.value(QLatin1String(field)).toString().startsWith(prefix),
                qPrintable(doc.value(QLatin1String(field)).toString() + QStringLiteral(" vs ") + prefix));
        // Issuers are names, not links: the same whichever way the document was fetched.
        QCOMPARE(doc.value(QStringLiteral("issuer")).toString(), m_emulator.issuerV2());
        const Answer keys = send(client, "GET", QUrl(doc.value(QStringLiteral("jwks_uri")).toString()));
        QCOMPARE(keys.status, 200);

        // Graph's paging link: followed as given, it stays on the same scheme and host.
        const HeaderList auth = bearer(tokenFor("idex-reader", QStringLiteral("https://graph.microsoft.com")));
        const Answer page = send(client, "GET", at(base, QStringLiteral("/v1.0/servicePrincipals?$top=1")), auth);
        QCOMPARE(page.status, 200);
        const QString next = page.json().value(QStringLiteral("@odata.nextLink")).toString();
        QVERIFY2(next.startsWith(prefix + QStringLiteral("/v1.0/servicePrincipals?")), qPrintable(next));
        QVERIFY(page.json().value(QStringLiteral("@odata.context")).toString().startsWith(prefix));
        const Answer second = send(client, "GET", QUrl(next), auth);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json().value(QStringLiteral("value")).toArray().size(), 1);
    }

    void hostAndOriginChecksApplyOverHttps()
    {
        const quint16 port = quint16(m_https.port());
        const QByteArray get
            = "GET /admin/scenario HTTP/1.1\r\nAuthorization: Bearer " + m_emulator.adminToken() + "\r\n";
        const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
        QCOMPARE(rawExchange(port, get + host + "\r\n", true).status, 200);
        QCOMPARE(
            rawExchange(port, get + "Host: rebind.evil.example:" + QByteArray::number(port) + "\r\n\r\n", true).status,
            421);
        QCOMPARE(rawExchange(port, get + host + "Origin: https://evil.example\r\n\r\n", true).status, 403);
        QCOMPARE(rawExchange(port, get + host + "Sec-Fetch-Site: cross-site\r\n\r\n", true).status, 403);
        const QByteArray wrong = "GET /admin/scenario HTTP/1.1\r\nAuthorization: Bearer not-the-admin-token-at-all\r\n";
        QCOMPARE(rawExchange(port, wrong + host + "\r\n", true).status, 401);
        // A Host naming the http port is refused on the https port.
        QCOMPARE(rawExchange(port,
                     get + "Host: 127.0.0.1:" + QByteArray::number(m_emulator.baseUrl().port()) + "\r\n\r\n", true)
                     .status,
            421);
    }

    void theCaIsTrustedForTheEmulatorsOriginOnly()
    {
        // A second emulator with the same CA (its tls/ directory copied): a certificate from the very same CA, on
        // another port.
        QTemporaryDir otherWork;
        QVERIFY(QDir().mkdir(otherWork.filePath(QStringLiteral("tls"))));
        for (const char *name : { "tls/ca.pem", "tls/ca-key.pem" })
            QVERIFY(QFile::copy(m_work.filePath(QLatin1String(name)), otherWork.filePath(QLatin1String(name))));
        Emulator other;
        EmulatorOptions options;
        options.workDir = otherWork.path();
        QString error;
        QVERIFY2(other.start(options, &error), qPrintable(error));
        QCOMPARE(other.caCertificatePem(), m_emulator.caCertificatePem());
        const QString path = QStringLiteral("/common/discovery/keys");

        const Answer trusted = send(m_client, "GET", at(m_https, path));
        QCOMPARE(trusted.status, 200);
        const Answer otherPort = send(m_client, "GET", at(other.httpsBaseUrl(), path));
        QCOMPARE(otherPort.status, 0);
        QCOMPARE(otherPort.response.failure, HttpFailure::Tls);
        QVERIFY(otherPort.body.isEmpty());
        // The same port under another name (the certificate names it, but the trust was given for 127.0.0.1).
        QUrl byName = m_https;
        byName.setHost(QStringLiteral("localhost"));
        const Answer otherHost = send(m_client, "GET", at(byName, path));
        QCOMPARE(otherHost.status, 0);
        QCOMPARE(otherHost.response.failure, HttpFailure::Tls);
        // A client that was never told about the CA trusts nothing of it.
        HttpClient plain;
        const Answer untrusted = send(plain, "GET", at(m_https, path));
        QCOMPARE(untrusted.status, 0);
        QCOMPARE(untrusted.response.failure, HttpFailure::Tls);
        // Forgetting the origin ends the trust.
        HttpClient forgetful;
        forgetful.trustAuthoritiesFor(m_https.host(), m_https.port(), caOf(m_emulator));
        QCOMPARE(send(forgetful, "GET", at(m_https, path)).status, 200);
        forgetful.trustAuthoritiesFor(m_https.host(), m_https.port(), {});
        HttpRequest fresh;
        fresh.url = at(other.httpsBaseUrl(), path); // a new connection: nothing cached can carry the old trust
        QCOMPARE(forgetful.sendAndWait(fresh).response.failure, HttpFailure::Tls);
    }

    void aCertificateOfTheUsersOwn()
    {
        // Made by another CA (one the emulator did not make), written as the user would have it.
        QTemporaryDir elsewhere;
        LocalCa userCa;
        QString error;
        QVERIFY2(userCa.loadOrCreate(elsewhere.path(), &error), qPrintable(error));
        const TlsIdentity own = userCa.issueLeaf({}, &error);
        QVERIFY2(!own.isNull(), qPrintable(error));
        const QString certFile = elsewhere.filePath(QStringLiteral("cert.pem"));
        const QString keyFile = elsewhere.filePath(QStringLiteral("key.pem"));
        QFile c(certFile), k(keyFile);
        QVERIFY(c.open(QIODevice::WriteOnly) && k.open(QIODevice::WriteOnly));
        c.write(own.leaf.toPem() + own.chain.first().toPem());
        k.write(own.key.toPem());
        c.close();
        k.close();

        Emulator e;
        EmulatorOptions options;
        options.tlsCertFile = certFile;
        options.tlsKeyFile = keyFile;
        QVERIFY2(e.start(options, &error), qPrintable(error));
        QCOMPARE(e.tlsCertificate(), own.leaf);
        QVERIFY(e.caCertificatePath().isEmpty());
        HttpClient client;
        client.trustAuthoritiesFor(QStringLiteral("127.0.0.1"), e.httpsBaseUrl().port(), { own.chain.first() });
        const Answer a = send(client, "GET", at(e.httpsBaseUrl(), QStringLiteral("/common/discovery/keys")));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.response.peerCertificateSha1, e.serviceFabricThumbprint());

        // A key that is not the certificate's, one option without the other, a file that is not PEM: clear errors.
        const TlsIdentity another = userCa.issueLeaf({}, &error);
        QFile k2(keyFile);
        QVERIFY(k2.open(QIODevice::WriteOnly | QIODevice::Truncate));
        k2.write(another.key.toPem());
        k2.close();
        Emulator refused;
        QVERIFY(!refused.start(options, &error));
        QVERIFY2(error.contains(QLatin1String("does not belong")) && error.contains(keyFile), qPrintable(error));
        options.tlsKeyFile.clear();
        QVERIFY(!refused.start(options, &error));
        QVERIFY2(error.contains(QLatin1String("--tls-key")), qPrintable(error));
        options.tlsKeyFile = certFile;
        QVERIFY(!refused.start(options, &error));
        QVERIFY2(error.contains(QLatin1String("--tls-key")) && error.contains(certFile), qPrintable(error));
    }

    void anUnusableCaIsNeverReplacedSilently_data()
    {
        QTest::addColumn<QString>("plant"); ///< what is put at tls/ca.pem (tls/ca-key.pem is a real key)
        QTest::addColumn<QString>("expected");
        QTest::newRow("not PEM") << QStringLiteral("garbage") << QStringLiteral("not a PEM certificate");
        QTest::newRow("symlink") << QStringLiteral("symlink") << QStringLiteral("symbolic link");
        QTest::newRow("cert without key") << QStringLiteral("lonely") << QStringLiteral("without");
        QTest::newRow("leaf, not a CA") << QStringLiteral("leaf") << QStringLiteral("not a CA");
    }
    void anUnusableCaIsNeverReplacedSilently()
    {
        QFETCH(QString, plant);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(QDir().mkdir(dir.filePath(QStringLiteral("tls"))));
        const QString cert = dir.filePath(QStringLiteral("tls/ca.pem"));
        const QString key = dir.filePath(QStringLiteral("tls/ca-key.pem"));
        QString error;
        const TlsIdentity leaf = [&] {
            LocalCa ca;
            QTemporaryDir other;
            [&] { QVERIFY(ca.loadOrCreate(other.path(), &error)); }();
            return ca.issueLeaf({}, &error);
        }();
        QByteArray certBytes = leaf.leaf.toPem();
        if (plant == QLatin1String("garbage"))
            certBytes = "not a certificate\n";
        if (plant == QLatin1String("symlink")) {
            QVERIFY(QFile::link(dir.filePath(QStringLiteral("elsewhere.pem")), cert));
        } else {
            QFile f(cert);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(certBytes);
        }
        if (plant != QLatin1String("lonely")) {
            QFile f(key);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(leaf.key.toPem());
        }
        const QByteArray before = QFile::exists(cert) ? [&] {
            QFile f(cert);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }()
                                                      : QByteArray();
        Emulator e;
        EmulatorOptions options;
        options.workDir = dir.path();
        QVERIFY(!e.start(options, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("ca")), qPrintable(error));
        if (plant == QLatin1String("symlink")) {
            QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("elsewhere.pem")))); // nothing written through it
        } else {
            QFile f(cert);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
    }
};

QTEST_GUILESS_MAIN(TestEmulatorHttps)
#include "test_emulator_https.moc"
