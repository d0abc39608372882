#include "callanalysis.h"

#include "responsebody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace idex {

namespace {

// App Service Authentication's fixed refusal text (401 and policy 403).
constexpr QLatin1StringView kEasyAuthText("You do not have permission to view this directory or page");

QString jsonString(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString();
    if (value.isObject()) // {"error": {"code": "...", "message": "..."}}
        return value.toObject().value(QLatin1String("message")).toString();
    return {};
}

QString messageFromJson(const QJsonObject &json)
{
    for (const auto key : { QLatin1StringView("error_description"), QLatin1StringView("message"),
             QLatin1StringView("detail"), QLatin1StringView("error"), QLatin1StringView("title") }) {
        const QString text = jsonString(json, key);
        if (!text.isEmpty())
            return text;
    }
    return {};
}

QString textFromHtml(const QString &html)
{
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QString text = html.left(16 * 1024);
    static const QRegularExpression scripts(QStringLiteral("<(script|style)[^>]*>.*?</\\1>"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    text.remove(scripts);
    text.replace(tags, QStringLiteral(" "));
    text.replace(spaces, QStringLiteral(" "));
    return text.trimmed();
}

void appendRoles(QStringList &roles, const QJsonValue &value)
{
    if (value.isString() && !value.toString().isEmpty() && !roles.contains(value.toString())) {
        roles.append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            appendRoles(roles, item);
    }
}

QStringList rolesFromJson(const QJsonObject &json)
{
    QStringList roles;
    for (const auto key : { QLatin1StringView("requiredRoles"), QLatin1StringView("requiredRole"),
             QLatin1StringView("missingRoles"), QLatin1StringView("missingRole"), QLatin1StringView("required_roles"),
             QLatin1StringView("missing_roles") }) {
        appendRoles(roles, json.value(key));
        if (json.value(QLatin1String("error")).isObject())
            appendRoles(roles, json.value(QLatin1String("error")).toObject().value(key));
    }
    return roles;
}

// "requires the app role 'DoAll'", "missing role \"DoAll\"", "roles: DoAll"
QStringList rolesFromText(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\broles?\\b[^'\"“‘\\n]{0,40}['\"“‘]([A-Za-z0-9_.:/\\-]{1,100})['\"”’]"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList roles;
    auto it = pattern.globalMatch(QStringView(text).left(8192));
    while (it.hasNext() && roles.size() < 8) {
        const QString role = it.next().captured(1);
        if (!roles.contains(role))
            roles.append(role);
    }
    return roles;
}

AuthChallenges challengesOf(const HttpResponse &response)
{
    AuthChallenges out;
    for (const auto &[name, value] : response.headers) {
        if (name.compare("www-authenticate", Qt::CaseInsensitive) == 0)
            out += parseWwwAuthenticate(value);
    }
    return out;
}

} // namespace

QString responderName(Responder responder)
{
    switch (responder) {
    case Responder::Unknown: return QStringLiteral("unknown");
    case Responder::EasyAuth: return QStringLiteral("easy-auth");
    case Responder::AspNetCore: return QStringLiteral("aspnetcore");
    case Responder::App: return QStringLiteral("app");
    }
    return {};
}

CallResult analyzeCall(const HttpExchange &exchange)
{
    CallResult result;
    result.exchange = exchange;
    const HttpResponse &response = exchange.response;
    result.finishedAt = exchange.startedAt.isValid() ? exchange.startedAt.addMSecs(response.elapsedMs)
                                                     : QDateTime::currentDateTimeUtc();
    if (!response.answered())
        return result;

    result.challenges = challengesOf(response);
    result.bodyKind = classifyBody(response.body, response.header("Content-Type"));
    if (result.bodyKind == BodyKind::Json)
        result.json = QJsonDocument::fromJson(response.body).object();

    const AuthChallenge *bearer = result.bearerChallenge();
    if (bearer) {
        result.announcedAudience = bearer->resourceId();
        if (result.announcedAudience.isEmpty())
            result.announcedAudience = bearer->param(u"resource");
    }

    const bool refused = response.status == 401 || response.status == 403;
    if (response.isSuccess())
        return result;

    // The server's own words, most specific source first.
    if (bearer && !bearer->errorDescription().isEmpty())
        result.serverMessage = bearer->errorDescription();
    if (result.serverMessage.isEmpty() && !result.json.isEmpty())
        result.serverMessage = messageFromJson(result.json);
    if (result.serverMessage.isEmpty() && result.bodyKind == BodyKind::Text)
        result.serverMessage = QString::fromUtf8(response.body.left(2048)).trimmed();
    if (result.serverMessage.isEmpty() && result.bodyKind == BodyKind::Html)
        result.serverMessage = textFromHtml(QString::fromUtf8(response.body)).left(500);

    QString evidence = result.serverMessage;
    for (const AuthChallenge &challenge : std::as_const(result.challenges))
        evidence += u'\n' + challenge.toString();
    if (result.bodyKind == BodyKind::Text || result.bodyKind == BodyKind::Json || result.bodyKind == BodyKind::Html)
        evidence += u'\n' + QString::fromUtf8(response.body.left(64 * 1024));
    result.identityModelCodes = findIdentityModelCodes(evidence);

    result.requiredRoles = rolesFromJson(result.json);
    if (result.requiredRoles.isEmpty() && response.status == 403)
        result.requiredRoles = rolesFromText(result.serverMessage);

    if (!refused)
        return result;

    // Who answered: Easy Auth's challenge names the authorization_uri and resource_id but no error.
    const bool easyAuthText = QString::fromUtf8(response.body.left(4096)).contains(kEasyAuthText, Qt::CaseInsensitive);
    const bool easyAuthChallenge = bearer && !bearer->authorizationUri().isEmpty() && !bearer->hasParam(u"error");
    if (easyAuthText || easyAuthChallenge || !response.header("x-ms-middleware-request-id").isEmpty())
        result.responder = Responder::EasyAuth;
    else if ((bearer && bearer->hasParam(u"error")) || !result.identityModelCodes.isEmpty())
        result.responder = Responder::AspNetCore;
    else if (!result.json.isEmpty() || !result.requiredRoles.isEmpty())
        result.responder = Responder::App;

    // What was wrong, from the most precise evidence to the least.
    AuthFailureKind kind = AuthFailureKind::None;
    for (const QString &code : std::as_const(result.identityModelCodes)) {
        kind = identityModelCodeKind(code);
        if (kind != AuthFailureKind::None)
            break;
    }
    if (kind == AuthFailureKind::None)
        kind = classifyAuthText(result.serverMessage);
    if (kind == AuthFailureKind::None && bearer) {
        if (bearer->error() == QLatin1String("insufficient_scope"))
            kind = AuthFailureKind::InsufficientScope;
        else if (bearer->error() == QLatin1String("invalid_token"))
            kind = AuthFailureKind::InvalidToken;
    }
    if (kind == AuthFailureKind::None && response.status == 401 && result.sentBearerToken().isEmpty())
        kind = AuthFailureKind::MissingToken;
    if (kind == AuthFailureKind::None && response.status == 403 && !result.requiredRoles.isEmpty())
        kind = AuthFailureKind::RoleMissing;
    if (kind == AuthFailureKind::None && response.status == 403 && result.responder == Responder::EasyAuth)
        kind = AuthFailureKind::PolicyDenied;
    result.failureKind = kind;
    return result;
}

} // namespace idex
