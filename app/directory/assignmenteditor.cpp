#include "assignmenteditor.h"

#include "directoryjson.h"
#include "net/httpclient.h"
#include "net/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace idex {

AssignmentEditor::AssignmentEditor(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{ }

void AssignmentEditor::add(const AssignmentChange &change)
{
    HttpRequest request;
    request.method = "POST";
    QUrl base = m_baseUrl;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    request.url = base.resolved(QUrl(QStringLiteral("servicePrincipals/%1/appRoleAssignedTo").arg(change.resourceId)));
    request.setHeader("Content-Type", "application/json");
    request.body = QJsonDocument(
        QJsonObject { { QStringLiteral("principalId"), change.principalId },
            { QStringLiteral("resourceId"), change.resourceId }, { QStringLiteral("appRoleId"), change.appRoleId } })
                       .toJson(QJsonDocument::Compact);
    send(request, true, change);
}

void AssignmentEditor::remove(const AssignmentChange &change)
{
    HttpRequest request;
    request.method = "DELETE";
    QUrl base = m_baseUrl;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    request.url = base.resolved(
        QUrl(QStringLiteral("servicePrincipals/%1/appRoleAssignedTo/%2")
                 .arg(change.resourceId, QString::fromLatin1(QUrl::toPercentEncoding(change.assignmentId)))));
    send(request, false, change);
}

void AssignmentEditor::send(const HttpRequest &base, bool adding, const AssignmentChange &change)
{
    if (m_token.isEmpty()) {
        AssignmentEditResult result;
        result.added = adding;
        result.error = QStringLiteral(
            "No Graph token: get a token for https://graph.microsoft.com with AppRoleAssignment.ReadWrite.All first.");
        QTimer::singleShot(0, this, [this, result] { Q_EMIT finished(result); });
        return;
    }
    HttpRequest request = base;
    request.setHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setHeader("Accept", "application/json");
    HttpCall *call = m_http.send(request);
    connect(call, &HttpCall::finished, this, [this, adding, change](const HttpExchange &exchange) {
        AssignmentEditResult result;
        result.added = adding;
        result.exchange = redaction::redacted(exchange);
        result.httpStatus = exchange.response.status;
        const HttpResponse &r = exchange.response;
        if (!r.answered()) {
            result.error = QStringLiteral("Graph did not answer: %1.")
                               .arg(r.error.isEmpty() ? describeFailure(r.failure) : r.error);
        } else if (r.isSuccess()) {
            result.ok = true;
            if (adding) {
                result.assignment = directoryjson::assignmentFromJson(QJsonDocument::fromJson(r.body).object());
            } else {
                result.assignment.id = change.assignmentId;
                result.assignment.resourceId = change.resourceId;
            }
        } else {
            const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(QLatin1String("error")).toObject();
            const QString graphMessage = error.value(QLatin1String("message")).toString();
            if (r.status == 403)
                result.error = QStringLiteral(
                    "Graph refused the change (403): the token lacks AppRoleAssignment.ReadWrite.All.");
            else if (r.status == 401)
                result.error = QStringLiteral(
                    "Graph did not accept the token (401): it must be a valid token for https://graph.microsoft.com.");
            else
                result.error = QStringLiteral("Graph answered HTTP %1.").arg(r.status);
            if (!graphMessage.isEmpty())
                result.error += QStringLiteral(" Graph says: \"%1\"").arg(graphMessage);
        }
        Q_EMIT finished(result);
    });
}

} // namespace idex
