// The scenario's protected functions, behind App Service Authentication ("Easy Auth") as configured in the scenario,
// then the function's own role check, like the classic walkthrough's function.
#include "emulatorstate.h"
#include "routes.h"
#include "scenarionames.h"

#include <QJsonArray>

namespace idex::emulator::routes {

namespace {

QStringList issuersFor(const EmulatorState &s, const ProtectedFunction &f)
{
    if (f.issuer == QLatin1String("v1"))
        return { s.issuerV1() };
    if (f.issuer == QLatin1String("v2"))
        return { s.issuerV2() };
    return { s.issuerV1(), s.issuerV2() };
}

Reply unauthorized(const EmulatorState &s, const ProtectedFunction &f, const QString &error)
{
    QByteArray challenge
        = QStringLiteral("Bearer realm=\"%1\" authorization_uri=\"%2/%3/oauth2/v2.0/authorize\" resource_id=\"%4\"")
              .arg(f.realm, s.authority(), s.tenant(), f.appId)
              .toUtf8();
    if (!error.isEmpty()) {
        // The description echoes the caller's token (its kid, aud, iss): quotes and control characters stay out.
        QString description = error;
        description.replace(u'"', u'\'');
        for (QChar &c : description)
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                c = u' ';
        challenge += ", error=\"invalid_token\", error_description=\"" + description.toUtf8() + '"';
    }
    Reply r = Reply::text(401, "You do not have permission to view this directory or page.");
    r.setHeader("WWW-Authenticate", challenge);
    r.note = error.isEmpty() ? QStringLiteral("no bearer token") : error;
    return r;
}

} // namespace

bool functions(EmulatorState &s, const Request &r, Reply *reply)
{
    const bool authMe = r.path == QLatin1String("/.auth/me");
    const ProtectedFunction *f = authMe ? (s.scenario.functions.isEmpty() ? nullptr : &s.scenario.functions.first())
                                        : s.scenario.functionByPath(r.path);
    if (!f) {
        if (!r.path.startsWith(QLatin1String("/api/")) && !authMe)
            return false;
        *reply = Reply::text(404, "No function is deployed at this path in the scenario.\n");
        return true;
    }
    const QByteArray auth = r.header("Authorization");
    if (!auth.startsWith("Bearer ") && !auth.startsWith("bearer ")) {
        *reply = unauthorized(s, *f, {});
        return true;
    }
    const EmulatorState::Validation v = s.validate(auth.mid(7).trimmed(), issuersFor(s, *f), f->allowedAudiences);
    if (!v.ok) {
        *reply = unauthorized(s, *f, v.error);
        return true;
    }
    const QString caller = v.claims.contains(QStringLiteral("appid"))
        ? v.claims.value(QStringLiteral("appid")).toString()
        : v.claims.value(QStringLiteral("azp")).toString();
    if (!f->allowedApplications.isEmpty() && !f->allowedApplications.contains(caller, Qt::CaseInsensitive)) {
        *reply = Reply::json(403,
            QJsonObject { { QStringLiteral("error"), QStringLiteral("application_not_allowed") },
                { QStringLiteral("message"),
                    QStringLiteral(
                        "The application %1 is not in the allowed applications of %2's authentication settings.")
                        .arg(caller, f->name) } });
        reply->note = QStringLiteral("403 application %1 not allowed").arg(callerLabel(s.scenario, caller));
        return true;
    }
    QStringList roles;
    for (const QJsonValue &role : v.claims.value(QStringLiteral("roles")).toArray())
        roles << role.toString();
    if (authMe) {
        QJsonArray userClaims;
        for (auto it = v.claims.begin(); it != v.claims.end(); ++it)
            userClaims.append(QJsonObject { { QStringLiteral("typ"), it.key() },
                { QStringLiteral("val"), it.value().isArray() ? QString() : it.value().toVariant().toString() } });
        for (const QString &role : roles)
            userClaims.append(
                QJsonObject { { QStringLiteral("typ"), QStringLiteral("roles") }, { QStringLiteral("val"), role } });
        *reply = Reply::json(200,
            QJsonArray { QJsonObject { { QStringLiteral("provider_name"), QStringLiteral("aad") },
                { QStringLiteral("user_id"), v.claims.value(QStringLiteral("oid")).toString() },
                { QStringLiteral("user_claims"), userClaims } } });
        return true;
    }
    QStringList missing;
    for (const QString &required : f->requiredRoles)
        if (!roles.contains(required))
            missing << required;
    if (!missing.isEmpty()) {
        *reply = Reply::json(403,
            QJsonObject { { QStringLiteral("error"), QStringLiteral("missing_role") },
                { QStringLiteral("message"),
                    QStringLiteral("The caller does not hold the app role '%1' required by %2.")
                        .arg(missing.join(QStringLiteral("', '")), f->path) },
                { QStringLiteral("requiredRoles"), QJsonArray::fromStringList(f->requiredRoles) },
                { QStringLiteral("missingRoles"), QJsonArray::fromStringList(missing) },
                { QStringLiteral("tokenRoles"), QJsonArray::fromStringList(roles) },
                { QStringLiteral("caller"), caller } });
        reply->note = QStringLiteral("403 %1 lacks the role %2")
                          .arg(callerLabel(s.scenario, caller), missing.join(QStringLiteral(", ")));
        return true;
    }
    *reply = Reply::json(200,
        QJsonObject { { QStringLiteral("function"), f->name },
            { QStringLiteral("message"),
                QStringLiteral("Hello from %1: the caller holds %2.")
                    .arg(f->name,
                        f->requiredRoles.isEmpty() ? QStringLiteral("a valid token")
                                                   : f->requiredRoles.join(QStringLiteral(", "))) },
            { QStringLiteral("caller"), caller }, { QStringLiteral("claims"), v.claims } });
    reply->note = QStringLiteral("200 for %1").arg(callerLabel(s.scenario, caller));
    return true;
}

} // namespace idex::emulator::routes
