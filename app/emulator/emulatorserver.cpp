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

EmulatorServer::EmulatorServer(ConnectionGuard *guard, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_guard(guard)
{ }

bool EmulatorServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_guard->requestComplete(socket);
    Request r;
    r.method = methodName(request.method());
    const QUrl url = request.url();
    r.path = url.path(QUrl::FullyDecoded);
    // Azure's endpoints ignore a trailing slash, and SDKs send one (msal-node: ".../oauth2/token/").
    while (r.path.size() > 1 && r.path.endsWith(u'/'))
        r.path.chop(1);
    // What QHttpServerRequest::query() returns, QUrlQuery(url.query()), parsed only when the text changes.
    if (QString text = url.query(); text != m_lastQueryText || text.isNull() != m_lastQueryText.isNull()) {
        m_lastQuery = QUrlQuery(text);
        m_lastQueryText = std::move(text);
    }
    r.query = m_lastQuery;
    r.headers = request.headers();
    r.body = request.body();
    r.peer = socket->peerAddress();
    r.local = socket->localAddress();
    r.localPort = socket->localPort();
    r.tls = qobject_cast<QSslSocket *>(socket) != nullptr;
    r.http10 = m_guard->isHttp10(socket);
    Reply reply = m_handler ? m_handler(r) : Reply::text(500, "no handler\n");
    // The one place replies leave: a header value with CR/LF would split the answer, so it never goes out.
    if (const QString problem = reply.wireProblem(); !problem.isEmpty()) {
        Q_EMIT replyRefused(
            QStringLiteral("refused to send the %1 answer to %2 %3: %4; sent 500 instead")
                .arg(reply.status)
                .arg(QString::fromLatin1(r.method), request.url().path(QUrl::FullyEncoded).left(200), problem));
        const int delayMs = reply.delayMs;
        reply = unwritableReplyError();
        reply.delayMs = delayMs;
    }
    const bool head = r.method == "HEAD";
    auto queue = m_queues.find(socket);
    if (!reply.pendingSignature && (queue == m_queues.end() || queue->isEmpty())) {
        write(socket, reply, head);
        return true;
    }
    if (queue == m_queues.end()) {
        // One entry per connection that ever waited, until the connection goes (one signal connection each).
        queue = m_queues.insert(socket, {});
        connect(socket, &QObject::destroyed, this, [this, socket] {
            m_queues.remove(socket);
            m_waiting.remove(socket);
        });
    }
    auto outgoing = std::make_shared<Outgoing>(Outgoing { std::move(reply), head, false });
    queue->append(outgoing);
    m_guard->hold(socket); // an answer is due: neither idle nor a candidate to drop at the cap
    if (outgoing->reply.pendingSignature && outgoing->reply.pendingSignature->signature.isFinished())
        outgoing->reply.completeSignature();
    if (!outgoing->reply.pendingSignature) {
        outgoing->ready = true;
        flush(socket);
        return true;
    }
    // Written by completeFinishedSignatures() once the pool has signed (notifySignatureFinished() posts it). Requests
    // sharing a cached token's pending signature each wait for that same future.
    m_waiting.insert(socket);
    return true;
}

void EmulatorServer::notifySignatureFinished()
{
    if (!m_completionPosted.exchange(true))
        QMetaObject::invokeMethod(this, &EmulatorServer::completeFinishedSignatures, Qt::QueuedConnection);
}

void EmulatorServer::completeFinishedSignatures()
{
    // Reset before looking (an exchange: it also makes every signature finished before the post visible here); a
    // signature that finishes during the pass posts another call.
    m_completionPosted.exchange(false);
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        QTcpSocket *socket = *it;
        bool stillWaiting = false;
        if (const auto queue = m_queues.find(socket); queue != m_queues.end()) {
            for (const std::shared_ptr<Outgoing> &outgoing : std::as_const(*queue)) {
                if (outgoing->ready)
                    continue;
                if (outgoing->reply.pendingSignature->signature.isFinished()) {
                    outgoing->reply.completeSignature();
                    outgoing->ready = true;
                } else {
                    stillWaiting = true;
                }
            }
            flush(socket);
        }
        it = stillWaiting ? std::next(it) : m_waiting.erase(it);
    }
}

void EmulatorServer::write(QTcpSocket *socket, const Reply &reply, bool head)
{
    if (reply.delayMs <= 0) {
        writeReply(socket, reply, head);
        return;
    }
    // Latency faults: the socket may be gone by the time the answer is due.
    m_guard->hold(socket);
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(reply.delayMs, this, [guarded, reply, head] {
        if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
            writeReply(guarded, reply, head);
    });
}

void EmulatorServer::flush(QTcpSocket *socket)
{
    const auto queue = m_queues.find(socket);
    if (queue == m_queues.end())
        return;
    while (!queue->isEmpty() && queue->first()->ready) {
        const std::shared_ptr<Outgoing> next = queue->takeFirst();
        if (socket->state() == QAbstractSocket::ConnectedState)
            write(socket, next->reply, next->head);
    }
}

void EmulatorServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    writeReply(socket, Reply::text(404, "Not Found\n"), false);
}

} // namespace idex::emulator
