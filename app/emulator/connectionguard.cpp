#include "connectionguard.h"

#include "reply.h"

#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <tuple>

namespace idex::emulator {

ConnectionGuard::ConnectionGuard(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
}

bool ConnectionGuard::attach(QTcpSocket *socket)
{
    if (m_states.size() >= m_limits.maxConnections && !dropOneForANewcomer()) {
        ++m_rejected;
        Q_EMIT rejected(QStringLiteral("connection refused: %1 connections already open, none of them can make room "
                                       "(waiting for delayed answers, or accepted a moment ago)")
                            .arg(m_states.size()));
        socket->abort();
        socket->deleteLater();
        return false;
    }
    if (!m_batchEnding) {
        m_batchEnding = true;
        QTimer::singleShot(0, this, [this] {
            ++m_batch;
            m_batchEnding = false;
        });
    }
    State state;
    state.order = ++m_accepted;
    state.batch = m_batch;
    state.lastActiveMs = m_clock.elapsed();
    // Both timers are lazy: activity only records when it happened (restarting a timer on every request cost a
    // tenth of a cached answer); when one fires, it looks at the time recorded and either acts or waits on for the
    // rest of the interval. The limits are exactly those of timers restarted on each event.
    state.idle = new QTimer(socket);
    state.idle->setSingleShot(true);
    connect(state.idle, &QTimer::timeout, socket, [this, socket] { onIdleTimer(socket); });
    state.idle->start(m_limits.idleTimeoutMs);
    state.deadline = new QTimer(socket);
    state.deadline->setSingleShot(true);
    connect(state.deadline, &QTimer::timeout, socket, [this, socket] { onDeadlineTimer(socket); });
    m_states.insert(socket, state);
    // Connected before Qt HTTP Server connects its own handler, so this sees every chunk first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        const auto it = m_states.find(socket);
        if (it != m_states.end()) {
            it->held = false;
            it->lastActiveMs = m_clock.elapsed();
            if (!it->idle->isActive())
                it->idle->start(m_limits.idleTimeoutMs);
        }
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_states.remove(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [socket] { socket->deleteLater(); });
    return true;
}

bool ConnectionGuard::dropOneForANewcomer()
{
    // Preference: a connection already refused, then the oldest with no complete request (slowloris holds requests
    // open), then the keep-alive connection idle longest. Never one that waits for a delayed answer, nor one
    // accepted in this same turn of the event loop: its request may already be waiting, unread, and a burst of
    // newcomers larger than the cap must not push out the first of them before it had a chance.
    QTcpSocket *victim = nullptr;
    std::tuple<int, qint64, quint64> victimKey { 3, 0, 0 }; // (rank, last active, accept order): smallest goes
    for (auto it = m_states.constBegin(); it != m_states.constEnd(); ++it) {
        const State &st = *it;
        if (st.held || st.batch == m_batch)
            continue;
        const bool unfinished = st.bytes > 0 || st.completed == 0;
        const int rank = st.closing ? 0 : (unfinished ? 1 : 2);
        const std::tuple<int, qint64, quint64> key { rank, rank == 2 ? st.lastActiveMs : 0, st.order };
        if (key < victimKey) {
            victim = it.key();
            victimKey = key;
        }
    }
    if (!victim)
        return false;
    ++m_rejected;
    ++m_droppedAtCap;
    ++m_droppedSinceReport;
    // One line a second at most: a flood of slow clients must not flood the request log too.
    const qint64 now = m_clock.elapsed();
    if (now - m_lastDropReportMs >= 1000) {
        Q_EMIT rejected(
            QStringLiteral("%1 connections open (the cap): dropped %2 unfinished or idle connection(s) to make room "
                           "for new ones, the last from %3")
                .arg(m_states.size())
                .arg(m_droppedSinceReport)
                .arg(victim->peerAddress().toString()));
        m_droppedSinceReport = 0;
        m_lastDropReportMs = now;
    }
    drop(victim);
    return true;
}

void ConnectionGuard::drop(QTcpSocket *socket)
{
    // Forget it now, not when deleteLater runs: the cap counts what is still open.
    m_states.remove(socket);
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    socket->abort();
    socket->deleteLater();
}

bool ConnectionGuard::isHttp10(QTcpSocket *socket) const
{
    const auto it = m_states.constFind(socket);
    return it != m_states.constEnd() && it->http10;
}

void ConnectionGuard::requestComplete(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end())
        return;
    it->bytes = 0;
    it->sawFirstLine = false;
    it->sawHeaderEnd = false;
    it->tailSize = 0;
    it->receiving = false; // the deadline timer, if still running, finds nothing to cut when it fires
    ++it->completed;
    it->lastActiveMs = m_clock.elapsed();
}

