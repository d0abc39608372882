// Tokens are signed on a pool of threads while the event loop serves on (issue 14): answers still leave each
// connection in request order, concurrent requests for one cached token wait for the same signature, every token
// verifies against the published keys, and the keys generated in the background (keyRollover's key, the Service
// Fabric TLS key) are there when asked for. Real HTTP over loopback; the signatures are checked with OpenSSL.
#include "emulator/signingkey.h"
#include "emulatortestsupport.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTcpSocket>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

QByteArray imdsRequest(quint16 port, const QByteArray &resource, bool withMetadata = true)
{
    return "GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + resource
        + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n"
        + (withMetadata ? QByteArray("Metadata: true\r\n") : QByteArray()) + "\r\n";
}

/*! Splits a byte stream of HTTP/1.1 answers with Content-Length into (status, body) pairs. */
QList<QPair<int, QByteArray>> splitAnswers(const QByteArray &stream)
{
    QList<QPair<int, QByteArray>> answers;
    qsizetype at = 0;
    while (at < stream.size()) {
        const qsizetype end = stream.indexOf("\r\n\r\n", at);
        if (end < 0)
            break;
        const QByteArray head = stream.mid(at, end - at);
        const qsizetype lengthAt = head.toLower().indexOf("\r\ncontent-length:");
        if (lengthAt < 0)
            break;
        const qsizetype lineEnd = head.indexOf("\r\n", lengthAt + 2);
        const qsizetype length
            = head.mid(lengthAt + 17, lineEnd < 0 ? -1 : lineEnd - lengthAt - 17).trimmed().toLongLong();
        if (stream.size() < end + 4 + length)
            break;
        answers.append({ head.mid(9, 3).toInt(), stream.mid(end + 4, length) });
        at = end + 4 + length;
    }
    return answers;
}

} // namespace

