// Forged tokens, end to end: each row is a token an attacker could hand to `idex verify`, which runs with discovery
// against the emulator over real loopback HTTP and real OpenSSL. Every forgery must be refused (exit 1) or reported
// as not verified (exit 3) with its own reason code; none may print VALID. A genuine token is the control row.
// An attacker's key set is served on loopback too, so a test fails if the verifier ever fetches keys a token names.
#include "emulator/emulator.h"
#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/publickey.h"
#include "net/httpclient.h"
#include "support/emulatortoken.h"
#include "testsigner.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

#include <openssl/bio.h>
#include <openssl/pem.h>

using namespace idex;
using namespace idex::test;

namespace {

QJsonObject part(const QString &token, int index)
{
    return QJsonDocument::fromJson(
        QByteArray::fromBase64(token.section(u'.', index, index).toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}

QString encode(const QJsonObject &object)
{
    return QString::fromLatin1(base64Url(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

/*! The token with its header and/or payload replaced, the signature kept. */
QString edited(const QString &token, const QJsonObject &header, const QJsonObject &claims)
{
    return encode(header) + u'.' + encode(claims) + u'.' + token.section(u'.', 2, 2);
}

QByteArray pemOf(const JsonWebKey &key)
{
    const EvpKey pkey = makePublicKey(key, nullptr);
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey.get());
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(length));
    BIO_free(bio);
    return pem;
}

} // namespace

class TestForgedTokens : public QObject
{
    Q_OBJECT
private:
    emulator::Emulator m_emulator;
    HttpClient m_http;
    QString m_audience;
    QString m_role;
    QString m_genuine;
    TestKey m_attacker = TestKey::rsa(QStringLiteral("attacker-key"));
    QHttpServer m_attackerServer; ///< publishes the attacker's keys and a configuration that points elsewhere
    quint16 m_attackerPort = 0;
    int m_attackerRequests = 0;
    quint16 m_closedPort = 0;

    QString imdsToken() { return testsupport::imdsToken(m_http, m_emulator.baseUrl(), m_audience); }

    QString attackerUrl(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_attackerPort).arg(path);
    }

    /*! The genuine claims, roles widened: what every forgery below wants to pass. */
    QJsonObject escalatedClaims() const
    {
        QJsonObject claims = part(m_genuine, 1);
        claims.insert(QStringLiteral("roles"), QJsonArray { m_role, QStringLiteral("Admin") });
        return claims;
    }

    struct Run
    {
        int exitCode = -1;
        QJsonObject json;
        QString text;
    };

    Run verify(const QString &token, const QStringList &extra = {})
    {
        QProcess idex;
        QStringList args { QStringLiteral("verify"), QStringLiteral("-"), QStringLiteral("--audience"), m_audience,
            QStringLiteral("--role"), m_role };
        args << extra;
        idex.start(QStringLiteral(IDEX_BINARY), args);
        if (!idex.waitForStarted())
            return {};
        idex.write(token.toLatin1());
        idex.closeWriteChannel();
        // The emulator and the attacker's server answer in this thread: keep its event loop running.
        QDeadlineTimer deadline(30000);
        while (idex.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(10);
        Run run;
        run.exitCode = idex.exitCode();
        run.text = QString::fromUtf8(idex.readAllStandardOutput() + idex.readAllStandardError());
        run.json = QJsonDocument::fromJson(run.text.toUtf8()).object();
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        const emulator::ProtectedFunction &function = m_emulator.scenario().functions.first();
        const emulator::Application *app = m_emulator.scenario().applicationByAppId(function.appId);
        QVERIFY(app);
        m_audience = app->identifierUris.value(0, function.appId);
        m_role = function.requiredRoles.value(0);
        m_genuine = imdsToken();
        QVERIFY(!m_genuine.isEmpty());
        QVERIFY(part(m_genuine, 1).value(QLatin1String("roles")).toArray().contains(m_role));

        // The attacker's issuer: its configuration sends verifiers to keys on another origin, and it publishes
        // the attacker's key set for jku/x5u to point at. Every request it gets is counted.
        const QByteArray attackerJwks = jwksDocument({ m_attacker });
        m_attackerServer.route(QStringLiteral("/keys"), [this, attackerJwks] {
            ++m_attackerRequests;
            return QHttpServerResponse(QByteArrayLiteral("application/json"), attackerJwks);
        });
        m_attackerServer.route(QStringLiteral("/cert"), [this] {
            ++m_attackerRequests;
            return QHttpServerResponse(QByteArrayLiteral("application/pkix-cert"), m_attacker.certificateDer());
        });
        m_attackerServer.route(QStringLiteral("/evil/.well-known/openid-configuration"), [this] {
            ++m_attackerRequests;
            const QJsonObject configuration { { QStringLiteral("issuer"), attackerUrl(QStringLiteral("/evil/")) },
                { QStringLiteral("jwks_uri"), QStringLiteral("http://localhost:%1/keys").arg(m_attackerPort) } };
            return QHttpServerResponse(configuration);
        });
        m_attackerPort = m_attackerServer.listen(QHostAddress::LocalHost);
        QVERIFY(m_attackerPort != 0);

        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_closedPort = probe.serverPort();
        probe.close();
    }

    void forgeries_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("reason"); ///< signature.reason, or the verdict's code when the keys are unavailable
        QTest::addColumn<QString>("finding");

        const QJsonObject header = part(m_genuine, 0);
        const QString kid = header.value(QLatin1String("kid")).toString();
        const QJsonObject claims = part(m_genuine, 1);
        const QJsonObject escalated = escalatedClaims();
        auto with = [](QJsonObject object, const QString &name, const QJsonValue &value) {
            object.insert(name, value);
            return object;
        };
        auto attackerSigned = [&](const QJsonObject &extraHeader, const QJsonObject &body, const QString &keyId) {
            QJsonObject h = extraHeader;
            h.insert(QStringLiteral("kid"), keyId);
            return signToken(h, body, m_attacker);
        };

        QTest::addRow("genuine (control)") << m_genuine << 0 << "valid"
                                           << "verified" << QString();

        QTest::addRow("alg none, roles edited") << rawToken(
            { { QStringLiteral("alg"), QStringLiteral("none") }, { QStringLiteral("kid"), kid } }, escalated)
                                                << 1 << "invalid"
                                                << "alg-none"
                                                << "algorithm-refused";
        QTest::addRow("alg none with a nonce, roles edited, empty signature") << rawToken(
            { { QStringLiteral("alg"), QStringLiteral("none") }, { QStringLiteral("nonce"), QStringLiteral("x") } },
            escalated) << 1 << "invalid"
                                                                              << "alg-none"
                                                                              << "algorithm-refused";
        {
            // HS256 keyed with the issuer's published RSA key: anyone can compute it.
            HttpRequest request;
            request.url = m_emulator.jwksUrl(1);
            const JwksParseResult keys = parseJwks(m_http.sendAndWait(request).response.body);
            const JsonWebKey *key = keys.set.find(kid);
            QVERIFY(key);
            const QString input
                = encode({ { QStringLiteral("alg"), QStringLiteral("HS256") }, { QStringLiteral("kid"), kid } }) + u'.'
                + encode(escalated);
            const QByteArray mac
                = QMessageAuthenticationCode::hash(input.toLatin1(), pemOf(*key), QCryptographicHash::Sha256);
            QTest::addRow("HS256 keyed with the RSA public key")
                << (input + u'.' + QString::fromLatin1(base64Url(mac))) << 1 << "invalid"
                << "alg-hmac"
                << "algorithm-refused";
        }
        QTest::addRow("kid pointing to no key")
            << attackerSigned({}, escalated, QStringLiteral("no-such-kid")) << 1 << "invalid"
            << "kid-unknown"
            << "signing-key-unknown";
        QTest::addRow("signature of another key under the issuer's kid")
            << attackerSigned({}, escalated, kid) << 1 << "invalid"
            << "signature-mismatch"
            << "signature-invalid";
        QTest::addRow("truncated signature") << m_genuine.chopped(20) << 1 << "invalid"
                                             << "signature-truncated"
                                             << "signature-invalid";
        QTest::addRow("payload edited after signing") << edited(m_genuine, header, escalated) << 1 << "invalid"
                                                      << "signature-mismatch"
                                                      << "signature-invalid";
        QTest::addRow("crit extension") << edited(
            m_genuine, with(header, QStringLiteral("crit"), QJsonArray { QStringLiteral("exp") }), claims)
                                        << 1 << "invalid"
                                        << "crit-not-understood"
                                        << "header-crit-refused";
        QTest::addRow("nonce on a token for this API")
            << edited(m_genuine, with(header, QStringLiteral("nonce"), QStringLiteral("n")), escalated) << 1
            << "invalid"
            << "nonce-suspicious"
            << "nonce-suspicious";
        QTest::addRow("jku pointing at the attacker's key set") << attackerSigned(
            { { QStringLiteral("jku"), attackerUrl(QStringLiteral("/keys")) } }, escalated, m_attacker.kid())
                                                                << 1 << "invalid"
                                                                << "kid-unknown"
                                                                << "signing-key-unknown";
        QTest::addRow("x5u pointing at the attacker's certificate") << attackerSigned(
            { { QStringLiteral("x5u"), attackerUrl(QStringLiteral("/cert")) } }, escalated, m_attacker.kid())
                                                                    << 1 << "invalid"
                                                                    << "kid-unknown"
                                                                    << "signing-key-unknown";
        QTest::addRow("embedded jwk of the attacker")
            << attackerSigned({ { QStringLiteral("jwk"), m_attacker.publicJwk() } }, escalated, m_attacker.kid()) << 1
            << "invalid"
            << "kid-unknown"
            << "signing-key-unknown";
        QTest::addRow("issuer whose keys are published on another origin") << attackerSigned(
            {}, with(escalated, QStringLiteral("iss"), attackerUrl(QStringLiteral("/evil/"))), m_attacker.kid())
                                                                           << 3 << "unverified"
                                                                           << "keys-unavailable"
                                                                           << "signature-check-failed";
        QTest::addRow("issuer that cannot be reached") << attackerSigned({},
            with(escalated, QStringLiteral("iss"), QStringLiteral("http://127.0.0.1:%1/t/").arg(m_closedPort)),
            m_attacker.kid()) << 3 << "unverified"
                                                       << "keys-unavailable"
                                                       << "signature-check-failed";
    }
    void forgeries()
    {
        QFETCH(QString, token);
        QFETCH(int, exitCode);
        QFETCH(QString, verdict);
        QFETCH(QString, reason);
        QFETCH(QString, finding);
        const int attackerRequestsBefore = m_attackerRequests;
        const bool escalates = part(token, 1).value(QLatin1String("roles")).toArray().contains(QStringLiteral("Admin"));

        Run run = verify(token,
            escalates ? QStringList { QStringLiteral("--role"), QStringLiteral("Admin"), QStringLiteral("--json") }
                      : QStringList { QStringLiteral("--json") });
        QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.text)));
        const QJsonObject signature = run.json.value(QLatin1String("signature")).toObject();
        const QJsonObject verdictJson = run.json.value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdictJson.value(QLatin1String("verdict")).toString(), verdict);
        QCOMPARE(run.json.value(QLatin1String("valid")).toBool(), exitCode == 0);
        QCOMPARE(signature.value(QLatin1String("status")).toString() == QLatin1String("error")
                ? verdictJson.value(QLatin1String("code")).toString()
                : signature.value(QLatin1String("reason")).toString(),
            reason);
        if (!finding.isEmpty()) {
            QStringList codes;
            for (const QJsonValue &f : run.json.value(QLatin1String("findings")).toArray())
                codes << f[QLatin1String("code")].toString();
            QVERIFY2(codes.contains(finding), qPrintable(codes.join(u',')));
        }
        // Keys named by a token are never fetched; a configuration pointing at another origin is read, never followed.
        const bool readsAttackerConfiguration
            = QTest::currentDataTag() == QLatin1String("issuer whose keys are published on another origin");
        QCOMPARE(m_attackerRequests - attackerRequestsBefore, readsAttackerConfiguration ? 1 : 0);

        // The text form says the same, in words.
        run = verify(
            token, escalates ? QStringList { QStringLiteral("--role"), QStringLiteral("Admin") } : QStringList {});
        QCOMPARE(run.exitCode, exitCode);
        const QString last = run.text.trimmed().section(u'\n', -1);
        QVERIFY2(last.startsWith(exitCode == 0 ? QLatin1String("VALID")
                         : exitCode == 1       ? QLatin1String("INVALID: ")
                                               : QLatin1String("NOT VERIFIED: ")),
            qPrintable(last));
    }

    void notCheckedIsNeverValid()
    {
        const Run run = verify(m_genuine, { QStringLiteral("--offline") });
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.text.contains(QLatin1String("NOT VERIFIED: The signature was not checked")), qPrintable(run.text));
    }
};

QTEST_GUILESS_MAIN(TestForgedTokens)
#include "test_forgedtokens.moc"
