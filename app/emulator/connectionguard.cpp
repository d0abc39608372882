#include "connectionguard.h"

#include "reply.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

namespace idex::emulator {

ConnectionGuard::ConnectionGuard(QObject *parent) : QObject(parent)
{
    m_clock.start();
}

bool ConnectionGuard::attach(QTcpSocket *socket)
{
    if (m_states.size() >= m_limits.maxConnections) {
        ++m_rejected;
        Q_EMIT rejected(QStringLiteral("connection refused: %1 connections already open").arg(m_states.size()));
        socket->abort();
        socket->deleteLater();
        return false;
    }
    State state;
    state.idle = new QTimer(socket);
    state.idle->setSingleShot(true);
    state.idle->setInterval(m_limits.idleTimeoutMs);
    connect(state.idle, &QTimer::timeout, socket, [this, socket] {
        // Slow or silent clients lose their connection; Qt HTTP Server would keep it forever.
        Q_EMIT rejected(QStringLiteral("closed an idle connection from %1").arg(socket->peerAddress().toString()));
        socket->abort();
        socket->deleteLater();
    });
    state.idle->start();
    m_states.insert(socket, state);
    // Connected before Qt HTTP Server connects its own handler, so this sees every chunk first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        const auto it = m_states.find(socket);
        if (it != m_states.end())
            it->idle->start();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_states.remove(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [socket] { socket->deleteLater(); });
    return true;
}

void ConnectionGuard::requestComplete(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end())
        return;
    it->bytes = 0;
    it->sawFirstLine = false;
    it->sawHeaderEnd = false;
    it->tail.clear();
}

void ConnectionGuard::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_states.find(socket);
    if (it == m_states.end())
        return;
    State &state = *it;
    state.idle->start();
    const QByteArray fresh = socket->peek(socket->bytesAvailable());
    const qint64 before = state.bytes;
    state.bytes += fresh.size();
    if (before == 0)
        state.startedMs = m_clock.elapsed();
    if (!state.sawFirstLine && before == 0) {
        const qsizetype eol = fresh.indexOf("\r\n");
        if (eol >= 0) {
            static const QRegularExpression requestLine(QStringLiteral("^[A-Z]{3,10} \\S{1,8192} HTTP/1\\.[01]$"));
            if (!requestLine.match(QString::fromLatin1(fresh.left(eol))).hasMatch())
                return refuse(socket, 400, "Bad Request: not an HTTP/1.x request line");
            state.sawFirstLine = true;
        } else if (fresh.size() > 8192) {
            return refuse(socket, 414, "URI Too Long");
        }
    }
    if (!state.sawHeaderEnd) {
        const bool ended = QByteArray(state.tail + fresh).contains("\r\n\r\n");
        state.tail = fresh.right(3);
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
    ++m_rejected;
    Q_EMIT rejected(QStringLiteral("%1 %2 from %3").arg(status).arg(QString::fromLatin1(message), socket->peerAddress().toString()));
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
        it->idle->stop(); // bytesWritten restarts it once the delayed answer goes out
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
