#pragma once

#include "assignmentcommands.h"
#include "directory.h"
#include "net/httptypes.h"

#include <QObject>
#include <QUrl>

namespace idex {

class HttpClient;

struct AssignmentEditResult
{
    bool ok = false;
    bool added = false; ///< true for an add, false for a removal
    AppRoleAssignment assignment; ///< the created one (add), or the removed one's id (remove)
    int httpStatus = 0;
    QString error; ///< in words, naming the missing permission for a 403
    HttpExchange exchange; ///< redacted
};

/*! Adds or removes one app role assignment through Graph (or the emulator's Graph):
    POST/DELETE {base}servicePrincipals/{resource}/appRoleAssignedTo. Needs a token with
    AppRoleAssignment.ReadWrite.All. Asynchronous: one finished() per call. */
class AssignmentEditor : public QObject
{
    Q_OBJECT
public:
    AssignmentEditor(HttpClient &http, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }
    void setAccessToken(const QString &token) { m_token = token; }

    void add(const AssignmentChange &change);
    void remove(const AssignmentChange &change);

Q_SIGNALS:
    void finished(const idex::AssignmentEditResult &result);

private:
    void send(const HttpRequest &request, bool adding, const AssignmentChange &change);

    HttpClient &m_http;
    QUrl m_baseUrl = QUrl(QStringLiteral("https://graph.microsoft.com/v1.0/"));
    QString m_token;
};

} // namespace idex
