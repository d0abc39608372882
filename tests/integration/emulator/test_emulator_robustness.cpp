// Bounded load and malformed-input test, loopback only: garbage request lines, oversized headers and bodies,
// drip-fed (slowloris) headers and bodies, silent clients, more connections than the cap, and a burst of concurrent
// real requests.
// After each abuse the emulator must still answer a real token request. Figures are printed, never asserted on.
#include "emulatortestsupport.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

/*! A raw, non-blocking client: the emulator runs on this thread, so nothing here may block the event loop. */
struct RawClient
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;
    bool closed = false;

    explicit RawClient(quint16 port)
    {
        QObject::connect(socket.get(), &QTcpSocket::readyRead, socket.get(), [this] { received += socket->readAll(); });
        QObject::connect(socket.get(), &QTcpSocket::disconnected, socket.get(), [this] { closed = true; });
        socket->connectToHost(QHostAddress::LocalHost, port);
    }
    bool connected() const { return socket->state() == QAbstractSocket::ConnectedState; }
    int status() const { return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0; }
};

} // namespace

class TestEmulatorRobustness : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    quint16 m_port = 0;

    void stillServes()
    {
        const Answer a = send(m_client, "GET",
            url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
            { { "Metadata", "true" } });
        QCOMPARE(a.status, 200);
    }

