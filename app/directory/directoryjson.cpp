#include "directoryjson.h"

#include <QJsonArray>

namespace idex::directoryjson {

namespace {
QStringList strings(const QJsonValue &value)
{
    QStringList result;
    const QJsonArray array = value.toArray();
    result.reserve(array.size());
    for (const QJsonValue &v : array)
        result.append(v.toString());
    return result;
}

QJsonArray array(const QStringList &list)
{
    QJsonArray result;
    for (const QString &s : list)
        result.append(s);
    return result;
}

QList<AppRole> roles(const QJsonValue &value)
{
    QList<AppRole> result;
    const QJsonArray array = value.toArray();
    result.reserve(array.size());
    for (const QJsonValue &v : array)
        result.append(appRoleFromJson(v.toObject()));
    return result;
}

QJsonArray rolesArray(const QList<AppRole> &list)
{
    QJsonArray result;
    for (const AppRole &r : list)
        result.append(toJson(r));
    return result;
}

QString str(const QJsonObject &json, QLatin1String name)
{
    return json.value(name).toString();
}

// "2024-05-01T12:30:00.000Z", the shape toJson writes (and so every snapshot): read directly, as QDateTime's ISO
// parser was a tenth of a snapshot's load. Any other text, or a date or time that does not exist, returns an invalid
// QDateTime and the caller's general path reads it as before; a valid result is the one that path gives.
QDateTime canonicalUtc(const QString &text)
{
    if (text.size() != 24)
        return {};
    const QChar *c = text.constData();
    static constexpr char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    for (int i = 0; i < 24; ++i) {
        const char16_t u = c[i].unicode();
        if (shape[i] == 'd' ? char16_t(u - u'0') > 9 : u != char16_t(shape[i]))
            return {};
    }
    const auto number = [c](int from, int digits) {
        int n = 0;
        for (int i = from; i < from + digits; ++i)
            n = n * 10 + (c[i].unicode() - u'0');
        return n;
    };
    const QDate date(number(0, 4), number(5, 2), number(8, 2));
    const QTime time(number(11, 2), number(14, 2), number(17, 2), number(20, 3));
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}
} // namespace

AppRole appRoleFromJson(const QJsonObject &json)
{
    AppRole role;
    role.id = str(json, QLatin1String("id"));
    role.value = str(json, QLatin1String("value"));
    role.displayName = str(json, QLatin1String("displayName"));
    role.description = str(json, QLatin1String("description"));
    role.allowedMemberTypes = strings(json.value(QLatin1String("allowedMemberTypes")));
    role.isEnabled = json.value(QLatin1String("isEnabled")).toBool(true);
    return role;
}

Application applicationFromJson(const QJsonObject &json)
{
    Application app;
    app.id = str(json, QLatin1String("id"));
    app.appId = str(json, QLatin1String("appId"));
    app.displayName = str(json, QLatin1String("displayName"));
    app.identifierUris = strings(json.value(QLatin1String("identifierUris")));
    app.appRoles = roles(json.value(QLatin1String("appRoles")));
    const QJsonValue version
        = json.value(QLatin1String("api")).toObject().value(QLatin1String("requestedAccessTokenVersion"));
    if (version.isDouble())
        app.requestedAccessTokenVersion = version.toInt();
    return app;
}

ServicePrincipal servicePrincipalFromJson(const QJsonObject &json)
{
    ServicePrincipal sp;
    // One pass over the members, as assignmentFromJson (a lookup per field was most of this function's time).
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("id"))
            sp.id = it.value().toString();
        else if (key == QLatin1String("appId"))
            sp.appId = it.value().toString();
        else if (key == QLatin1String("displayName"))
            sp.displayName = it.value().toString();
        else if (key == QLatin1String("servicePrincipalType"))
            sp.servicePrincipalType = it.value().toString();
        else if (key == QLatin1String("alternativeNames"))
            sp.alternativeNames = strings(it.value());
        else if (key == QLatin1String("servicePrincipalNames"))
            sp.servicePrincipalNames = strings(it.value());
        else if (key == QLatin1String("appRoles"))
            sp.appRoles = roles(it.value());
        else if (key == QLatin1String("appRoleAssignmentRequired"))
            sp.appRoleAssignmentRequired = it.value().toBool(false);
        else if (key == QLatin1String("appOwnerOrganizationId"))
            sp.appOwnerOrganizationId = it.value().toString();
    }
    return sp;
}

