// Emulator::dispatch: every request, from any listener or in-process caller, through the Host check, the admin API,
// faults and the routes, to one reply and (when someone listens) one request-log line.
#include "emulator.h"
#include "emulatorstate.h"
#include "net/redaction.h"
#include "requestorigin.h"
#include "routes.h"

#include <QJsonObject>
#include <QMetaMethod>

namespace idex::emulator {

namespace {

/*! One log line, whatever a client put in its path or token: control characters are shown as \xNN, so a request
    cannot forge or split lines of the request log. */
QString printableLogLine(const QString &line)
{
    QString out;
    out.reserve(line.size());
    for (const QChar c : line) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

void Emulator::logLine(const QString &line)
{
    Q_EMIT requestServed(printableLogLine(line));
}

Reply Emulator::serve(const Request &request)
{
    Reply reply = dispatch(request);
    if (reply.pendingSignature) {
        reply.pendingSignature->signature.waitForFinished();
        reply.completeSignature();
    }
    return reply;
}

Reply Emulator::dispatch(const Request &request)
{
    ++m_requests;
    const bool logged = isSignalConnected(QMetaMethod::fromSignal(&Emulator::requestServed));
    d->logNotes = logged;
    const QString route = routes::routeName(request);
    Reply reply;
    bool handled = false;
    if (!hostIsServed(request, &reply)) {
        handled = true; // before faults and routes: a rebinding page learns nothing, not even a fault
    } else if (route == QLatin1String("admin")) {
        handled = routes::admin(*this, *d, request, &reply);
    } else {
        Reply faulted;
        if (d->applyFaults(route.isEmpty() ? QStringLiteral("other") : route, &faulted)) {
            reply = faulted;
            handled = true;
        } else {
            handled = routes::managedIdentity(*d, request, &reply) || routes::discovery(*d, request, &reply)
                || routes::graph(*d, request, &reply) || routes::functions(*d, request, &reply);
            reply.delayMs += faulted.delayMs; // latency faults delay whatever the route answered
            if (handled && route == QLatin1String("graph") && request.method != "GET" && reply.status < 300)
                notifyChanged();
        }
    }
    // A token whose signature is still on the pool: the server writes this reply once it is there. A reply that
    // does not hold the token (an error after issuing) drops it.
    if (std::optional<PendingSignature> pending = d->takePendingSignature();
        pending && reply.body.contains(pending->placeholder))
        reply.pendingSignature = std::move(pending);
    if (!handled) {
        reply = Reply::json(404,
            QJsonObject { { QStringLiteral("error"), QStringLiteral("not_found") },
                { QStringLiteral("error_description"),
                    QStringLiteral(
                        "No emulator endpoint at %1 %2. See README.md, section Emulator, for the URL layout.")
                        .arg(QString::fromLatin1(request.method), request.path) } });
    }
    // The log line costs more than a cached answer's route (formatting, the redaction scan): made only when someone
    // listens (the GUI's dock, `idex emulator` without --quiet).
    if (!logged)
        return reply;
    QString summary
        = QStringLiteral("%1 %2 -> %3").arg(QString::fromLatin1(request.method), request.path).arg(reply.status);
    if (reply.delayMs > 0)
        summary += QStringLiteral(" (delayed %1 ms)").arg(reply.delayMs);
    if (!reply.note.isEmpty())
        summary += QStringLiteral(" · ") + reply.note;
    // A client that put the admin token in its path must not get it into the log either.
    summary.replace(QString::fromLatin1(d->adminToken), QStringLiteral("[admin token]"));
    logLine(redaction::redactText(summary));
    return reply;
}

} // namespace idex::emulator
