#include "emulatorserver.h"

#include "connectionguard.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace idex::emulator {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

void writeReply(QTcpSocket *socket, const Reply &reply, bool head)
{
    socket->write(reply.serialize(head));
    if (reply.closeConnection)
        socket->disconnectFromHost();
}

} // namespace

EmulatorServer::EmulatorServer(ConnectionGuard *guard, QObject *parent) : QAbstractHttpServer(parent), m_guard(guard) {}

bool EmulatorServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_guard->requestComplete(socket);
    Request r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyDecoded);
    // Azure's endpoints ignore a trailing slash, and SDKs send one (msal-node: ".../oauth2/token/").
    while (r.path.size() > 1 && r.path.endsWith(u'/'))
        r.path.chop(1);
    r.query = request.query();
    r.headers = request.headers();
    r.body = request.body();
    r.peer = socket->peerAddress();
    r.tls = qobject_cast<QSslSocket *>(socket) != nullptr;
    Reply reply = m_handler ? m_handler(r) : Reply::text(500, "no handler\n");
    const bool head = r.method == "HEAD";
    if (reply.delayMs <= 0) {
        writeReply(socket, reply, head);
        return true;
    }
    // Latency faults: the socket may be gone by the time the answer is due.
    m_guard->hold(socket);
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(reply.delayMs, this, [guarded, reply, head] {
        if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
            writeReply(guarded, reply, head);
    });
    return true;
}

void EmulatorServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    writeReply(socket, Reply::text(404, "Not Found\n"), false);
}

} // namespace idex::emulator