class TestEmulatorSigning : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    quint16 m_port = 0;

    QJsonObject jwks()
    {
        const Answer keys = send(m_client, "GET", m_emulator.jwksUrl(1));
        return keys.json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(EmulatorOptions {}, &error), qPrintable(error));
        m_port = quint16(m_emulator.baseUrl().port());
    }

    void init()
    {
        m_emulator.setClockSkew(0);
        m_emulator.clearFaults();
        m_emulator.flushTokenCache();
    }

    void pipelinedAnswersKeepTheirOrder()
    {
        // Every token is fresh (a clock skew is never cached), so each waits for the pool, while the 400s between
        // them are ready at once: they must still come back in request order.
        m_emulator.setClockSkew(1);
        QTcpSocket socket;
        QByteArray received;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QTRY_VERIFY(socket.state() == QAbstractSocket::ConnectedState);
        QByteArray requests;
        QList<int> expected;
        for (int i = 0; i < 6; ++i) {
            const bool fresh = i % 2 == 0;
            requests += imdsRequest(m_port, "https%3A%2F%2Fvault.azure.net", fresh);
            expected << (fresh ? 200 : 400);
        }
        socket.write(requests);
        QTRY_VERIFY_WITH_TIMEOUT(splitAnswers(received).size() == expected.size(), 15000);
        const auto answers = splitAnswers(received);
        QList<int> statuses;
        for (const auto &a : answers)
            statuses << a.first;
        QCOMPARE(statuses, expected);
        const QJsonObject keys = jwks();
        for (const auto &a : answers) {
            if (a.first != 200)
                continue;
            const QString token = QJsonDocument::fromJson(a.second).object().value("access_token").toString();
            QCOMPARE(verifyWithJwks(token, keys), QString());
        }
    }

    void concurrentRequestsShareOnePendingSignature()
    {
        // The first request signs; the others arrive while that signature may still be running and must get the
        // same, complete token (never the placeholder).
        QList<QTcpSocket *> sockets;
        QList<QByteArray> received(8);
        for (int i = 0; i < 8; ++i) {
            auto *s = new QTcpSocket(this);
            connect(s, &QTcpSocket::readyRead, s, [&received, s, i] { received[i] += s->readAll(); });
            s->connectToHost(QHostAddress::LocalHost, m_port);
            sockets << s;
        }
        QTRY_VERIFY(std::all_of(sockets.begin(), sockets.end(),
            [](QTcpSocket *s) { return s->state() == QAbstractSocket::ConnectedState; }));
        for (QTcpSocket *s : sockets)
            s->write(imdsRequest(m_port, "https%3A%2F%2Fmanagement.azure.com%2F"));
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(received.begin(), received.end(),
                                     [](const QByteArray &r) { return splitAnswers(r).size() == 1; }),
            15000);
        QSet<QString> tokens;
        for (const QByteArray &r : received) {
            const auto a = splitAnswers(r).first();
            QCOMPARE(a.first, 200);
            const QString token = QJsonDocument::fromJson(a.second).object().value("access_token").toString();
            QVERIFY2(!token.contains(u'~'), qPrintable(token.right(40)));
            tokens << token;
        }
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(verifyWithJwks(*tokens.begin(), jwks()), QString());
        qDeleteAll(sockets);
    }

    void manyFreshTokensAllVerify()
    {
        m_emulator.setClockSkew(1);
        const QJsonObject keys = jwks();
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 40; ++i) {
            const Answer a = send(m_client, "GET",
                url(m_emulator, QStringLiteral("/msi/token"),
                    { { QStringLiteral("api-version"), QStringLiteral("2019-08-01") },
                        { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
                { { "X-IDENTITY-HEADER", m_emulator.scenario().identityHeader.toUtf8() } });
            QCOMPARE(a.status, 200);
            QCOMPARE(verifyWithJwks(a.json().value("access_token").toString(), keys), QString());
        }
        qInfo("40 fresh App Service tokens in %lld ms", qint64(timer.elapsed()));
    }

    void freshTokensAreWhatQJsonDocumentWrites()
    {
        // Fresh tokens and their IMDS answers are cut from JSON serialized once per shape, with each token's times
        // and random values spliced in: the bytes must be exactly what QJsonDocument makes of them, the fixed claims
        // those of a normal (cached) token, and the varying ones new for every token.
        const auto imds = [this] {
            return send(m_client, "GET",
                url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                    { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                        { QStringLiteral("resource"), QStringLiteral("https://management.azure.com/") } }),
                { { "Metadata", "true" } });
        };
        const auto payloadBytes = [](const QString &token) {
            return QByteArray::fromBase64(token.section(u'.', 1, 1).toLatin1(), QByteArray::Base64UrlEncoding);
        };
        const auto compact = [](const QByteArray &json) {
            return QJsonDocument(QJsonDocument::fromJson(json).object()).toJson(QJsonDocument::Compact);
        };
        const Answer normal = imds();
        QCOMPARE(normal.status, 200);
        const QJsonObject normalClaims
            = QJsonDocument::fromJson(payloadBytes(normal.json().value("access_token").toString())).object();
        QVERIFY(!normalClaims.isEmpty());
        m_emulator.setClockSkew(1);
        const QJsonObject keys = jwks();
        QSet<QString> seen;
        for (int i = 0; i < 5; ++i) {
            const Answer a = imds();
            QCOMPARE(a.status, 200);
            QCOMPARE(a.body, compact(a.body));
            const QJsonObject answer = a.json();
            QCOMPARE(answer.value("ext_expires_in"), answer.value("expires_in"));
            const QString token = answer.value("access_token").toString();
            QCOMPARE(verifyWithJwks(token, keys), QString());
            const QByteArray payload = payloadBytes(token);
            QCOMPARE(payload, compact(payload));
            const QJsonObject claims = QJsonDocument::fromJson(payload).object();
            QCOMPARE(claims.keys(), normalClaims.keys());
            for (const QString &name : normalClaims.keys()) {
                const bool varies = QStringList { "iat", "nbf", "exp", "aio", "uti", "rh" }.contains(name);
                if (!varies)
                    QCOMPARE(claims.value(name), normalClaims.value(name));
            }
            QVERIFY(claims.value("iat").toDouble() >= normalClaims.value("iat").toDouble() + 1); // the skew
            QCOMPARE(answer.value("expires_on").toString().toLongLong(), qint64(claims.value("exp").toDouble()));
            QCOMPARE(answer.value("not_before").toString().toLongLong(), qint64(claims.value("nbf").toDouble()));
            for (const char *name : { "aio", "uti", "rh" }) {
                QVERIFY2(!seen.contains(claims.value(name).toString()), name);
                seen << claims.value(name).toString();
            }
        }
    }

    void inProcessTokensAreComplete()
    {
        // Emulator::issueToken waits for the pool itself: what it returns is the whole, verifiable token.
        m_emulator.setClockSkew(1);
        const Identity *system = m_emulator.scenario().systemIdentity();
        QVERIFY(system);
        QString error;
        const QString token = m_emulator.issueToken(system->name, QStringLiteral("https://vault.azure.net"), &error);
        QVERIFY2(!token.isEmpty(), qPrintable(error));
        QVERIFY(!token.contains(u'~'));
        QCOMPARE(verifyWithJwks(token, jwks()), QString());
    }

    void keyRolloverUsesTheBackgroundKey()
    {
        // keyRollover signs with the unpublished key, generated in the background: the token is complete and
        // does not verify against the published keys.
        Fault f;
        f.kind = Fault::Kind::KeyRollover;
        f.route = QStringLiteral("imds");
        m_emulator.setFault(f);
        const Answer a = send(m_client, "GET",
            url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
            { { "Metadata", "true" } });
        QCOMPARE(a.status, 200);
        const QString token = a.json().value("access_token").toString();
        QCOMPARE(token.count(u'.'), 2);
        QVERIFY(!token.contains(u'~'));
        QVERIFY(!verifyWithJwks(token, jwks()).isEmpty());
    }

    void serviceFabricPortWaitsForItsKey()
    {
        // A fresh emulator: its TLS key may still be in the making; a client that connects at once is answered.
        Emulator fresh;
        QString error;
        QVERIFY2(fresh.start(EmulatorOptions {}, &error), qPrintable(error));
        const QByteArray request = "GET /metadata/identity/oauth2/token?api-version=2019-07-01-preview&resource="
                                   "https%3A%2F%2Fvault.azure.net HTTP/1.1\r\nHost: 127.0.0.1:"
            + QByteArray::number(fresh.serviceFabricEndpoint().port())
            + "\r\nsecret: " + fresh.scenario().identityHeader.toUtf8() + "\r\n\r\n";
        const RawAnswer a = rawExchange(quint16(fresh.serviceFabricEndpoint().port()), request, true, 20000);
        QCOMPARE(a.status, 200);
        QVERIFY(!fresh.serviceFabricThumbprint().isEmpty());
    }

    void backgroundKeyIsCancelledWhenDropped()
    {
        // Destroying a key still in its prime search returns at once (the search is cancelled, not awaited).
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 4; ++i)
            SigningKey::generateInBackground(QStringLiteral("dropped"), false);
        qInfo("4 background keys created and dropped in %lld ms", qint64(timer.elapsed()));
        auto kept = SigningKey::generateInBackground(QStringLiteral("kept"), false);
        QVERIFY(kept->isValid());
        QCOMPARE(kept->kid().size(), 27);
        const QByteArray signature = kept->signRs256("data");
        QVERIFY(kept->verifyRs256("data", signature));
    }
};

QTEST_MAIN(TestEmulatorSigning)
#include "test_emulator_signing.moc"
