// A Microsoft Graph v1.0 subset: applications, service principals, app role assignments, with Graph's bearer
// token checks, application permissions, paging and error shapes (see graph-directory.md).
#include "emulatorstate.h"
#include "liveedits.h"
#include "net/base64url.h"
#include "routes.h"
#include "scenarionames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace idex::emulator::routes {

namespace {

const QStringList kGraphAudiences { QStringLiteral("https://graph.microsoft.com"),
    QStringLiteral("https://graph.microsoft.com/"), QStringLiteral("00000003-0000-0000-c000-000000000000"),
    QStringLiteral("https://graph.windows.net/") };
const QStringList kReadRoles { QStringLiteral("Application.Read.All"), QStringLiteral("Application.ReadWrite.All"),
    QStringLiteral("Directory.Read.All"), QStringLiteral("Directory.ReadWrite.All") };
const QStringList kWriteRoles { QStringLiteral("AppRoleAssignment.ReadWrite.All") };
// PATCH /applications/{id}: Graph's least privilege for updating an application.
const QStringList kApplicationWriteRoles { QStringLiteral("Application.ReadWrite.All") };

Reply graphError(int status, const QString &code, const QString &message)
{
    const QString id = EmulatorState::correlationId();
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), message },
                { QStringLiteral("innerError"),
                    QJsonObject { { QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
                        { QStringLiteral("request-id"), id }, { QStringLiteral("client-request-id"), id } } } } } });
}

QJsonObject select(const QJsonObject &o, const QStringList &fields)
{
    if (fields.isEmpty())
        return o;
    QJsonObject out;
    for (const QString &f : fields)
        if (o.contains(f))
            out.insert(f, o.value(f));
    return out;
}

/*! A non-negative decimal of at most 9 digits (no sign, space or exponent), or -1: paging numbers are parsed
    strictly so that no value can overflow or wrap around. */
qint64 smallCount(const QString &text)
{
    if (text.isEmpty() || text.size() > 9)
        return -1;
    for (const QChar c : text)
        if (c < u'0' || c > u'9')
            return -1;
    return text.toLongLong();
}

/*! One page of \a items with $top/$skiptoken/$select, and @odata.nextLink to the next page. */
Reply page(const EmulatorState &s, const Request &r, const QString &context, const QList<QJsonObject> &items)
{
    qint64 top = 100;
    if (r.query.hasQueryItem(QStringLiteral("$top"))) {
        top = smallCount(r.queryValue(QStringLiteral("$top")));
        if (top < 1 || top > 999)
            return graphError(400, QStringLiteral("Request_UnsupportedQuery"),
                QStringLiteral("Invalid page size specified: '%1'. Must be between 1 and 999 inclusive.")
                    .arg(r.queryValue(QStringLiteral("$top")).left(40)));
    }
    qint64 skip = 0;
    if (r.query.hasQueryItem(QStringLiteral("$skiptoken"))) {
        // Our own tokens are base64url("skip:<n>"); anything else, or an n beyond any list, is not one of ours.
        const QByteArray decoded = fromBase64Url(r.queryValue(QStringLiteral("$skiptoken")).toLatin1());
        skip = decoded.startsWith("skip:") ? smallCount(QString::fromLatin1(decoded.mid(5))) : -1;
        if (skip < 0)
            return graphError(400, QStringLiteral("Directory_InvalidSkipToken"),
                QStringLiteral("The specified skip token is invalid."));
    }
    QStringList fields;
    for (const QString &f : r.queryValue(QStringLiteral("$select")).split(u',', Qt::SkipEmptyParts))
        fields << f.trimmed();
    // In 64 bits: a skip token of "skip:2147483647" plus $top overflowed int (UBSan in fuzz_emulator).
    const qint64 end = qint64(skip) + top;
    QJsonArray value;
    for (qsizetype i = skip; i < items.size() && i < end; ++i)
        value.append(select(items.at(i), fields));
    QJsonObject body { { QStringLiteral("@odata.context"),
                           QString(s.urlBase(r) + QStringLiteral("/v1.0/$metadata#") + context) },
        { QStringLiteral("value"), value } };
    if (skip == 0 && r.queryValue(QStringLiteral("$count")) == QLatin1String("true"))
        body.insert(QStringLiteral("@odata.count"), int(items.size()));
    if (end < items.size()) {
        QUrlQuery next = r.query;
        next.removeAllQueryItems(QStringLiteral("$skiptoken"));
        next.addQueryItem(
            QStringLiteral("$skiptoken"), QString::fromLatin1(base64Url("skip:" + QByteArray::number(end))));
        QUrl url(s.urlBase(r) + r.path);
        url.setQuery(next);
        body.insert(QStringLiteral("@odata.nextLink"), url.toString(QUrl::FullyEncoded));
    }
    return Reply::json(200, body);
}

