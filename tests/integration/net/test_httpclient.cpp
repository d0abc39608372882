// HttpClient against real servers on loopback: a Qt HTTP server for answers, a bare TCP server for silence.
#include "emulator/emulator.h"
#include "net/httpclient.h"

#include <QHttpServer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace idex;

class TestHttpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/echo"), [](const QHttpServerRequest &request) {
            QHttpServerResponse response(QByteArray("method=") + request.value("x-test-method")
                    + "&metadata=" + request.value("Metadata") + "&body=" + request.body(),
                QHttpServerResponse::StatusCode::Accepted);
            response.addHeader("X-Answer", "42");
            return response;
        });
        m_server.route(QStringLiteral("/big"), [] { return QByteArray(200 * 1024, 'x'); });
        m_port = m_server.listen(QHostAddress::LocalHost);
        QVERIFY(m_port > 0);
    }

    void statusHeadersAndBody()
    {
        HttpClient client;
        HttpRequest request;
        request.method = "POST";
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/echo").arg(m_port));
        request.setHeader("Metadata", "true");
        request.setHeader("x-test-method", "post");
        request.body = "resource=x";
        const HttpExchange exchange = client.sendAndWait(request);
        QVERIFY(exchange.response.answered());
        QCOMPARE(exchange.response.status, 202);
        QCOMPARE(exchange.response.header("x-answer"), QByteArray("42"));
        QCOMPARE(exchange.response.body, QByteArray("method=post&metadata=true&body=resource=x"));
        QVERIFY(exchange.startedAt.isValid());
    }

    void notFoundIsAnAnswerNotAFailure()
    {
        HttpClient client;
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/nothing-here").arg(m_port));
        const HttpExchange exchange = client.sendAndWait(request);
        QVERIFY(exchange.response.answered());
        QCOMPARE(exchange.response.status, 404);
        QVERIFY(!exchange.response.isSuccess());
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();

        HttpClient client;
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(closedPort));
        const HttpExchange exchange = client.sendAndWait(request);
        QCOMPARE(exchange.response.failure, HttpFailure::ConnectionRefused);
        QCOMPARE(exchange.response.status, 0);
        QVERIFY(!exchange.response.error.isEmpty());
    }

    void silentServerTimesOut()
    {
        QTcpServer silent; // accepts connections and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        HttpClient client;
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
        request.timeout = std::chrono::milliseconds(300);
        const HttpExchange exchange = client.sendAndWait(request);
        QCOMPARE(exchange.response.failure, HttpFailure::Timeout);
    }

    void cancel()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        HttpClient client;
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
        HttpCall *call = client.send(request);
        QSignalSpy spy(call, &HttpCall::finished);
        QTimer::singleShot(50, call, &HttpCall::cancel);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.first().first().value<HttpExchange>().response.failure, HttpFailure::Canceled);
    }

    void responseSizeIsCapped()
    {
        HttpClient client;
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/big").arg(m_port));
        request.maxResponseBytes = 64 * 1024;
        const HttpExchange exchange = client.sendAndWait(request);
        QCOMPARE(exchange.response.failure, HttpFailure::TooLarge);
        QVERIFY(exchange.response.body.isEmpty());
    }

    void pinnedThumbprintIsCheckedOnEveryRequest()
    {
        // The emulator's Service Fabric endpoint has a self-signed certificate: only its pin makes it acceptable.
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        HttpClient client;
        HttpRequest request;
        request.url = emulator.serviceFabricEndpoint();

        request.pinnedSha1Thumbprint = emulator.serviceFabricThumbprint().toLower();
        const HttpExchange pinned = client.sendAndWait(request);
        QVERIFY2(pinned.response.answered(), qPrintable(pinned.response.error));
        QCOMPARE(pinned.response.peerCertificateSha1, emulator.serviceFabricThumbprint().toUpper());

        // Same client, so the kept-alive connection (or a resumed TLS session) is reused and no handshake happens:
        // the wrong pin must still be refused.
        request.pinnedSha1Thumbprint = QByteArray(40, '0');
        const HttpExchange wrongPin = client.sendAndWait(request);
        QCOMPARE(wrongPin.response.failure, HttpFailure::Tls);
        QVERIFY(wrongPin.response.body.isEmpty());

        // Nor may an unpinned request ride on the connection the pin once accepted.
        request.pinnedSha1Thumbprint = emulator.serviceFabricThumbprint();
        QVERIFY(client.sendAndWait(request).response.answered());
        request.pinnedSha1Thumbprint.clear();
        const HttpExchange unpinnedReuse = client.sendAndWait(request);
        QCOMPARE(unpinnedReuse.response.failure, HttpFailure::Tls);

        HttpClient freshClient;
        const HttpExchange unpinned = freshClient.sendAndWait(request);
        QCOMPARE(unpinned.response.failure, HttpFailure::Tls);
    }

    void loopbackDetection()
    {
        QVERIFY(isLoopbackHost(QStringLiteral("127.0.0.1")));
        QVERIFY(isLoopbackHost(QStringLiteral("127.8.9.10")));
        QVERIFY(isLoopbackHost(QStringLiteral("::1")));
        QVERIFY(isLoopbackHost(QStringLiteral("LOCALHOST")));
        QVERIFY(!isLoopbackHost(QStringLiteral("169.254.169.254")));
        QVERIFY(!isLoopbackHost(QStringLiteral("example.com")));
    }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
};

Q_DECLARE_METATYPE(idex::HttpExchange)

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_httpclient.moc"
