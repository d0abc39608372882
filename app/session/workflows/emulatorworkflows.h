#pragma once
// GUI-free workflows against the session's emulator: each is one intent, carried out with the session's HttpClient
// over loopback exactly as a panel or idex would (identity sources, TestCall, AssignmentEditor, GraphReader), and
// reported once through its callback on the thread that started it. The lesson engine drives them; the panels can
// call the same ones.

#include "call/callresult.h"
#include "identity/fetchandwait.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace idex {
class Session;
struct AssignmentChange;
} // namespace idex

namespace idex::workflows {

/*! The end of a workflow that changes something: whether it worked, and what happened in words ("HTTP 400: ..."). */
struct Outcome
{
    bool ok = false;
    int httpStatus = 0;
    QString message;
};

using OutcomeCallback = std::function<void(const Outcome &)>;

/*! Gets a token from the session's emulator through its managed identity endpoint (the IMDS protocol, as a VM's
    SDK does) for \a identity and \a resource. A token becomes the session's current token (and history). */
void getEmulatorToken(Session &session, const IdentitySelector &identity, const QString &resource, QObject *context,
    std::function<void(const FetchOutcome &)> done);

/*! GET {emulator}\a path with the session's current token through TestCall; the result becomes the session's
    latest call, with what the protected function expects when \a path is one of the scenario's. */
void callEmulator(
    Session &session, const QString &path, QObject *context, std::function<void(const CallResult &)> done);

/*! One call of the emulator's admin API ("Authorization: Bearer <admin token>"; the token never leaves memory). */
void emulatorAdmin(Session &session, const QByteArray &method, const QString &path, const QJsonObject &body,
    QObject *context, OutcomeCallback done);

/*! A Microsoft Graph token for the identity with client ID \a clientId, from the emulator's endpoint. Not made
    current: it is the directory writer's, not the caller's. */
void emulatorGraphToken(Session &session, const QString &clientId, QObject *context,
    std::function<void(const QString &token, const QString &error)> done);

/*! Adds (or removes, \a add false) an app role assignment through the emulator's Graph with AssignmentEditor, as the
    identity with client ID \a writerClientId. */
void changeAssignment(Session &session, const AssignmentChange &change, bool add, const QString &writerClientId,
    QObject *context, OutcomeCallback done);

/*! Graph PATCH /applications/{\a applicationObjectId} with \a appRoles (the whole collection), as the identity with
    client ID \a writerClientId. */
void patchAppRoles(Session &session, const QString &applicationObjectId, const QJsonArray &appRoles,
    const QString &writerClientId, QObject *context, OutcomeCallback done);

/*! The directory reader's Graph token, the way a real deployment gets it: the scenario names the reader
    (\a readerWanted, a client ID or identity name; empty = the identity holding Application.Read.All), then the
    emulator's managed identity endpoint gives its token. \a done gets the token, or an error in words. */
void emulatorReaderToken(Session &session, const QString &readerWanted, QObject *context,
    std::function<void(const QString &token, const QString &error)> done);

/*! Reads the directory from the emulator's Graph (as \a readerWanted, a client ID or identity name; empty = the
    identity holding Application.Read.All) with GraphReader and publishes it in the session. */
void loadEmulatorDirectory(Session &session, const QString &readerWanted, QObject *context, OutcomeCallback done);

} // namespace idex::workflows

Q_DECLARE_METATYPE(idex::workflows::Outcome)