namespace {

/*! "METHOD target HTTP/1.x": 3-10 upper-case letters, one space, 1-8192 characters that are not white space, one
    space, HTTP/1.0 or HTTP/1.1, nothing else (what ^[A-Z]{3,10} \S{1,8192} HTTP/1\.[01]$ said, without a regular
    expression on every request). */
bool isRequestLine(QByteArrayView line)
{
    qsizetype i = 0;
    while (i < line.size() && line[i] >= 'A' && line[i] <= 'Z')
        ++i;
    if (i < 3 || i > 10 || i >= line.size() || line[i] != ' ')
        return false;
    const qsizetype targetStart = ++i;
    const auto isAsciiSpace
        = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }; // what \S counts as white space
    while (i < line.size() && !isAsciiSpace(line[i]))
        ++i;
    const qsizetype targetLength = i - targetStart;
    if (targetLength < 1 || targetLength > 8192)
        return false;
    const QByteArrayView rest = line.sliced(i);
    return rest == " HTTP/1.0" || rest == " HTTP/1.1";
}

// memchr and memmem: QByteArrayView::indexOf of a 2- or 4-byte needle cost about 2,000 instructions on a
// 150-byte request (a hashing search made for long texts), more than the rest of this guard's work per chunk.
qsizetype indexOfCrLf(QByteArrayView text)
{
    const void *found = memmem(text.data(), size_t(text.size()), "\r\n", 2);
    return found ? static_cast<const char *>(found) - text.data() : -1;
}

bool containsHeaderEnd(QByteArrayView text)
{
    return memmem(text.data(), size_t(text.size()), "\r\n\r\n", 4) != nullptr;
}

} // namespace

void ConnectionGuard::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end())
        return;
    State &state = *it;
    if (state.closing)
        return;
    // A look at what arrived, into a buffer kept between calls (this runs on every chunk of every request); a large
    // chunk gets a buffer of its own, so that one big request does not keep megabytes for good.
    const qint64 available = socket->bytesAvailable();
    QByteArray large;
    QByteArray &buffer = available <= 64 * 1024 ? m_peeked : large;
    if (buffer.size() < available)
        buffer.resize(available);
    const qint64 peekedSize = std::max<qint64>(0, socket->peek(buffer.data(), available));
    const QByteArrayView fresh(buffer.constData(), peekedSize);
    const qint64 before = state.bytes;
    state.bytes += fresh.size();
    state.lastActiveMs = m_clock.elapsed();
    if (before == 0) {
        state.startedMs = state.lastActiveMs;
        state.receiving = true;
        if (!state.deadline->isActive())
            state.deadline->start(m_limits.requestTimeoutMs);
    }
    if (!state.sawFirstLine && before == 0) {
        const qsizetype eol = indexOfCrLf(fresh);
        if (eol >= 0) {
            const QByteArrayView line = fresh.first(eol);
            if (!isRequestLine(line))
                return refuse(socket, 400, "Bad Request: not an HTTP/1.x request line");
            state.sawFirstLine = true;
            state.http10 = line.endsWith("1.0");
        } else if (fresh.size() > 8192) {
            return refuse(socket, 414, "URI Too Long");
        }
    }
    if (!state.sawHeaderEnd) {
        // The end of the headers in this chunk, or straddling the previous one and this (without joining them).
        std::array<char, 6> seam {};
        const qsizetype head = std::min<qsizetype>(3, fresh.size());
        std::copy_n(state.tail.begin(), state.tailSize, seam.begin());
        std::copy_n(fresh.begin(), head, seam.begin() + state.tailSize);
        const bool ended
            = containsHeaderEnd(fresh) || containsHeaderEnd(QByteArrayView(seam.data(), state.tailSize + head));
        state.tailSize = quint8(head);
        std::copy_n(fresh.end() - head, head, state.tail.begin());
        if (ended)
            state.sawHeaderEnd = true;
        else if (state.bytes > m_limits.maxHeaderBytes)
            return refuse(socket, 431, "Request Header Fields Too Large");
        else if (m_clock.elapsed() - state.startedMs > m_limits.idleTimeoutMs)
            return refuse(socket, 408, "Request Timeout: the headers took too long");
    }
    if (state.bytes > m_limits.maxRequestBytes)
        return refuse(socket, 413, "Payload Too Large");
}

