#include "appservicesource.h"

namespace idex {

QString AppServiceSource::displayName() const
{
    return QStringLiteral("App Service / Functions (2019-08-01)");
}

QString AppServiceSource::refusal(const IdentitySelector &) const
{
    return {}; // client_id, principal_id and mi_res_id
}

QUrl AppServiceSource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    return QUrl(config().env("IDENTITY_ENDPOINT"));
}

HttpTokenSource::Step AppServiceSource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("IDENTITY_ENDPOINT is not set."),
            QStringLiteral("Run inside the App Service / Functions process (Kudu console or SSH), "
                           "where the platform sets IDENTITY_ENDPOINT and IDENTITY_HEADER, or give "
                           "the endpoint and secret explicitly."));
    const QByteArray secret = config().secret.isEmpty() ? config().env("IDENTITY_HEADER").toUtf8() : config().secret;
    if (secret.isEmpty())
        return notConfigured(QStringLiteral("IDENTITY_HEADER is not set: App Service refuses requests without it."),
            QStringLiteral("Read IDENTITY_HEADER from the app's own environment (it rotates)."));
    Query query { { QStringLiteral("api-version"), QStringLiteral("2019-08-01") },
        { QStringLiteral("resource"), request.resource } };
    addIdentity(query, request.identity, QStringLiteral("client_id"), QStringLiteral("principal_id"),
        QStringLiteral("mi_res_id"));
    HttpRequest http = baseRequest(withQuery(url, query));
    http.setHeader("X-IDENTITY-HEADER", secret);
    return http;
}

} // namespace idex
