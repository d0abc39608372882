#pragma once

#include "reply.h"
#include "request.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QList>
#include <QSet>

#include <atomic>
#include <functional>
#include <memory>

namespace idex::emulator {

class ConnectionGuard;

/*! The socket side of the emulator: turns Qt HTTP Server requests into Request values, hands them to one
    handler, and writes the Reply (later, when a latency fault asks for it, or when the token it carries is signed:
    the signing pool works while this thread serves other connections). Answers on one connection leave in the
    order of its requests. Routing lives elsewhere. */
class EmulatorServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<Reply(const Request &)>;

    explicit EmulatorServer(ConnectionGuard *guard, QObject *parent = nullptr);
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    /*! A token signature finished on the signing pool: any thread may call this. The answers waiting for it are
        written from this server's thread, in one pass for however many signatures finished meanwhile (one posted
        call at most is pending, instead of a QFutureWatcher and its events per answer). */
    void notifySignatureFinished();

Q_SIGNALS:
    /*! A reply could not be written as the handler made it (see Reply::wireProblem); a 500 went out instead. */
    void replyRefused(const QString &why);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Outgoing
    {
        Reply reply;
        bool head = false;
        bool ready = false;
    };
    /*! Writes now, or after the reply's delay (the socket may be gone by then). */
    void write(QTcpSocket *socket, const Reply &reply, bool head);
    /*! Writes the answers at the head of \a socket's queue that are ready, in order. */
    void flush(QTcpSocket *socket);
    /*! Completes every waiting answer whose signature is there, and writes what is then ready. */
    void completeFinishedSignatures();

    ConnectionGuard *m_guard;
    /*! The query of the previous request and what QUrlQuery made of it: clients poll with the same query each
        time, and parsing it again cost a fifteenth of a cached answer. The same text gives the same QUrlQuery
        (implicitly shared, so a copy costs a reference count). */
    QString m_lastQueryText;
    QUrlQuery m_lastQuery;
    Handler m_handler;
    /*! Per connection, answers not yet written because one before them (or they) wait for a signature. */
    QHash<QTcpSocket *, QList<std::shared_ptr<Outgoing>>> m_queues;
    /*! The connections with an answer waiting for its signature. */
    QSet<QTcpSocket *> m_waiting;
    /*! A completeFinishedSignatures() call is posted and has not started yet. */
    std::atomic<bool> m_completionPosted { false };
};

} // namespace idex::emulator