/*! $filter forms the directory panel needs: servicePrincipalType eq '...', appId eq '...', displayName eq '...'. */
bool filterMatches(const QString &filter, const QJsonObject &item, bool *supported)
{
    *supported = true;
    if (filter.isEmpty())
        return true;
    static const QRegularExpression eq(QStringLiteral("^\\s*(\\w+)\\s+eq\\s+'([^']*)'\\s*$"));
    const QRegularExpressionMatch m = eq.match(filter);
    if (!m.hasMatch()) {
        *supported = false;
        return false;
    }
    return item.value(m.captured(1)).toString().compare(m.captured(2), Qt::CaseInsensitive) == 0;
}

/*! PATCH /applications/{id}: only appRoles is editable here; Graph answers 204 No Content. */
Reply patchApplication(EmulatorState &s, const QString &id, const QByteArray &bytes)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return graphError(400, QStringLiteral("BadRequest"),
            QStringLiteral("Unable to read JSON request payload: %1")
                .arg(pe.error != QJsonParseError::NoError ? pe.errorString() : QStringLiteral("not an object")));
    const QJsonObject body = doc.object();
    for (auto it = body.begin(); it != body.end(); ++it)
        if (it.key() != QLatin1String("appRoles"))
            return graphError(400, QStringLiteral("Request_BadRequest"),
                QStringLiteral("The emulator's Graph edits only appRoles of an application, not '%1'.")
                    .arg(it.key().left(60)));
    Reply reply;
    reply.status = 204;
    if (!body.contains(QStringLiteral("appRoles")))
        return reply;
    QList<AppRole> roles;
    QString error;
    if (!parseAppRoles(body.value(QStringLiteral("appRoles")), QStringLiteral("appRoles"), &roles, &error))
        return graphError(400, QStringLiteral("Request_BadRequest"), QStringLiteral("Invalid value: ") + error);
    GraphRefusal refusal;
    if (!replaceAppRoles(s.scenario, id, roles, &refusal))
        return graphError(refusal.status, refusal.code, refusal.message);
    QStringList values;
    for (const AppRole &role : roles)
        values << (role.isEnabled ? role.value : role.value + QStringLiteral(" (disabled)"));
    reply.note = QStringLiteral("app roles of %1 now [%2]")
                     .arg(applicationLabel(s.scenario, id), values.join(QStringLiteral(", ")));
    return reply;
}

} // namespace