private Q_SLOTS:
    void initTestCase()
    {
        EmulatorOptions options;
        options.idleTimeoutMs = 1500;
        options.requestTimeoutMs = 3000;
        options.maxConnections = 64;
        options.maxRequestBytes = 1024 * 1024;
        QString error;
        QVERIFY2(m_emulator.start(options, &error), qPrintable(error));
        m_port = quint16(m_emulator.baseUrl().port());
    }

    void garbageRequests_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not HTTP") << QByteArray("HELLO THERE\r\n\r\n");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 9);
        QTest::newRow("lower-case method") << QByteArray("get / HTTP/1.1\r\n\r\n");
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        QTest::newRow("TLS hello on plain port") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n", 13);
        QTest::newRow("no request line end") << QByteArray(9000, 'A');
    }
    void garbageRequests()
    {
        QFETCH(QByteArray, bytes);
        RawClient c(m_port);
        QTRY_VERIFY(c.connected());
        c.socket->write(bytes);
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
        QVERIFY2(c.status() == 400 || c.status() == 414, c.received.left(80).constData());
        stillServes();
    }

    void randomNoiseFromManyClients()
    {
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 40; ++i) {
            clients.push_back(std::make_unique<RawClient>(m_port));
        }
        QTRY_VERIFY(std::all_of(clients.begin(), clients.end(), [](const auto &c) { return c->connected(); }));
        for (auto &c : clients) {
            QByteArray noise(int(QRandomGenerator::global()->bounded(1, 4096)), '\0');
            for (char &ch : noise)
                ch = char(QRandomGenerator::global()->bounded(256));
            c->socket->write(noise + "\r\n\r\n");
        }
        // Each one is answered or dropped: by the request-line check, Qt's parser, or the idle timeout at the latest.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(clients.begin(), clients.end(), [](const auto &c) { return c->closed; }), 8000);
        stillServes();
    }

    void oversizedHeaderIs431()
    {
        RawClient c(m_port);
        QTRY_VERIFY(c.connected());
        c.socket->write(
            "GET /metadata/identity/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(100 * 1024, 'x'));
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
        QCOMPARE(c.status(), 431);
        stillServes();
    }

    void oversizedBodyIs413()
    {
        RawClient c(m_port);
        QTRY_VERIFY(c.connected());
        const QByteArray body(3 * 1024 * 1024, 'b');
        c.socket->write("POST /cloudshell/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n");
        c.socket->write(body);
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 8000);
        QCOMPARE(c.status(), 413);
        stillServes();
    }

    void largeButAllowedBodyIsServed()
    {
        // 600 KB under the 1 MiB limit: the guard must not double-count what Qt HTTP Server already read.
        const QByteArray body = "resource=https%3A%2F%2Fvault.azure.net&padding=" + QByteArray(600 * 1024, 'p');
        const Answer a = send(m_client, "POST", url(m_emulator, QStringLiteral("/cloudshell/oauth2/token")),
            { { "Metadata", "true" }, { "Content-Type", "application/x-www-form-urlencoded" } }, body);
        QCOMPARE(a.status, 200);
    }

    void headerEndAcrossTwoChunksIsSeen()
    {
        // "\r\n\r\n" split between two chunks, then a body larger than the 64 KB header limit: the guard must see
        // that the headers ended (a 431 here would mean it missed the end) and let the request through.
        const QByteArray body = "resource=https%3A%2F%2Fvault.azure.net&padding=" + QByteArray(80 * 1024, 'p');
        RawClient c(m_port);
        QTRY_VERIFY(c.connected());
        c.socket->write("POST /cloudshell/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nMetadata: true\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r");
        c.socket->flush();
        QTest::qWait(100); // the emulator reads the first chunk on its own
        c.socket->write("\n" + body);
        QTRY_VERIFY_WITH_TIMEOUT(c.status() != 0, 5000);
        QCOMPARE(c.status(), 200);
        stillServes();
    }

    void slowAndSilentClientsAreCutOff()
    {
        RawClient silent(m_port);
        RawClient drip(m_port);
        QTRY_VERIFY(silent.connected() && drip.connected());
        drip.socket->write("GET /metadata/identity/oauth2/token HTTP/1.1\r\n");
        QTimer dripper;
        dripper.setInterval(200);
        connect(&dripper, &QTimer::timeout, &dripper, [&] {
            if (drip.connected())
                drip.socket->write("X");
        });
        dripper.start();
        // Real clients are served while both hang on.
        stillServes();
        QTRY_VERIFY_WITH_TIMEOUT(silent.closed, 6000);
        QTRY_VERIFY_WITH_TIMEOUT(drip.closed, 6000);
        QCOMPARE(drip.status(), 408);
        dripper.stop();
        stillServes();
    }

    void slowBodyIsCutByTheRequestDeadline()
    {
        // Each byte comes well within the idle timeout (1.5 s), so only the total deadline (3 s) can stop it.
        RawClient c(m_port);
        QTRY_VERIFY(c.connected());
        QElapsedTimer clock;
        clock.start();
        c.socket->write("POST /cloudshell/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nMetadata: true\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
              "1000\r\n\r\nresource=");
        QTimer dripper;
        dripper.setInterval(200);
        connect(&dripper, &QTimer::timeout, &dripper, [&] {
            if (c.connected())
                c.socket->write("x");
        });
        dripper.start();
        stillServes();
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 8000);
        dripper.stop();
        QCOMPARE(c.status(), 408);
        QVERIFY(c.received.contains("did not complete within 3 s"));
        qInfo("figure: a drip-fed body was cut after %lld ms (request deadline 3 s)", clock.elapsed());
        stillServes();
    }

    void atTheCapTheOldestUnfinishedConnectionMakesRoom()
    {
        const quint64 droppedBefore = m_emulator.connectionsDroppedAtCap();
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 80; ++i) // cap is 64: silent clients that never finish a request
            clients.push_back(std::make_unique<RawClient>(m_port));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::count_if(clients.begin(), clients.end(), [](const auto &c) { return c->closed; }) >= 16, 5000);
        QVERIFY(m_emulator.openConnections() <= 64);
        QVERIFY(m_emulator.connectionsDroppedAtCap() >= droppedBefore + 16);
        QVERIFY(clients.front()->closed); // the oldest went first
        QVERIFY(!clients.back()->closed); // the newest stays
        stillServes(); // and a new, well-formed request still gets its answer
        clients.clear(); // the clients go away
        QTRY_COMPARE_WITH_TIMEOUT(m_emulator.openConnections(), 0, 5000); // the idle timeout closes keep-alive ones
        stillServes();
    }

    void delayedAnswerOutlivesTheIdleTimeout()
    {
        Fault slow;
        slow.kind = Fault::Kind::Latency;
        slow.route = QStringLiteral("discovery");
        slow.latencyMs = 2000; // longer than the 1.5 s idle timeout
        m_emulator.setFault(slow);
        const Answer a = send(m_client, "GET", m_emulator.discoveryUrl(1));
        m_emulator.clearFaults();
        QCOMPARE(a.status, 200);
    }

    void startupAndMintingFigures()
    {
        QElapsedTimer clock;
        clock.start();
        Emulator fresh;
        QVERIFY(fresh.start(EmulatorOptions {}));
        const qint64 startMs = clock.elapsed();
        constexpr int tokens = 200;
        clock.restart();
        for (int i = 0; i < tokens; ++i) {
            fresh.flushTokenCache();
            QVERIFY(
                !fresh.issueToken(QStringLiteral("caller-func"), QStringLiteral("https://vault.azure.net")).isEmpty());
        }
        const qint64 mintMs = clock.elapsed();
        qInfo("figure: emulator start (3 RSA-2048 keys + certificates, both ports) %lld ms", startMs);
        qInfo("figure: %d uncached RS256 tokens minted in %lld ms (%.2f ms each)", tokens, mintMs,
            double(mintMs) / tokens);
    }

    void burstOfConcurrentRequests()
    {
        constexpr int total = 400;
        constexpr int parallel = 32;
        int started = 0, finished = 0, ok = 0;
        QElapsedTimer clock;
        clock.start();
        std::function<void()> next = [&] {
            if (started >= total)
                return;
            ++started;
            HttpRequest request;
            request.url = url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"),
                        started % 2 ? QStringLiteral("https://vault.azure.net")
                                    : QStringLiteral("https://storage.azure.com/") } });
            request.setHeader("Metadata", "true");
            HttpCall *call = m_client.send(request);
            connect(call, &HttpCall::finished, this, [&](const HttpExchange &exchange) {
                ++finished;
                if (exchange.response.status == 200)
                    ++ok;
                next();
            });
        };
        for (int i = 0; i < parallel; ++i)
            next();
        QTRY_COMPARE_WITH_TIMEOUT(finished, total, 60000);
        QCOMPARE(ok, total);
        const double seconds = double(clock.elapsed()) / 1000.0;
        qInfo("figure: %d token requests, %d in flight, in %.2f s = %.0f requests/s (Debug build, loopback)", total,
            parallel, seconds, double(total) / seconds);
        qInfo("figure: %llu connections refused or cut off by the guard in this test run; %llu requests served",
            static_cast<unsigned long long>(m_emulator.refusedConnections()),
            static_cast<unsigned long long>(m_emulator.requestCount()));
    }
};

QTEST_GUILESS_MAIN(TestEmulatorRobustness)
#include "test_emulator_robustness.moc"
