#include "emulatorworkflows.h"

#include "call/testcall.h"
#include "directory/assignmentcommands.h"
#include "directory/assignmenteditor.h"
#include "directory/emulatorgraphreader.h"
#include "directory/graphreader.h"
#include "emulator/emulator.h"
#include "identity/emulatorsource.h"
#include "net/httpclient.h"
#include "session/session.h"

#include <QJsonDocument>
#include <QPointer>

namespace idex::workflows {

namespace {

const QString kGraphResource = QStringLiteral("https://graph.microsoft.com");

/*! Graph's or the admin API's error text from an answer body, for the outcome's message. */
QString errorText(const HttpExchange &exchange)
{
    if (!exchange.response.answered())
        return exchange.response.error;
    const QJsonObject body = QJsonDocument::fromJson(exchange.response.body).object();
    const QJsonValue error = body.value(QStringLiteral("error"));
    QString text = error.isObject() ? error.toObject().value(QStringLiteral("code")).toString() + QStringLiteral(": ")
            + error.toObject().value(QStringLiteral("message")).toString()
                                    : error.toString();
    if (text.isEmpty())
        text = QString::fromUtf8(exchange.response.body.left(300));
    return QStringLiteral("HTTP %1: %2").arg(exchange.response.status).arg(text);
}

Outcome outcomeOf(const HttpExchange &exchange, const QString &success)
{
    Outcome o;
    o.httpStatus = exchange.response.status;
    o.ok = exchange.response.isSuccess();
    o.message = o.ok ? success : errorText(exchange);
    return o;
}

/*! Expectation of the scenario's protected function at \a path, when it is one. */
std::optional<Expectation> functionExpectation(const Session &session, const QString &path)
{
    const emulator::Emulator *emu = session.emulator();
    const emulator::ProtectedFunction *f = emu ? emu->scenario().functionByPath(path) : nullptr;
    if (!f)
        return std::nullopt;
    Expectation e;
    e.audiences = f->allowedAudiences;
    e.roles = f->requiredRoles;
    e.appOnly = true;
    return e;
}

} // namespace

void getEmulatorToken(Session &session, const IdentitySelector &identity, const QString &resource, QObject *context,
    std::function<void(const FetchOutcome &)> done)
{
    SourceConfig config;
    config.environment = QProcessEnvironment(); // the machine's variables play no part against the emulator
    config.endpoint = session.emulatorUrl();
    auto *source = new EmulatorSource(session.http(), config, context);
    QPointer<Session> guard(&session);
    QObject::connect(source, &TokenSource::succeeded, context, [source, guard, done](const TokenResult &token) {
        source->deleteLater();
        if (guard) {
            guard->rememberToken(token);
            guard->setCurrentToken(token);
        }
        done(FetchOutcome { token, {} });
    });
    QObject::connect(source, &TokenSource::failed, context, [source, done](const TokenFailure &failure) {
        source->deleteLater();
        done(FetchOutcome { std::nullopt, failure });
    });
    source->start(TokenRequest { resource, identity });
}

void callEmulator(Session &session, const QString &path, QObject *context, std::function<void(const CallResult &)> done)
{
    HttpRequest request;
    request.url = QUrl(session.emulatorUrl().toString() + path);
    request = withBearerToken(request, session.currentToken().accessToken);
    auto *call = new TestCall(session.http(), context);
    const std::optional<Expectation> expectation = functionExpectation(session, path);
    QPointer<Session> guard(&session);
    QObject::connect(call, &TestCall::finished, context, [call, guard, expectation, done](const CallResult &result) {
        call->deleteLater();
        if (guard)
            guard->setLastCall(result, expectation);
        done(result);
    });
    call->start(request);
}

void emulatorAdmin(Session &session, const QByteArray &method, const QString &path, const QJsonObject &body,
    QObject *context, OutcomeCallback done)
{
    HttpRequest request;
    request.method = method;
    request.url = QUrl(session.emulatorUrl().toString() + path);
    request.setHeader("Authorization", "Bearer " + session.emulatorAdminToken());
    if (!body.isEmpty()) {
        request.setHeader("Content-Type", "application/json");
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    HttpCall *call = session.http().send(request);
    QObject::connect(call, &HttpCall::finished, context, [done, method, path](const HttpExchange &exchange) {
        done(outcomeOf(exchange, QStringLiteral("%1 %2: done").arg(QString::fromLatin1(method), path)));
    });
}

void emulatorGraphToken(Session &session, const QString &clientId, QObject *context,
    std::function<void(const QString &, const QString &)> done)
{
    SourceConfig config;
    config.environment = QProcessEnvironment();
    config.endpoint = session.emulatorUrl();
    auto *source = new EmulatorSource(session.http(), config, context);
    QObject::connect(source, &TokenSource::succeeded, context, [source, done](const TokenResult &token) {
        source->deleteLater();
        done(token.accessToken, {});
    });
    QObject::connect(source, &TokenSource::failed, context, [source, done](const TokenFailure &failure) {
        source->deleteLater();
        done({}, failure.title + QStringLiteral(": ") + failure.detail);
    });
    source->start(TokenRequest { kGraphResource, IdentitySelector { IdentitySelector::Kind::ClientId, clientId } });
}

void changeAssignment(Session &session, const AssignmentChange &change, bool add, const QString &writerClientId,
    QObject *context, OutcomeCallback done)
{
    QPointer<Session> guard(&session);
    emulatorGraphToken(session, writerClientId, context,
        [guard, change, add, context, done](const QString &token, const QString &error) {
            if (!guard || token.isEmpty()) {
                done(Outcome { false, 0, QStringLiteral("No Graph token for the directory writer: ") + error });
                return;
            }
            auto *editor = new AssignmentEditor(guard->http(), context);
            editor->setBaseUrl(QUrl(guard->emulatorUrl().toString() + QStringLiteral("/v1.0/")));
            editor->setAccessToken(token);
            QObject::connect(editor, &AssignmentEditor::finished, context,
                [editor, done, change, add, guard](const AssignmentEditResult &result) {
                    editor->deleteLater();
                    const QString what = QStringLiteral("%1 %2 %3 %4 on %5")
                                             .arg(add ? QStringLiteral("Assigned") : QStringLiteral("Removed"),
                                                 change.roleValue, add ? QStringLiteral("to") : QStringLiteral("from"),
                                                 change.principalName, change.resourceName);
                    if (result.ok && guard) {
                        // On record for the session report, with what applies the same change in Azure.
                        JournalEntry entry;
                        entry.kind = JournalEntry::Kind::DirectoryChange;
                        entry.title = what;
                        entry.commands = add ? QStringList { assignmentcommands::powerShellAdd(change),
                            assignmentcommands::azRestAdd(change) }
                                             : QStringList { assignmentcommands::powerShellRemove(change),
                                                   assignmentcommands::azRestRemove(change) };
                        guard->note(entry);
                    }
                    done(Outcome { result.ok, result.httpStatus, result.ok ? what : result.error });
                });
            if (add)
                editor->add(change);
            else
                editor->remove(change);
        });
}

void patchAppRoles(Session &session, const QString &applicationObjectId, const QJsonArray &appRoles,
    const QString &writerClientId, QObject *context, OutcomeCallback done)
{
    QPointer<Session> guard(&session);
    emulatorGraphToken(session, writerClientId, context,
        [guard, applicationObjectId, appRoles, context, done](const QString &token, const QString &error) {
            if (!guard || token.isEmpty()) {
                done(Outcome { false, 0, QStringLiteral("No Graph token for the directory writer: ") + error });
                return;
            }
            HttpRequest request;
            request.method = "PATCH";
            request.url
                = QUrl(guard->emulatorUrl().toString() + QStringLiteral("/v1.0/applications/") + applicationObjectId);
            request.setHeader("Authorization", "Bearer " + token.toLatin1());
            request.setHeader("Content-Type", "application/json");
            request.body = QJsonDocument(QJsonObject { { QStringLiteral("appRoles"), appRoles } })
                               .toJson(QJsonDocument::Compact);
            HttpCall *call = guard->http().send(request);
            QObject::connect(call, &HttpCall::finished, context, [done](const HttpExchange &exchange) {
                done(outcomeOf(exchange, QStringLiteral("The app roles were updated (HTTP 204).")));
            });
        });
}

void emulatorReaderToken(Session &session, const QString &readerWanted, QObject *context,
    std::function<void(const QString &token, const QString &error)> done)
{
    HttpRequest request;
    request.url = QUrl(session.emulatorUrl().toString() + QStringLiteral("/admin/scenario"));
    request.setHeader("Authorization", "Bearer " + session.emulatorAdminToken());
    HttpCall *call = session.http().send(request);
    QPointer<Session> guard(&session);
    QObject::connect(call, &HttpCall::finished, context, [guard, readerWanted, context, done](const HttpExchange &ex) {
        if (!guard)
            return;
        if (!ex.response.isSuccess()) {
            done({},
                QStringLiteral("The emulator did not give its scenario (%1).")
                    .arg(ex.response.answered() ? QStringLiteral("HTTP %1").arg(ex.response.status)
                                                : ex.response.error));
            return;
        }
        QString error;
        const QString clientId
            = emulatorGraphReaderClientId(QJsonDocument::fromJson(ex.response.body).object(), readerWanted, &error);
        if (clientId.isEmpty()) {
            done({}, error);
            return;
        }
        emulatorGraphToken(*guard, clientId, context, [done](const QString &token, const QString &e) {
            done(token, token.isEmpty() ? QStringLiteral("No Graph token for the directory reader: ") + e : QString());
        });
    });
}

void loadEmulatorDirectory(Session &session, const QString &readerWanted, QObject *context, OutcomeCallback done)
{
    QPointer<Session> guard(&session);
    emulatorReaderToken(session, readerWanted, context, [guard, context, done](const QString &token, const QString &e) {
        if (!guard)
            return;
        if (token.isEmpty()) {
            done(Outcome { false, 0, e });
            return;
        }
        auto *reader = new GraphReader(guard->http(), context);
        QObject::connect(reader, &GraphReader::finished, context, [reader, guard, done](const GraphLoadResult &r) {
            reader->deleteLater();
            if (r.ok && guard)
                guard->setDirectory(r.directory, true);
            done(Outcome { r.ok, r.httpStatus,
                r.ok ? QStringLiteral("Directory read: %1 applications, %2 service principals, %3 assignments.")
                           .arg(r.directory.applications().size())
                           .arg(r.directory.servicePrincipals().size())
                           .arg(r.directory.assignments().size())
                     : r.error });
        });
        GraphReaderOptions options;
        options.baseUrl = QUrl(guard->emulatorUrl().toString() + QStringLiteral("/v1.0/"));
        options.accessToken = token;
        reader->start(options);
    });
}

} // namespace idex::workflows