AppRoleAssignment assignmentFromJson(const QJsonObject &json)
{
    AppRoleAssignment a;
    QString created;
    // One pass over the members rather than one lookup per field: each lookup is a binary search comparing keys,
    // about 900 instructions, 8 of them per assignment were a sixth of a large snapshot's load. A member that is
    // not a field is skipped, a missing one stays empty (as a lookup gives), and keys are unique in a QJsonObject.
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString key = it.key();
        QString *field = nullptr;
        if (key == QLatin1String("id"))
            field = &a.id;
        else if (key == QLatin1String("appRoleId"))
            field = &a.appRoleId;
        else if (key == QLatin1String("principalId"))
            field = &a.principalId;
        else if (key == QLatin1String("principalType"))
            field = &a.principalType;
        else if (key == QLatin1String("principalDisplayName"))
            field = &a.principalDisplayName;
        else if (key == QLatin1String("resourceId"))
            field = &a.resourceId;
        else if (key == QLatin1String("resourceDisplayName"))
            field = &a.resourceDisplayName;
        else if (key == QLatin1String("createdDateTime"))
            field = &created;
        if (field)
            *field = it.value().toString();
    }
    if (!created.isEmpty()) {
        a.createdDateTime = canonicalUtc(created);
        if (!a.createdDateTime.isValid())
            a.createdDateTime = QDateTime::fromString(created, Qt::ISODateWithMs);
        if (!a.createdDateTime.isValid())
            a.createdDateTime = QDateTime::fromString(created, Qt::ISODate);
        // Graph writes 7 fractional digits ("...59.8643039Z"), which Qt's ISO parser refuses: cut to milliseconds.
        if (!a.createdDateTime.isValid()) {
            const qsizetype dot = created.indexOf(u'.');
            if (dot > 0)
                a.createdDateTime = QDateTime::fromString(created.left(dot + 4) + QLatin1Char('Z'), Qt::ISODateWithMs);
        }
        a.createdDateTime = a.createdDateTime.toUTC();
    }
    return a;
}

OAuth2PermissionGrant grantFromJson(const QJsonObject &json)
{
    OAuth2PermissionGrant g;
    g.id = str(json, QLatin1String("id"));
    g.clientId = str(json, QLatin1String("clientId"));
    g.consentType = str(json, QLatin1String("consentType"));
    g.principalId = str(json, QLatin1String("principalId"));
    g.resourceId = str(json, QLatin1String("resourceId"));
    g.scope = str(json, QLatin1String("scope"));
    return g;
}

QJsonObject toJson(const AppRole &role)
{
    return QJsonObject {
        { QStringLiteral("id"), role.id },
        { QStringLiteral("value"), role.value },
        { QStringLiteral("displayName"), role.displayName },
        { QStringLiteral("description"), role.description },
        { QStringLiteral("allowedMemberTypes"), array(role.allowedMemberTypes) },
        { QStringLiteral("isEnabled"), role.isEnabled },
    };
}

QJsonObject toJson(const Application &application)
{
    QJsonObject json {
        { QStringLiteral("id"), application.id },
        { QStringLiteral("appId"), application.appId },
        { QStringLiteral("displayName"), application.displayName },
        { QStringLiteral("identifierUris"), array(application.identifierUris) },
        { QStringLiteral("appRoles"), rolesArray(application.appRoles) },
    };
    QJsonObject api;
    if (application.requestedAccessTokenVersion)
        api.insert(QStringLiteral("requestedAccessTokenVersion"), *application.requestedAccessTokenVersion);
    else
        api.insert(QStringLiteral("requestedAccessTokenVersion"), QJsonValue::Null);
    json.insert(QStringLiteral("api"), api);
    return json;
}

QJsonObject toJson(const ServicePrincipal &sp)
{
    QJsonObject json {
        { QStringLiteral("id"), sp.id },
        { QStringLiteral("appId"), sp.appId },
        { QStringLiteral("displayName"), sp.displayName },
        { QStringLiteral("servicePrincipalType"), sp.servicePrincipalType },
        { QStringLiteral("alternativeNames"), array(sp.alternativeNames) },
        { QStringLiteral("servicePrincipalNames"), array(sp.servicePrincipalNames) },
        { QStringLiteral("appRoles"), rolesArray(sp.appRoles) },
        { QStringLiteral("appRoleAssignmentRequired"), sp.appRoleAssignmentRequired },
    };
    if (!sp.appOwnerOrganizationId.isEmpty())
        json.insert(QStringLiteral("appOwnerOrganizationId"), sp.appOwnerOrganizationId);
    return json;
}

QJsonObject toJson(const AppRoleAssignment &a)
{
    QJsonObject json {
        { QStringLiteral("id"), a.id },
        { QStringLiteral("appRoleId"), a.appRoleId },
        { QStringLiteral("principalId"), a.principalId },
        { QStringLiteral("principalType"), a.principalType },
        { QStringLiteral("principalDisplayName"), a.principalDisplayName },
        { QStringLiteral("resourceId"), a.resourceId },
        { QStringLiteral("resourceDisplayName"), a.resourceDisplayName },
    };
    if (a.createdDateTime.isValid())
        json.insert(QStringLiteral("createdDateTime"), a.createdDateTime.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

QJsonObject toJson(const OAuth2PermissionGrant &g)
{
    return QJsonObject {
        { QStringLiteral("id"), g.id },
        { QStringLiteral("clientId"), g.clientId },
        { QStringLiteral("consentType"), g.consentType },
        { QStringLiteral("principalId"),
            g.principalId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(g.principalId) },
        { QStringLiteral("resourceId"), g.resourceId },
        { QStringLiteral("scope"), g.scope },
    };
}

} // namespace idex::directoryjson
