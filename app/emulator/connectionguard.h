#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSslServer>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

namespace idex::emulator {

/*! Keeps the emulator serving whatever clients do: caps concurrent connections, closes idle or slow ones, answers
    a non-HTTP first line with 400, an oversized request with 413/431 instead of buffering it, and headers that
    do not complete within the idle timeout (drip-fed, "slowloris") with 408. Qt HTTP Server
    itself has none of these limits. */
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxConnections = 256;
        int idleTimeoutMs = 30000;
        qint64 maxHeaderBytes = 64 * 1024;
        qint64 maxRequestBytes = 4 * 1024 * 1024;
    };

    explicit ConnectionGuard(QObject *parent = nullptr);
    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    /*! Watches a new connection; returns false when it was refused (too many connections). */
    bool attach(QTcpSocket *socket);
    /*! A complete request was read from \a socket: its byte budget starts again. */
    void requestComplete(QTcpSocket *socket);
    /*! An answer is deliberately delayed (latency fault): don't cut the connection as idle meanwhile. */
    void hold(QTcpSocket *socket);
    int openConnections() const { return int(m_states.size()); }
    quint64 rejectedCount() const { return m_rejected; }

Q_SIGNALS:
    void rejected(const QString &why);

private:
    struct State
    {
        QTimer *idle = nullptr;
        qint64 bytes = 0;
        bool sawFirstLine = false;
        bool sawHeaderEnd = false;
        qint64 startedMs = 0; ///< when the first byte of the current request arrived
        QByteArray tail;      ///< last bytes of the previous chunk: "\r\n\r\n" may straddle two chunks
    };
    void onReadyRead(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &message);

    Limits m_limits;
    QHash<QTcpSocket *, State> m_states;
    quint64 m_rejected = 0;
    QElapsedTimer m_clock;
};

/*! A QTcpServer whose connections go through a ConnectionGuard before Qt HTTP Server sees them. */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(ConnectionGuard *guard, QObject *parent) : QTcpServer(parent), m_guard(guard) {}
    QTcpSocket *nextPendingConnection() override;

private:
    ConnectionGuard *m_guard;
};

/*! The same for TLS (the Service Fabric endpoint). */
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(ConnectionGuard *guard, QObject *parent) : QSslServer(parent), m_guard(guard) {}
    QTcpSocket *nextPendingConnection() override;

private:
    ConnectionGuard *m_guard;
};

} // namespace idex::emulator
