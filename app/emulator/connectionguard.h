#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSslServer>
#include <QTcpServer>

#include <array>

class QTcpSocket;
class QTimer;

namespace idex::emulator {

/*! Keeps the emulator serving whatever clients do: caps concurrent connections, closes idle or slow ones, answers
    a non-HTTP first line with 400, an oversized request with 413/431 instead of buffering it, headers that do not
    complete within the idle timeout and whole requests (headers and body) that do not complete within the request
    timeout (drip-fed, "slowloris") with 408. At the cap, a new connection is kept and the oldest unfinished one
    (no complete request yet, else the one idle longest) is dropped, so slow clients cannot lock out a well-formed
    request. Qt HTTP Server itself has none of these limits. */
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxConnections = 256;
        int idleTimeoutMs = 30000;
        int requestTimeoutMs = 30000; ///< from the first byte of a request to its last
        qint64 maxHeaderBytes = 64 * 1024;
        qint64 maxRequestBytes = 4 * 1024 * 1024;
    };

    explicit ConnectionGuard(QObject *parent = nullptr);
    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    /*! Watches a new connection; returns false when it was refused (every open connection is waiting for a
        delayed answer, so none can be dropped). */
    bool attach(QTcpSocket *socket);
    /*! A complete request was read from \a socket: its byte budget starts again. */
    void requestComplete(QTcpSocket *socket);
    /*! An answer is deliberately delayed (latency fault): don't cut the connection as idle meanwhile. */
    void hold(QTcpSocket *socket);
    /*! Whether the request line of the current request on \a socket said HTTP/1.0. */
    bool isHttp10(QTcpSocket *socket) const;
    int openConnections() const { return int(m_states.size()); }
    quint64 rejectedCount() const { return m_rejected; }
    quint64 droppedAtCapCount() const { return m_droppedAtCap; }

Q_SIGNALS:
    void rejected(const QString &why);

private:
    struct State
    {
        QTimer *idle = nullptr; ///< lazy: fires at most idleTimeoutMs after lastActiveMs, then checks
        QTimer *deadline = nullptr; ///< lazy: runs while a request is being received (see receiving)
        qint64 bytes = 0;
        bool sawFirstLine = false;
        bool sawHeaderEnd = false;
        bool http10 = false;
        bool held = false; ///< a delayed answer is due: not a candidate for dropping
        bool closing = false; ///< refused: the answer is on its way out
        bool receiving = false; ///< a request's first bytes came and it is not complete yet (the deadline runs)
        int completed = 0; ///< requests read completely on this connection
        quint64 order = 0; ///< accept order: "oldest" without ties of the millisecond clock
        quint64 batch = 0; ///< which turn of the event loop accepted it
        qint64 lastActiveMs = 0;
        qint64 startedMs = 0; ///< when the first byte of the current request arrived
        std::array<char, 3> tail {}; ///< last bytes of the previous chunk: "\r\n\r\n" may straddle two chunks
        quint8 tailSize = 0;
    };
    void onReadyRead(QTcpSocket *socket);
    void onIdleTimer(QTcpSocket *socket);
    void onDeadlineTimer(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &message);
    /*! Makes room for one connection; false when every open one is held. */
    bool dropOneForANewcomer();
    void drop(QTcpSocket *socket);

    Limits m_limits;
    QHash<QTcpSocket *, State> m_states;
    quint64 m_rejected = 0;
    quint64 m_droppedAtCap = 0;
    quint64 m_accepted = 0;
    quint64 m_batch = 0; ///< advances once per turn of the event loop that accepted connections
    bool m_batchEnding = false; ///< the zero timer that advances m_batch is pending
    quint64 m_droppedSinceReport = 0;
    qint64 m_lastDropReportMs = -1000000;
    QElapsedTimer m_clock;
    QByteArray m_peeked; ///< what onReadyRead looks at, reused: no allocation per chunk
};

/*! A QTcpServer whose connections go through a ConnectionGuard before Qt HTTP Server sees them. */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(ConnectionGuard *guard, QObject *parent)
        : QTcpServer(parent)
        , m_guard(guard)
    { }
    QTcpSocket *nextPendingConnection() override;

private:
    ConnectionGuard *m_guard;
};

/*! The same for TLS (the Service Fabric endpoint). */
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(ConnectionGuard *guard, QObject *parent)
        : QSslServer(parent)
        , m_guard(guard)
    { }
    QTcpSocket *nextPendingConnection() override;

private:
    ConnectionGuard *m_guard;
};

} // namespace idex::emulator
