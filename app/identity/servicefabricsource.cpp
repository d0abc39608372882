#include "servicefabricsource.h"

namespace idex {

QString ServiceFabricSource::displayName() const
{
    return QStringLiteral("Service Fabric");
}

QString ServiceFabricSource::refusal(const IdentitySelector &identity) const
{
    if (!identity.isSystemAssigned())
        return QStringLiteral("Service Fabric gives the identity declared in the application manifest; it cannot be "
                              "selected per request. Change the manifest's identity mapping instead.");
    return {};
}

QUrl ServiceFabricSource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    return QUrl(config().env("IDENTITY_ENDPOINT"));
}

HttpTokenSource::Step ServiceFabricSource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("IDENTITY_ENDPOINT is not set."),
            QStringLiteral("Run inside the Service Fabric service, where IDENTITY_ENDPOINT, "
                           "IDENTITY_HEADER and IDENTITY_SERVER_THUMBPRINT are set."));
    const QByteArray secret = config().secret.isEmpty() ? config().env("IDENTITY_HEADER").toUtf8() : config().secret;
    if (secret.isEmpty())
        return notConfigured(QStringLiteral("IDENTITY_HEADER is not set."),
            QStringLiteral("Read IDENTITY_HEADER from the service's environment."));
    const QByteArray thumbprint
        = config().thumbprint.isEmpty() ? config().env("IDENTITY_SERVER_THUMBPRINT").toLatin1() : config().thumbprint;
    Query query { { QStringLiteral("api-version"), QStringLiteral("2019-07-01-preview") },
        { QStringLiteral("resource"), request.resource } };
    HttpRequest http = baseRequest(withQuery(url, query));
    http.setHeader("secret", secret);
    // The endpoint's certificate is self-signed: accepted only when its thumbprint is the one the platform published.
    http.pinnedSha1Thumbprint = thumbprint;
    return http;
}

} // namespace idex
