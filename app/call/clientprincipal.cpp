#include "clientprincipal.h"

#include "net/base64url.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace idex {

namespace {

struct ClaimAlias
{
    QLatin1StringView longType;
    QLatin1StringView shortType;
};

// Easy Auth maps these JWT claims to the WS-Federation / Microsoft claim URIs.
constexpr ClaimAlias kAliases[] = {
    { QLatin1StringView("http://schemas.microsoft.com/identity/claims/tenantid"), QLatin1StringView("tid") },
    { QLatin1StringView("http://schemas.microsoft.com/identity/claims/objectidentifier"), QLatin1StringView("oid") },
    { QLatin1StringView("http://schemas.microsoft.com/identity/claims/identityprovider"), QLatin1StringView("idp") },
    { QLatin1StringView("http://schemas.microsoft.com/identity/claims/scope"), QLatin1StringView("scp") },
    { QLatin1StringView("http://schemas.microsoft.com/ws/2008/06/identity/claims/role"), QLatin1StringView("roles") },
    { QLatin1StringView("http://schemas.microsoft.com/ws/2008/06/identity/claims/authenticationmethod"),
        QLatin1StringView("amr") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"),
        QLatin1StringView("sub") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"),
        QLatin1StringView("unique_name") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"), QLatin1StringView("upn") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"),
        QLatin1StringView("email") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"),
        QLatin1StringView("given_name") },
    { QLatin1StringView("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"),
        QLatin1StringView("family_name") },
};

constexpr qsizetype kMaxInput = 256 * 1024;

void readClaims(const QJsonArray &array, ClientPrincipal &principal)
{
    for (const QJsonValue &item : array) {
        const QJsonObject claim = item.toObject();
        const QString type = claim.value(QLatin1String("typ")).toString();
        if (type.isEmpty())
            continue;
        principal.claims.append({ type, claim.value(QLatin1String("val")).toVariant().toString() });
    }
}

} // namespace

QString shortClaimType(const QString &type)
{
    for (const ClaimAlias &alias : kAliases) {
        if (type.compare(alias.longType, Qt::CaseInsensitive) == 0)
            return alias.shortType;
    }
    return type;
}

QStringList ClientPrincipal::values(const QString &type) const
{
    QStringList out;
    for (const auto &[claimType, value] : claims) {
        if (claimType.compare(type, Qt::CaseInsensitive) == 0 || shortClaimType(claimType) == type)
            out.append(value);
    }
    return out;
}

QStringList ClientPrincipal::roles() const
{
    QStringList out = values(QStringLiteral("roles"));
    if (!roleType.isEmpty() && roleType != QLatin1String("roles")) {
        for (const QString &role : values(roleType)) {
            if (!out.contains(role))
                out.append(role);
        }
    }
    return out;
}

ClientPrincipalResult decodeClientPrincipal(QByteArrayView value)
{
    ClientPrincipalResult result;
    if (value.size() > kMaxInput) {
        result.error
            = QStringLiteral("The value is %1 bytes long, larger than any client principal.").arg(value.size());
        return result;
    }
    QByteArray text = value.toByteArray().simplified().replace(' ', "");
    if (text.isEmpty()) {
        result.error = QStringLiteral("The value is empty.");
        return result;
    }
    // Easy Auth writes standard base64; some proxies re-encode it as base64url. Either is accepted.
    const auto decoded
        = QByteArray::fromBase64Encoding(text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    bool isBase64Url = false;
    const QByteArray bytes = decoded ? *decoded : fromBase64Url(text, &isBase64Url);
    if (!decoded && !isBase64Url) {
        result.error = QStringLiteral("The value is not Base64: X-MS-CLIENT-PRINCIPAL holds Base64-encoded JSON.");
        return result;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        result.error
            = QStringLiteral("The value decodes to something that is not a JSON object (%1).")
                  .arg(error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not an object"));
        return result;
    }
    const QJsonObject object = document.object();
    if (!object.value(QLatin1String("claims")).isArray()) {
        result.error = QStringLiteral("The JSON has no \"claims\" array: it is not a client principal.");
        return result;
    }
    result.principal.authType = object.value(QLatin1String("auth_typ")).toString();
    result.principal.nameType = object.value(QLatin1String("name_typ")).toString();
    result.principal.roleType = object.value(QLatin1String("role_typ")).toString();
    readClaims(object.value(QLatin1String("claims")).toArray(), result.principal);
    return result;
}

ClientPrincipalResult parseAuthMe(const QByteArray &body)
{
    ClientPrincipalResult result;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body.left(kMaxInput), &error);
    if (error.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("/.auth/me did not answer JSON (%1).").arg(error.errorString());
        return result;
    }
    // /.auth/me answers an array with one entry per provider; an object is accepted too.
    const QJsonObject entry = document.isArray() ? document.array().at(0).toObject() : document.object();
    if (entry.isEmpty()) {
        result.error = QStringLiteral("/.auth/me returned no principal: the call was not authenticated.");
        return result;
    }
    result.principal.authType = entry.value(QLatin1String("provider_name")).toString();
    result.principal.userId = entry.value(QLatin1String("user_id")).toString();
    result.principal.nameType = entry.value(QLatin1String("name_typ")).toString();
    result.principal.roleType = entry.value(QLatin1String("role_typ")).toString();
    readClaims(entry.value(QLatin1String("user_claims")).toArray(), result.principal);
    return result;
}

HttpRequest authMeRequest(const QUrl &appUrl, const QString &bearerToken)
{
    HttpRequest request;
    QUrl url = appUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    url.setPath(QStringLiteral("/.auth/me"));
    request.url = url;
    request.setHeader("Accept", "application/json");
    if (!bearerToken.isEmpty())
        request.setHeader("Authorization", "Bearer " + bearerToken.toLatin1());
    return request;
}

} // namespace idex