void ConnectionGuard::refuse(QTcpSocket *socket, int status, const QByteArray &message)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end() || it->closing)
        return;
    it->closing = true;
    it->receiving = false;
    ++m_rejected;
    Q_EMIT rejected(QStringLiteral("%1 %2 from %3")
                        .arg(status)
                        .arg(QString::fromLatin1(message), socket->peerAddress().toString()));
    Reply reply = Reply::text(status, message + '\n');
    reply.closeConnection = true;
    // Stop Qt HTTP Server from parsing what is left (only its readyRead handler: its clean-up on destruction stays).
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    socket->write(reply.serialize(false));
    socket->disconnectFromHost();
    QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
}

void ConnectionGuard::hold(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it != m_states.end())
        it->held = true; // the idle timer lets it be; bytesWritten ends the hold once the answer goes out
}

void ConnectionGuard::onIdleTimer(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end() || it->held)
        return; // a held connection's timer starts again when its answer is written
    const qint64 idleFor = m_clock.elapsed() - it->lastActiveMs;
    if (idleFor < m_limits.idleTimeoutMs) {
        it->idle->start(int(m_limits.idleTimeoutMs - idleFor)); // active meanwhile: wait for the rest
        return;
    }
    // Slow or silent clients lose their connection; Qt HTTP Server would keep it forever.
    Q_EMIT rejected(QStringLiteral("closed an idle connection from %1").arg(socket->peerAddress().toString()));
    drop(socket);
}

void ConnectionGuard::onDeadlineTimer(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end() || !it->receiving || it->closing)
        return; // no request being received: the next one starts the timer again
    const qint64 receivingFor = m_clock.elapsed() - it->startedMs;
    if (receivingFor < m_limits.requestTimeoutMs) {
        it->deadline->start(int(m_limits.requestTimeoutMs - receivingFor)); // a later request than the one timed
        return;
    }
    // Drip-fed bodies keep the idle timer happy; the total deadline is what stops them.
    refuse(socket, 408,
        "Request Timeout: the request did not complete within " + QByteArray::number(m_limits.requestTimeoutMs / 1000.0)
            + " s");
}

QTcpSocket *GuardedTcpServer::nextPendingConnection()
{
    while (QTcpSocket *socket = QTcpServer::nextPendingConnection()) {
        if (m_guard->attach(socket))
            return socket;
    }
    return nullptr;
}

QTcpSocket *GuardedSslServer::nextPendingConnection()
{
    while (QTcpSocket *socket = QSslServer::nextPendingConnection()) {
        if (m_guard->attach(socket))
            return socket;
    }
    return nullptr;
}

} // namespace idex::emulator
