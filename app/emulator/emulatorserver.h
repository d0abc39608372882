#pragma once

#include "reply.h"
#include "request.h"

#include <QAbstractHttpServer>

#include <functional>

namespace idex::emulator {

class ConnectionGuard;

/*! The socket side of the emulator: turns Qt HTTP Server requests into Request values, hands them to one
    handler, and writes the Reply (later, when a latency fault asks for it). Routing lives elsewhere. */
class EmulatorServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<Reply(const Request &)>;

    explicit EmulatorServer(ConnectionGuard *guard, QObject *parent = nullptr);
    void setHandler(Handler handler) { m_handler = std::move(handler); }

Q_SIGNALS:
    /*! A reply could not be written as the handler made it (see Reply::wireProblem); a 500 went out instead. */
    void replyRefused(const QString &why);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    ConnectionGuard *m_guard;
    Handler m_handler;
};

} // namespace idex::emulator
