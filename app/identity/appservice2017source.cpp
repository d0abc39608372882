#include "appservice2017source.h"

namespace idex {

QString AppService2017Source::displayName() const
{
    return QStringLiteral("App Service legacy (2017-09-01)");
}

QString AppService2017Source::refusal(const IdentitySelector &identity) const
{
    if (identity.kind == IdentitySelector::Kind::ObjectId || identity.kind == IdentitySelector::Kind::ResourceId)
        return QStringLiteral("api-version 2017-09-01 selects a user-assigned identity by client ID only (clientid). "
                              "Use App Service 2019-08-01 to select by object or resource ID.");
    return {};
}

QUrl AppService2017Source::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    return QUrl(config().env("MSI_ENDPOINT"));
}

HttpTokenSource::Step AppService2017Source::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("MSI_ENDPOINT is not set."),
            QStringLiteral("Run inside the app's process, where the platform sets MSI_ENDPOINT and "
                           "MSI_SECRET, or give the endpoint and secret explicitly."));
    const QByteArray secret = config().secret.isEmpty() ? config().env("MSI_SECRET").toUtf8() : config().secret;
    if (secret.isEmpty())
        return notConfigured(QStringLiteral("MSI_SECRET is not set: the 2017 endpoint refuses requests without it."),
            QStringLiteral("Read MSI_SECRET from the app's own environment."));
    Query query { { QStringLiteral("api-version"), QStringLiteral("2017-09-01") },
        { QStringLiteral("resource"), request.resource } };
    addIdentity(query, request.identity, QStringLiteral("clientid"), {}, {});
    HttpRequest http = baseRequest(withQuery(url, query));
    http.setHeader("secret", secret);
    return http;
}

} // namespace idex
