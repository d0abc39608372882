#pragma once
// A small HTTP/1.1 load generator for the benchmarks: N keep-alive connections to one loopback server, each sending
// the same request again as soon as its answer is complete, for a bounded time and a bounded number of requests.
// Answers are read by Content-Length (what the emulator and Qt HTTP Server send); anything else counts as a failure.
// Refuses any address that is not loopback: load stays on this machine.
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>

#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
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
inline qsizetype completeAnswer(QByteArrayView buffer, int *status)
{
    // memmem and memchr over views, no copy of the headers: QByteArrayView::indexOf of a short needle costs
    // thousands of instructions per answer, which this generator would take from the server it shares two cores with.
    if (buffer.size() < 4) // nothing to search (an empty view's data() may be null, which memmem must not get)
        return 0;
    const char *const begin = buffer.data();
    const auto *headEnd = static_cast<const char *>(memmem(begin, size_t(buffer.size()), "\r\n\r\n", 4));
    if (!headEnd)
        return 0;
    const qsizetype headerEnd = headEnd - begin;
    const QByteArrayView head = buffer.first(headerEnd);
    *status = head.size() >= 12 && head.startsWith("HTTP/1.1 ") ? head.sliced(9, 3).toInt() : 0;
    constexpr QByteArrayView name("content-length:");
    for (const char *line = static_cast<const char *>(std::memchr(begin, '\n', size_t(headerEnd))); line;
         line = static_cast<const char *>(std::memchr(line + 1, '\n', size_t(headEnd - line - 1)))) {
        const QByteArrayView rest(line + 1, headEnd - line - 1);
        if (rest.size() < name.size() || rest.first(name.size()).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const auto *lineEnd = static_cast<const char *>(std::memchr(rest.data(), '\r', size_t(rest.size())));
        const qsizetype length
            = rest.first(lineEnd ? lineEnd - rest.data() : rest.size()).sliced(name.size()).trimmed().toLongLong();
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

/*! Runs the load: \a connections keep-alive connections, for about \a seconds (wall) or \a maxRequests answers.
    A lean client, as wrk is: raw non-blocking sockets and one epoll loop, a fixed buffer per connection and no
    allocation per request. It shares two cores with the server it loads (and, for fresh tokens, with the signing
    pool), so what it spends per answer is taken from the server: a QTcpSocket client cost about as much per answer
    as the bare route it measured. */
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
        int fd = -1;
        std::vector<char> buffer = std::vector<char>(256 * 1024);
        size_t used = 0;
        bool busy = false;
    };
    std::vector<Connection> pool(size_t(std::max(1, connections)));
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    sockaddr_storage address {};
    socklen_t addressSize = 0;
    if (v6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&address);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        addressSize = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&address);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(host.toIPv4Address());
        addressSize = sizeof(sockaddr_in);
    }
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    auto closeAll = [&] {
        for (Connection &c : pool) {
            if (c.fd >= 0)
                ::close(c.fd);
            c.fd = -1;
        }
        if (epoll >= 0)
            ::close(epoll);
    };
    if (epoll < 0) {
        result.error = QStringLiteral("epoll_create1 failed");
        return result;
    }
    for (size_t i = 0; i < pool.size(); ++i) {
        Connection &c = pool[i];
        c.fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<const sockaddr *>(&address), addressSize) != 0) {
            result.error = QStringLiteral("could not connect");
            closeAll();
            return result;
        }
        ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        epoll_event event {};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u64 = i;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event);
    }

    QElapsedTimer clock;
    clock.start();
    const qint64 limitNs = qint64(seconds * 1e9);
    const qint64 hardStopNs = limitNs + 15'000'000'000LL; // a server that stops answering cannot hold the benchmark
    qint64 sent = 0;
    int busy = 0;
    auto sendNext = [&](Connection &c) {
        if (clock.nsecsElapsed() < limitNs && sent < maxRequests) {
            const ssize_t written = ::send(c.fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL);
            if (written == ssize_t(request.size())) { // a request is far smaller than any socket buffer
                ++sent;
                if (!c.busy)
                    ++busy;
                c.busy = true;
                return;
            }
            ++result.failed;
        }
        if (c.busy)
            --busy;
        c.busy = false;
    };
    for (Connection &c : pool)
        sendNext(c);
    std::array<epoll_event, 64> events;
    while (busy > 0) {
        if (clock.nsecsElapsed() > hardStopNs) {
            result.error = QStringLiteral("the server stopped answering");
            break;
        }
        const int ready = ::epoll_wait(epoll, events.data(), int(events.size()), 100);
        for (int e = 0; e < ready; ++e) {
            Connection &c = pool[size_t(events[size_t(e)].data.u64)];
            if (!c.busy)
                continue;
            const ssize_t got = ::recv(c.fd, c.buffer.data() + c.used, c.buffer.size() - c.used, 0);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == EINTR))
                    continue;
                ++result.failed; // closed or broken while an answer was due
                c.busy = false;
                --busy;
                continue;
            }
            c.used += size_t(got);
            int status = 0;
            qsizetype total = 0;
            while (c.busy
                && (total = detail::completeAnswer(QByteArrayView(c.buffer.data(), qsizetype(c.used)), &status)) != 0) {
                if (total < 0) { // no Content-Length: this generator cannot read it
                    ++result.failed;
                    c.busy = false;
                    --busy;
                    break;
                }
                std::memmove(c.buffer.data(), c.buffer.data() + total, c.used - size_t(total));
                c.used -= size_t(total);
                ++(status == 200 ? result.completed : result.failed);
                sendNext(c);
            }
            if (c.busy && c.used == c.buffer.size()) { // an answer larger than the buffer
                ++result.failed;
                c.busy = false;
                --busy;
            }
        }
    }
    result.seconds = double(clock.nsecsElapsed()) / 1e9;
    closeAll();
    return result;
}

} // namespace idex::bench
