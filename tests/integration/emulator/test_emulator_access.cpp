// Who may talk to the emulator, over real loopback HTTP: the admin API wants its per-run bearer token and refuses
// requests sent by web pages (Origin, Sec-Fetch-Site); every route refuses a Host that is not the emulator's own
// address (DNS rebinding). The admin token never reaches the request log.
#include "emulator/adminauth.h"
#include "emulatortestsupport.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

QByteArray imdsRequestLine()
{
    return "GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net "
           "HTTP/1.1\r\n";
}

} // namespace

class TestEmulatorAccess : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    QStringList m_log;

    quint16 port() const { return quint16(m_emulator.baseUrl().port()); }
    QByteArray hostHeader() const { return "Host: 127.0.0.1:" + QByteArray::number(port()) + "\r\n"; }
    Answer admin(const QByteArray &method, const QString &path, const HeaderList &headers, const QByteArray &body = {})
    {
        return send(m_client, method, url(m_emulator, path), headers, body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(EmulatorOptions {}, &error), qPrintable(error));
        connect(&m_emulator, &Emulator::requestServed, this, [this](const QString &line) { m_log << line; });
    }

    void bindsLoopbackByDefault()
    {
        QCOMPARE(EmulatorOptions {}.bind, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(m_emulator.baseUrl().host(), QStringLiteral("127.0.0.1"));
    }

    void adminTokenIsRandomPerRun()
    {
        const QByteArray token = m_emulator.adminToken();
        QCOMPARE(token.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(QString::fromLatin1(token)).hasMatch());
        Emulator other;
        QVERIFY(other.start(EmulatorOptions {}, m_emulator.keys()));
        QVERIFY(other.adminToken() != token);
        other.stop();
        QVERIFY(other.adminToken().isEmpty());
    }

    void adminNeedsTheToken_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        const QByteArray token = m_emulator.adminToken();
        QTest::newRow("none") << QByteArray() << 401;
        QTest::newRow("another token") << QByteArray("Bearer 0123456789abcdef0123456789abcdef0123456") << 401;
        QTest::newRow("one character short") << "Bearer " + token.chopped(1) << 401;
        QTest::newRow("one character more") << "Bearer " + token + 'x' << 401;
        QTest::newRow("empty bearer") << QByteArray("Bearer ") << 401;
        QTest::newRow("Basic scheme") << "Basic " + token << 401;
        QTest::newRow("no scheme") << token << 401;
        QTest::newRow("the token") << "Bearer " + token << 200;
        QTest::newRow("scheme in lower case") << "bearer " + token << 200;
    }
    void adminNeedsTheToken()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        HeaderList headers;
        if (!authorization.isEmpty())
            headers << qMakePair(QByteArray("Authorization"), authorization);
        const Answer a = admin("GET", QStringLiteral("/admin/scenario"), headers);
        QCOMPARE(a.status, status);
        if (status == 401) {
            QVERIFY(a.json().value(QStringLiteral("error")).toString().contains(QLatin1String("admin token")));
            QCOMPARE(a.header("WWW-Authenticate"), QByteArray("Bearer realm=\"idex-emulator-admin\""));
            QVERIFY(!a.body.contains(m_emulator.adminToken()));
            QVERIFY(!a.body.contains("identityHeader"));
        } else {
            QCOMPARE(a.json().value(QStringLiteral("name")).toString(), QStringLiteral("seed"));
        }
    }

    void everyAdminRouteNeedsTheToken_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("scenario") << QByteArray("GET") << "/admin/scenario" << QByteArray();
        QTest::newRow("add assignment") << QByteArray("POST") << "/admin/assignments" << QByteArray("{}");
        QTest::newRow("remove assignment") << QByteArray("DELETE") << "/admin/assignments/x" << QByteArray();
        QTest::newRow("rotate keys") << QByteArray("POST") << "/admin/keys/rotate"
                                     << QByteArray("{\"keepPrevious\":false}");
        QTest::newRow("set faults") << QByteArray("PUT") << "/admin/faults"
                                    << QByteArray("{\"kind\":\"status\",\"status\":500}");
        QTest::newRow("add fault") << QByteArray("POST") << "/admin/faults"
                                   << QByteArray("{\"kind\":\"status\",\"status\":500}");
        QTest::newRow("clear faults") << QByteArray("DELETE") << "/admin/faults" << QByteArray();
        QTest::newRow("flush cache") << QByteArray("DELETE") << "/admin/token-cache" << QByteArray();
        QTest::newRow("clock skew") << QByteArray("PUT") << "/admin/clock-skew" << QByteArray("{\"seconds\":3600}");
        QTest::newRow("unknown") << QByteArray("GET") << "/admin/nothing" << QByteArray();
    }
    void everyAdminRouteNeedsTheToken()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const auto keys = m_emulator.publishedKeyIds();
        const Answer a = admin(method, path, { { "Content-Type", "application/json" } }, body);
        QCOMPARE(a.status, 401);
        QCOMPARE(m_emulator.publishedKeyIds(), keys);
        QVERIFY(m_emulator.faults().isEmpty());
        QCOMPARE(m_emulator.clockSkew(), 0);
    }

    void adminTokenCanBeChosen_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("usable");
        QTest::newRow("script's choice") << QByteArray("ci-run-4711-admin-token") << true;
        QTest::newRow("base64 with padding") << QByteArray("c2NyaXB0cy1jaG9vc2UtdGhpcw==") << true;
        QTest::newRow("too short") << QByteArray("secret") << false;
        QTest::newRow("space") << QByteArray("a token with spaces in it") << false;
        QTest::newRow("CR LF") << QByteArray("0123456789abcdef\r\nX-Evil: 1") << false;
        QTest::newRow("too long") << QByteArray(513, 'a') << false;
    }
    void adminTokenCanBeChosen()
    {
        QFETCH(QByteArray, token);
        QFETCH(bool, usable);
        QCOMPARE(adminTokenProblem(token).isEmpty(), usable);
        Emulator e;
        EmulatorOptions options;
        options.adminToken = token;
        QString error;
        QCOMPARE(e.start(options, m_emulator.keys(), &error), usable);
        if (!usable) {
            QVERIFY2(error.contains(QLatin1String("admin token")), qPrintable(error));
            return;
        }
        QCOMPARE(e.adminToken(), token);
        QCOMPARE(
            send(m_client, "GET", url(e, QStringLiteral("/admin/scenario")), { { "Authorization", "Bearer " + token } })
                .status,
            200);
    }

    void webPagesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("status");
        QTest::newRow("Origin of another site") << QByteArray("Origin") << QByteArray("http://evil.example") << 403;
        QTest::newRow("Origin null (sandboxed frame)") << QByteArray("Origin") << QByteArray("null") << 403;
        QTest::newRow("Origin of the emulator itself") << QByteArray("Origin") << QByteArray("http://127.0.0.1") << 403;
        QTest::newRow("Sec-Fetch-Site cross-site") << QByteArray("Sec-Fetch-Site") << QByteArray("cross-site") << 403;
        QTest::newRow("Sec-Fetch-Site same-site") << QByteArray("Sec-Fetch-Site") << QByteArray("same-site") << 403;
        QTest::newRow("Sec-Fetch-Site upper case") << QByteArray("Sec-Fetch-Site") << QByteArray("Cross-Site") << 403;
        QTest::newRow("Sec-Fetch-Site none (typed URL)") << QByteArray("Sec-Fetch-Site") << QByteArray("none") << 200;
        QTest::newRow("Sec-Fetch-Site same-origin") << QByteArray("Sec-Fetch-Site") << QByteArray("same-origin") << 200;
    }
    void webPagesAreRefused()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(int, status);
        // Even with the right token: a page must not be able to use a token it learned somehow.
        const Answer a
            = admin("GET", QStringLiteral("/admin/scenario"), adminAuth(m_emulator) + HeaderList { { name, value } });
        QCOMPARE(a.status, status);
        if (status == 403)
            QVERIFY(
                a.json().value(QStringLiteral("error_description")).toString().contains(QLatin1String("web pages")));
    }

    void simpleCrossSitePostChangesNothing()
    {
        // What a page can send without a CORS preflight: POST with text/plain. It must not arm a fault.
        const QByteArray body = "{\"kind\":\"status\",\"route\":\"*\",\"status\":500}";
        const RawAnswer a = rawExchange(port(),
            "POST /admin/faults HTTP/1.1\r\n" + hostHeader()
                + "Origin: http://evil.example\r\n"
                  "Content-Type: text/plain\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(a.status, 403);
        QVERIFY(m_emulator.faults().isEmpty());
    }

    void hostMustNameTheEmulator_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("status"); ///< of the IMDS request; 200 = served
        const QByteArray p = QByteArray::number(port());
        QTest::newRow("127.0.0.1:PORT") << "127.0.0.1:" + p << 200;
        QTest::newRow("localhost:PORT") << "localhost:" + p << 200;
        QTest::newRow("LocalHost:PORT (case)") << "LocalHost:" + p << 200;
        QTest::newRow("[::1]:PORT") << "[::1]:" + p << 200;
        QTest::newRow("rebinding name") << "rebind.evil.example:" + p << 421;
        QTest::newRow("name that contains 127.0.0.1") << "127.0.0.1.nip.io:" + p << 421;
        QTest::newRow("localhost with a trailing dot") << "localhost.:" + p << 421;
        QTest::newRow("another port") << "127.0.0.1:" + QByteArray::number(port() + 1) << 421;
        QTest::newRow("no port (80)") << QByteArray("127.0.0.1") << 421;
        QTest::newRow("[::1] without port") << QByteArray("[::1]") << 421;
        QTest::newRow("userinfo") << "evil@127.0.0.1:" + p << 421;
        QTest::newRow("bare IPv6") << "::1:" + p << 400;
        QTest::newRow("port not a number") << QByteArray("127.0.0.1:http") << 400;
        QTest::newRow("empty") << QByteArray() << 400;
    }
    void hostMustNameTheEmulator()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, status);
        const RawAnswer a = rawExchange(port(), imdsRequestLine() + "Host: " + host + "\r\nMetadata: true\r\n\r\n");
        QCOMPARE(a.status, status);
        if (status != 200) {
            QVERIFY(!a.body.contains("access_token"));
            QVERIFY2(a.json().value(QStringLiteral("error_description")).toString().contains(QLatin1String("Host")),
                a.body.constData());
        }
    }

    void everyRouteChecksTheHost_data()
    {
        QTest::addColumn<QByteArray>("request");
        const QByteArray secret = m_emulator.scenario().identityHeader.toLatin1();
        QTest::newRow("IMDS") << imdsRequestLine() + "Metadata: true\r\n";
        QTest::newRow("App Service")
            << "GET /msi/token?api-version=2019-08-01&resource=https://vault.azure.net HTTP/1.1\r\nX-IDENTITY-HEADER: "
                + secret + "\r\n";
        QTest::newRow("Cloud Shell") << QByteArray(
            "GET /cloudshell/oauth2/token?resource=https://vault.azure.net HTTP/1.1\r\nMetadata: true\r\n");
        QTest::newRow("discovery") << "GET /" + m_emulator.scenario().tenantId.toLatin1()
                + "/.well-known/openid-configuration HTTP/1.1\r\n";
        QTest::newRow("JWKS") << QByteArray("GET /common/discovery/keys HTTP/1.1\r\n");
        QTest::newRow("Graph") << QByteArray("GET /v1.0/servicePrincipals HTTP/1.1\r\n");
        QTest::newRow("function") << QByteArray("GET /api/aad-func HTTP/1.1\r\n");
        QTest::newRow("admin with its token")
            << "GET /admin/scenario HTTP/1.1\r\nAuthorization: Bearer " + m_emulator.adminToken() + "\r\n";
        QTest::newRow("unknown path") << QByteArray("GET /nothing/here HTTP/1.1\r\n");
    }
    void everyRouteChecksTheHost()
    {
        QFETCH(QByteArray, request);
        const RawAnswer refused
            = rawExchange(port(), request + "Host: attacker.example:" + QByteArray::number(port()) + "\r\n\r\n");
        QCOMPARE(refused.status, 421);
        const RawAnswer served = rawExchange(port(), request + hostHeader() + "\r\n");
        QVERIFY2(served.status != 421 && served.status != 0, served.head.constData());
    }

    void serviceFabricChecksTheHostToo()
    {
        const QUrl sf = m_emulator.serviceFabricEndpoint();
        const QByteArray request
            = "GET /metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource=https://vault.azure.net "
              "HTTP/1.1\r\n"
              "Secret: "
            + m_emulator.scenario().identityHeader.toLatin1() + "\r\n";
        const quint16 tlsPort = quint16(sf.port());
        QCOMPARE(
            rawExchange(tlsPort, request + "Host: attacker.example:" + QByteArray::number(tlsPort) + "\r\n\r\n", true)
                .status,
            421);
        QCOMPARE(
            rawExchange(tlsPort, request + "Host: 127.0.0.1:" + QByteArray::number(tlsPort) + "\r\n\r\n", true).status,
            200);
    }

    void missingHost()
    {
        // HTTP/1.1 requires Host (400); HTTP/1.0 clients may omit it, and no browser does.
        QCOMPARE(rawExchange(port(), imdsRequestLine() + "Metadata: true\r\n\r\n").status, 400);
        QByteArray v10 = imdsRequestLine();
        v10.replace("HTTP/1.1", "HTTP/1.0");
        QCOMPARE(rawExchange(port(), v10 + "Metadata: true\r\n\r\n").status, 200);
    }

    void theLogNeverShowsTheAdminToken()
    {
        const QByteArray token = m_emulator.adminToken();
        m_log.clear();
        QCOMPARE(admin("GET", QStringLiteral("/admin/scenario"), adminAuth(m_emulator)).status, 200);
        QCOMPARE(admin("GET", QStringLiteral("/admin/scenario"), { { "Authorization", "Bearer " + token.chopped(2) } })
                     .status,
            401);
        QCOMPARE(
            admin("GET", QStringLiteral("/admin/") + QString::fromLatin1(token), adminAuth(m_emulator)).status, 404);
        QCOMPARE(admin("GET", QStringLiteral("/admin/scenario"),
                     adminAuth(m_emulator) + HeaderList { { "Origin", "http://x" } })
                     .status,
            403);
        QTRY_COMPARE(m_log.size(), 4);
        const QString all = m_log.join(u'\n');
        QVERIFY2(!all.contains(QString::fromLatin1(token)), qPrintable(all));
        QVERIFY2(!all.contains(QString::fromLatin1(token.chopped(2))), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("/admin/[admin token] -> 404")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("wrong admin token")), qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(TestEmulatorAccess)
#include "test_emulator_access.moc"
