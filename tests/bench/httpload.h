#pragma once
// A small HTTP/1.1 load generator for the benchmarks: N keep-alive connections to one loopback server, each sending
// the same request again as soon as its answer is complete, for a bounded time and a bounded number of requests.
// Answers are read by Content-Length (what the emulator and Qt HTTP Server send); anything else counts as a failure.
// Refuses any address that is not loopback: load stays on this machine.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <vector>

namespace idex::bench {

struct LoadResult
{
    qint64 completed = 0; ///< answers with status 200
    qint64 failed = 0; ///< other statuses, broken connections
    double seconds = 0; ///< from the first request to the last answer
    QString error; ///< why the run could not start

    double rate() const { return seconds > 0 ? double(completed) / seconds : 0; }
};

/*! One request and its whole answer over a fresh connection; empty status on failure. */
struct Answer
{
    int status = 0;
    QByteArray body;
};

namespace detail {

/*! Length of the complete answer at the start of \a buffer (headers + Content-Length body), 0 when incomplete, -1 when
    it has no Content-Length; \a status is set once the headers are in. */
inline qsizetype completeAnswer(const QByteArray &buffer, int *status)
{
    // Views only, no copy of the headers: the generator shares two cores with the server it loads, so what it spends
    // per answer is taken from the server (most of all when the signing pool wants both cores).
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    const QByteArrayView head = QByteArrayView(buffer).first(headerEnd);
    *status = head.size() >= 12 && head.startsWith("HTTP/1.1 ") ? head.sliced(9, 3).toInt() : 0;
    constexpr QByteArrayView name("content-length:");
    for (qsizetype line = head.indexOf("\r\n"); line >= 0; line = head.indexOf("\r\n", line + 2)) {
        const QByteArrayView rest = head.sliced(line + 2);
        if (rest.size() < name.size() || rest.first(name.size()).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const qsizetype lineEnd = rest.indexOf("\r\n");
        const qsizetype length
            = rest.first(lineEnd < 0 ? rest.size() : lineEnd).sliced(name.size()).trimmed().toLongLong();
        const qsizetype total = headerEnd + 4 + length;
        return buffer.size() >= total ? total : 0;
    }
    return -1;
}

inline bool isLoopback(const QHostAddress &host)
{
    return host.isLoopback();
}

} // namespace detail

inline Answer fetchOnce(const QHostAddress &host, quint16 port, const QByteArray &request, int timeoutMs = 30000)
{
    Answer answer;
    if (!detail::isLoopback(host))
        return answer;
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs))
        return answer;
    socket.write(request);
    QByteArray buffer;
    QElapsedTimer clock;
    clock.start();
    int status = 0;
    qsizetype total = 0;
    while ((total = detail::completeAnswer(buffer, &status)) == 0 && clock.elapsed() < timeoutMs) {
        if (!socket.waitForReadyRead(int(timeoutMs - clock.elapsed())))
            break;
        buffer += socket.readAll();
    }
    if (total > 0) {
        answer.status = status;
        answer.body = buffer.mid(buffer.indexOf("\r\n\r\n") + 4, total - buffer.indexOf("\r\n\r\n") - 4);
    }
    return answer;
}

/*! Runs the load: \a connections keep-alive connections, for about \a seconds (wall) or \a maxRequests answers. */
inline LoadResult runLoad(const QHostAddress &host, quint16 port, const QByteArray &request, int connections,
    double seconds, qint64 maxRequests = 5'000'000)
{
    LoadResult result;
    if (!detail::isLoopback(host)) {
        result.error = QStringLiteral("refusing to load %1: not a loopback address").arg(host.toString());
        return result;
    }
    struct Connection
    {
        std::unique_ptr<QTcpSocket> socket;
        QByteArray buffer;
        bool busy = false;
    };
    std::vector<Connection> pool(size_t(std::max(1, connections)));
    QEventLoop loop;
    QElapsedTimer clock;
    qint64 sent = 0;
    int connected = 0, idle = 0;
    bool started = false;
    const qint64 limitNs = qint64(seconds * 1e9);

    auto sendNext = [&](Connection &c) {
        if (clock.nsecsElapsed() < limitNs && sent < maxRequests) {
            ++sent;
            c.busy = true;
            c.socket->write(request);
            return;
        }
        c.busy = false;
        if (++idle == int(pool.size())) {
            result.seconds = double(clock.nsecsElapsed()) / 1e9;
            loop.quit();
        }
    };
    for (Connection &c : pool) {
        c.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = c.socket.get();
        QObject::connect(socket, &QTcpSocket::connected, &loop, [&] {
            if (++connected == int(pool.size())) { // all connected: the clock starts with the first requests
                started = true;
                clock.start();
                for (Connection &each : pool)
                    sendNext(each);
            }
        });
        QObject::connect(socket, &QTcpSocket::readyRead, &loop, [&, socket] {
            if (c.buffer.isEmpty())
                c.buffer = socket->readAll(); // the usual case: one whole answer, taken without a copy
            else
                c.buffer += socket->readAll();
            int status = 0;
            qsizetype total = 0;
            while (c.busy && (total = detail::completeAnswer(c.buffer, &status)) != 0) {
                if (total < 0) { // no Content-Length: this generator cannot read it
                    ++result.failed;
                    socket->abort();
                    return;
                }
                c.buffer.remove(0, total);
                ++(status == 200 ? result.completed : result.failed);
                sendNext(c);
            }
        });
        QObject::connect(socket, &QTcpSocket::disconnected, &loop, [&] {
            if (c.busy) {
                ++result.failed;
                c.busy = false;
                if (++idle == int(pool.size())) {
                    result.seconds = double(clock.nsecsElapsed()) / 1e9;
                    loop.quit();
                }
            }
        });
        socket->connectToHost(host, port);
    }
    // A hard stop: a server that stops answering cannot hold the benchmark.
    QTimer::singleShot(int(seconds * 1000) + 15000, &loop, [&] {
        result.error = started ? QStringLiteral("the server stopped answering") : QStringLiteral("could not connect");
        result.seconds = started ? double(clock.nsecsElapsed()) / 1e9 : 0;
        loop.quit();
    });
    loop.exec();
    for (Connection &c : pool) {
        c.socket->disconnect();
        c.socket->abort();
    }
    return result;
}

} // namespace idex::bench