bool graph(EmulatorState &s, const Request &r, Reply *reply)
{
    if (!r.path.startsWith(QLatin1String("/v1.0/")))
        return false;
    // Authentication: a bearer token this emulator issued for Microsoft Graph.
    const QByteArray auth = r.header("Authorization");
    if (!auth.startsWith("Bearer ")) {
        *reply
            = graphError(401, QStringLiteral("InvalidAuthenticationToken"), QStringLiteral("Access token is empty."));
        reply->setHeader("WWW-Authenticate",
            QStringLiteral("Bearer realm=\"\", authorization_uri=\"%1/%2/oauth2/authorize\", "
                           "client_id=\"00000003-0000-0000-c000-000000000000\"")
                .arg(s.authority(), s.tenant())
                .toUtf8());
        return true;
    }
    const EmulatorState::Validation v
        = s.validate(auth.mid(7).trimmed(), { s.issuerV1(), s.issuerV2() }, kGraphAudiences);
    if (!v.ok) {
        *reply = graphError(401, QStringLiteral("InvalidAuthenticationToken"),
            QStringLiteral("Access token validation failure. ") + v.error);
        return true;
    }
    QStringList roles;
    for (const QJsonValue &role : v.claims.value(QStringLiteral("roles")).toArray())
        roles << role.toString();
    const bool write = r.method != "GET";
    const bool applicationWrite = write && r.path.startsWith(QLatin1String("/v1.0/applications"));
    const QStringList &needed = applicationWrite ? kApplicationWriteRoles : write ? kWriteRoles : kReadRoles;
    if (!std::any_of(needed.begin(), needed.end(), [&](const QString &n) { return roles.contains(n); })) {
        *reply = graphError(403, QStringLiteral("Authorization_RequestDenied"),
            QStringLiteral("Insufficient privileges to complete the operation."));
        reply->note = QStringLiteral("403: token roles [%1], needs one of %2")
                          .arg(roles.join(QStringLiteral(", ")), needed.join(QStringLiteral(", ")));
        return true;
    }

    Scenario &sc = s.scenario;
    QStringList parts = r.path.mid(6).split(u'/', Qt::SkipEmptyParts);
    // servicePrincipals(appId='...') addressing.
    static const QRegularExpression byAppId(QStringLiteral("^servicePrincipals\\(appId='([^']+)'\\)$"));
    if (!parts.isEmpty()) {
        const QRegularExpressionMatch m = byAppId.match(parts.first());
        if (m.hasMatch()) {
            const ServicePrincipal *sp = sc.servicePrincipalByAppId(m.captured(1));
            parts.removeFirst();
            parts.prepend(sp ? sp->id : QStringLiteral("-"));
            parts.prepend(QStringLiteral("servicePrincipals"));
        }
    }
    // Some clients encode spaces in $filter as '+' (form style); Graph accepts both.
    const QString filter = r.queryValue(QStringLiteral("$filter")).replace(u'+', u' ');
    const auto notFound = [&](const QString &id) {
        return graphError(404, QStringLiteral("Request_ResourceNotFound"),
            QStringLiteral(
                "Resource '%1' does not exist or one of its queried reference-property objects are not present.")
                .arg(id));
    };
    const auto listOf = [&](auto items, const QString &context) {
        QList<QJsonObject> list;
        bool supported = true;
        for (const auto &item : items) {
            const QJsonObject json = toGraphJson(item);
            if (filterMatches(filter, json, &supported))
                list << json;
            if (!supported)
                return graphError(400, QStringLiteral("Request_UnsupportedQuery"),
                    QStringLiteral("Unsupported query: $filter=%1").arg(filter));
        }
        return page(s, r, context, list);
    };

    if (parts.value(0) == QLatin1String("applications")) {
        if (r.method == "PATCH" && parts.size() == 2) {
            *reply = patchApplication(s, parts.at(1), r.body);
        } else if (write) {
            *reply = graphError(405, QStringLiteral("Request_BadRequest"),
                QStringLiteral("The emulator's Graph does not edit applications."));
        } else if (parts.size() == 1) {
            *reply = listOf(sc.applications, QStringLiteral("applications"));
        } else {
            const auto it = std::find_if(sc.applications.begin(), sc.applications.end(),
                [&](const Application &a) { return a.id == parts.at(1); });
            *reply = it == sc.applications.end() ? notFound(parts.at(1)) : Reply::json(200, toGraphJson(*it));
        }
        return true;
    }
    if (parts.value(0) != QLatin1String("servicePrincipals")) {
        *reply = graphError(400, QStringLiteral("BadRequest"),
            QStringLiteral("Resource not found for the segment '%1'.").arg(parts.value(0)));
        return true;
    }
    if (parts.size() == 1) {
        *reply = write ? graphError(405, QStringLiteral("Request_BadRequest"),
                     QStringLiteral("The emulator's Graph does not create service principals."))
                       : listOf(sc.servicePrincipals, QStringLiteral("servicePrincipals"));
        return true;
    }
    const ServicePrincipal *sp = sc.servicePrincipalById(parts.at(1));
    if (!sp) {
        *reply = notFound(parts.at(1));
        return true;
    }
    if (parts.size() == 2) {
        *reply = write ? graphError(405, QStringLiteral("Request_BadRequest"),
                     QStringLiteral("The emulator's Graph does not edit service principals."))
                       : Reply::json(200, toGraphJson(*sp));
        return true;
    }
    const QString nav = parts.at(2);
    const bool assignedTo = nav == QLatin1String("appRoleAssignedTo");
    if (!assignedTo && nav != QLatin1String("appRoleAssignments")) {
        *reply = graphError(
            400, QStringLiteral("BadRequest"), QStringLiteral("Resource not found for the segment '%1'.").arg(nav));
        return true;
    }
    const QString spId = sp->id;
    if (r.method == "GET" && parts.size() == 3) {
        QList<AppRoleAssignment> items;
        for (const AppRoleAssignment &a : sc.appRoleAssignments)
            if ((assignedTo ? a.resourceId : a.principalId).compare(spId, Qt::CaseInsensitive) == 0)
                items << a;
        *reply = listOf(items, QStringLiteral("servicePrincipals('%1')/%2").arg(spId, nav));
        return true;
    }
    if (r.method == "POST" && parts.size() == 3) {
        QJsonParseError pe;
        const QJsonObject body = QJsonDocument::fromJson(r.body, &pe).object();
        if (pe.error != QJsonParseError::NoError) {
            *reply = graphError(400, QStringLiteral("BadRequest"),
                QStringLiteral("Unable to read JSON request payload: %1").arg(pe.errorString()));
            return true;
        }
        const QString principalId = body.value(QStringLiteral("principalId")).toString();
        const QString resourceId = body.value(QStringLiteral("resourceId")).toString();
        const QString appRoleId = body.value(QStringLiteral("appRoleId")).toString();
        if ((assignedTo && resourceId.compare(spId, Qt::CaseInsensitive) != 0)
            || (!assignedTo && principalId.compare(spId, Qt::CaseInsensitive) != 0)) {
            *reply = graphError(400, QStringLiteral("Request_BadRequest"),
                assignedTo ? QStringLiteral("resourceId in the body must be the service principal in the URL.")
                           : QStringLiteral("principalId in the body must be the service principal in the URL."));
            return true;
        }
        AppRoleAssignment created;
        QString error;
        if (!s.addAssignment(principalId, resourceId, appRoleId, &created, &error)) {
            const bool missing = error.startsWith(QLatin1String("Resource '"));
            *reply = graphError(missing ? 404 : 400,
                missing ? QStringLiteral("Request_ResourceNotFound") : QStringLiteral("Request_BadRequest"), error);
            return true;
        }
        QJsonObject json = toGraphJson(created);
        json.insert(QStringLiteral("@odata.context"),
            QString(
                s.urlBase(r) + QStringLiteral("/v1.0/$metadata#servicePrincipals('%1')/%2/$entity").arg(spId, nav)));
        *reply = Reply::json(201, json);
        reply->note = QStringLiteral("assigned %1 to %2 on %3")
                          .arg(appRoleLabel(sc, resourceId, appRoleId), created.principalDisplayName,
                              created.resourceDisplayName);
        return true;
    }
    if (r.method == "DELETE" && parts.size() == 4) {
        const AppRoleAssignment *a = sc.assignmentById(parts.at(3));
        if (!a || (assignedTo ? a->resourceId : a->principalId).compare(spId, Qt::CaseInsensitive) != 0) {
            *reply = notFound(parts.at(3));
            return true;
        }
        const QString id = a->id;
        const QString what
            = QStringLiteral("%1 of %2 on %3")
                  .arg(appRoleLabel(sc, a->resourceId, a->appRoleId), a->principalDisplayName, a->resourceDisplayName);
        QString error;
        s.removeAssignment(id, &error);
        *reply = Reply();
        reply->status = 204;
        reply->note = QStringLiteral("removed %1 (assignment %2)").arg(what, id);
        return true;
    }
    *reply = graphError(405, QStringLiteral("Request_BadRequest"),
        QStringLiteral("Method %1 is not supported here.").arg(QString::fromLatin1(r.method)));
    return true;
}

} // namespace idex::emulator::routes
