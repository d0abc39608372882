// Bounded loopback load test (label "load"): 1000 slow clients ("slowloris": half a request, a byte now and then;
// dropped ones come back) against an emulator capped at 256 connections, then legitimate IMDS token requests on
// fresh connections. Each must get 200: at the cap the emulator drops its oldest unfinished connection instead of
// refusing the newcomer. Stops by itself (bounded in connections and time); figures are printed, never asserted on.
#include "emulatortestsupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <sys/resource.h>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

constexpr int kSlowClients = 1000;
constexpr int kCap = 256;
constexpr int kMaxAttackerConnections = 6000; ///< reconnects included: the test is bounded
constexpr int kLegitimateRequests = 100;

/*! One slow client: even ones never finish their headers, odd ones never finish a 1 MB body. */
class SlowClient : public QObject
{
public:
    SlowClient(quint16 port, bool slowBody, int *opened)
        : m_port(port)
        , m_slowBody(slowBody)
        , m_opened(opened)
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] {
            const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
            const QByteArray half = m_slowBody
                ? QByteArray("POST /cloudshell/oauth2/token HTTP/1.1\r\n" + host
                    + "Metadata: true\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                      "1000000\r\n\r\nresource=")
                : QByteArray(
                    "GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net "
                    "HTTP/1.1\r\n"
                    + host + "Metadata: true\r\nX-Slow: ");
            m_socket.write(half);
        });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            ++m_dropped;
            if (m_reconnect && *m_opened < kMaxAttackerConnections)
                QTimer::singleShot(100, this, [this] { open(); });
        });
        open();
    }
    void open()
    {
        ++*m_opened;
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    }
    void drip()
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.write("a");
    }
    void stopReconnecting() { m_reconnect = false; }
    int dropped() const { return m_dropped; }

private:
    QTcpSocket m_socket;
    quint16 m_port;
    bool m_slowBody;
    int *m_opened;
    int m_dropped = 0;
    bool m_reconnect = true;
};

} // namespace

class TestEmulatorSlowloris : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        rlimit limit = {};
        getrlimit(RLIMIT_NOFILE, &limit);
        const rlim_t needed = 2 * kSlowClients + 2 * kCap + 200;
        if (limit.rlim_cur < needed) {
            limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, needed);
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        if (limit.rlim_cur < needed)
            QSKIP("the open-file limit is too low for 1000 client and 256 server sockets in one process");
    }

    void legitimateRequestsAreAnsweredUnderASlowFlood()
    {
        Emulator emulator;
        EmulatorOptions options;
        options.maxConnections = kCap;
        // Longer than the test: it is the cap's eviction that must make room, not the timeouts.
        options.idleTimeoutMs = 120000;
        options.requestTimeoutMs = 120000;
        QString error;
        QVERIFY2(emulator.start(options, &error), qPrintable(error));
        const quint16 port = quint16(emulator.baseUrl().port());
        QElapsedTimer clock;
        clock.start();

        int opened = 0;
        std::vector<std::unique_ptr<SlowClient>> slow;
        for (int i = 0; i < kSlowClients; ++i) {
            slow.push_back(std::make_unique<SlowClient>(port, i % 2 == 1, &opened));
            if (i % 50 == 49)
                QTest::qWait(10); // let the emulator accept: the listen backlog is finite
        }
        QTimer dripper;
        dripper.setInterval(500);
        connect(&dripper, &QTimer::timeout, this, [&slow] {
            for (auto &c : slow)
                c->drip();
        });
        dripper.start();
        // Every slow client has reached the emulator: the cap is full of them, the rest were dropped.
        QTRY_VERIFY_WITH_TIMEOUT(
            emulator.openConnections() + int(emulator.refusedConnections()) >= kSlowClients, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(emulator.openConnections(), kCap, 10000);
        const qint64 floodMs = clock.elapsed();

        const int openedBeforeLegitimate = opened;
        int ok = 0, answered = 0;
        qint64 worstMs = 0;
        int heldAtAnswer = kCap;
        QList<qint64> latencies;
        for (int i = 0; i < kLegitimateRequests; ++i) {
            HttpClient fresh; // its own connection, which must displace a slow one
            QElapsedTimer one;
            one.start();
            const Answer a = send(fresh, "GET",
                url(emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                    { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                        { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
                { { "Metadata", "true" } });
            latencies << one.elapsed();
            worstMs = std::max(worstMs, one.elapsed());
            answered += a.status != 0;
            ok += a.status == 200;
            heldAtAnswer = std::min(heldAtAnswer, emulator.openConnections());
        }
        const qint64 totalMs = clock.elapsed();
        const int openedDuringLegitimate = opened - openedBeforeLegitimate;
        for (auto &c : slow)
            c->stopReconnecting();
        dripper.stop();
        std::sort(latencies.begin(), latencies.end());

        qInfo("figure: slowloris: %d slow clients against a cap of %d, in place after %lld ms; %d slow connections "
              "opened in all "
              "(dropped ones reconnect), %d of them while the legitimate requests ran",
            kSlowClients, kCap, floodMs, opened, openedDuringLegitimate);
        qInfo("figure: slowloris: %d of %d legitimate IMDS requests answered 200 on fresh connections (median %lld ms, "
              "worst %lld ms); "
              "the emulator held >= %d connections throughout",
            ok, kLegitimateRequests, latencies.value(latencies.size() / 2), worstMs, heldAtAnswer);
        qInfo("figure: slowloris: %llu connections dropped at the cap; %lld ms in all",
            static_cast<unsigned long long>(emulator.connectionsDroppedAtCap()), totalMs);
        QCOMPARE(answered, kLegitimateRequests);
        QCOMPARE(ok, kLegitimateRequests);
        QVERIFY(emulator.openConnections() <= kCap);

        slow.clear();
        QTRY_COMPARE_WITH_TIMEOUT(emulator.openConnections(), 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestEmulatorSlowloris)
#include "test_emulator_slowloris.moc"
