// OpenID Connect discovery (v1 and v2) and the JWKS, shaped like Entra's so that standard libraries can find the
// keys starting from a token's `iss`.
#include "emulatorstate.h"
#include "routes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idex::emulator::routes {

namespace {

QJsonObject jwks(const EmulatorState &s, bool v2)
{
    QJsonArray keys;
    for (const auto &key : s.publishedKeys)
        keys.append(QJsonDocument::fromJson(key->jwkJson(v2 ? s.issuerV2() : QString())).object());
    return { { QStringLiteral("keys"), keys } };
}

QJsonObject openIdConfiguration(const EmulatorState &s, const Request &r, const QString &tenant, bool v2)
{
    const QString base = s.urlBase(r);
    const QString t = tenant;
    const QString issuer = tenant == s.tenant() ? (v2 ? s.issuerV2() : s.issuerV1())
                                                : (v2 ? QStringLiteral("%1/{tenantid}/v2.0").arg(s.authority())
                                                      : QStringLiteral("https://sts.windows.net/{tenantid}/"));
    const QString oauth
        = v2 ? QStringLiteral("%1/%2/oauth2/v2.0").arg(base, t) : QStringLiteral("%1/%2/oauth2").arg(base, t);
    return { { QStringLiteral("issuer"), issuer },
        { QStringLiteral("authorization_endpoint"), QString(oauth + QStringLiteral("/authorize")) },
        { QStringLiteral("token_endpoint"), QString(oauth + QStringLiteral("/token")) },
        { QStringLiteral("jwks_uri"),
            v2 ? QStringLiteral("%1/%2/discovery/v2.0/keys").arg(base, t)
               : QStringLiteral("%1/common/discovery/keys").arg(base) },
        { QStringLiteral("response_types_supported"),
            QJsonArray { QStringLiteral("code"), QStringLiteral("id_token"), QStringLiteral("code id_token"),
                QStringLiteral("token id_token"), QStringLiteral("token") } },
        { QStringLiteral("response_modes_supported"),
            QJsonArray { QStringLiteral("query"), QStringLiteral("fragment"), QStringLiteral("form_post") } },
        { QStringLiteral("subject_types_supported"), QJsonArray { QStringLiteral("pairwise") } },
        { QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray { QStringLiteral("RS256") } },
        { QStringLiteral("token_endpoint_auth_methods_supported"),
            QJsonArray { QStringLiteral("client_secret_post"), QStringLiteral("private_key_jwt"),
                QStringLiteral("client_secret_basic") } },
        { QStringLiteral("scopes_supported"),
            QJsonArray { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                QStringLiteral("offline_access") } },
        { QStringLiteral("claims_supported"),
            QJsonArray { QStringLiteral("sub"), QStringLiteral("iss"), QStringLiteral("aud"), QStringLiteral("exp"),
                QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("oid"), QStringLiteral("tid"),
                QStringLiteral("ver"), QStringLiteral("roles") } },
        { QStringLiteral("tenant_region_scope"), QStringLiteral("WW") },
        { QStringLiteral("cloud_instance_name"), QStringLiteral("idex-emulator") },
        { QStringLiteral("cloud_graph_host_name"), base }, { QStringLiteral("msgraph_host"), base },
        { QStringLiteral("rbac_url"), base } };
}

} // namespace

bool discovery(EmulatorState &s, const Request &r, Reply *reply)
{
    const QStringList parts = r.path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return false;
    const QString tenant = parts.first();
    const QString rest = r.path.mid(tenant.size() + 1);
    const bool knownTenant = tenant.compare(s.tenant(), Qt::CaseInsensitive) == 0 || tenant == QLatin1String("common")
        || tenant == QLatin1String("organizations") || tenant == s.scenario.tenantDomain;
    const QString t = tenant.compare(s.tenant(), Qt::CaseInsensitive) == 0 || tenant == s.scenario.tenantDomain
        ? s.tenant()
        : tenant;
    bool v2 = false;
    if (rest == QLatin1String("/.well-known/openid-configuration"))
        v2 = false;
    else if (rest == QLatin1String("/v2.0/.well-known/openid-configuration"))
        v2 = true;
    else if (rest == QLatin1String("/discovery/keys") || rest == QLatin1String("/discovery/v2.0/keys")) {
        if (!knownTenant) {
            *reply = s.entraError(400, QStringLiteral("invalid_tenant"), 90002,
                QStringLiteral("AADSTS90002: Tenant '%1' not found.").arg(tenant));
            return true;
        }
        *reply = Reply::json(200, jwks(s, rest.contains(QLatin1String("v2.0"))));
        reply->setHeader("Cache-Control", "max-age=86400, private");
        return true;
    } else {
        return false;
    }
    if (!knownTenant) {
        *reply = s.entraError(400, QStringLiteral("invalid_tenant"), 90002,
            QStringLiteral("AADSTS90002: Tenant '%1' not found.").arg(tenant));
        return true;
    }
    *reply = Reply::json(200, openIdConfiguration(s, r, t, v2));
    reply->setHeader("Cache-Control", "max-age=86400, private");
    return true;
}

} // namespace idex::emulator::routes
