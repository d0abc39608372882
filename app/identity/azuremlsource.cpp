#include "azuremlsource.h"

namespace idex {

QString AzureMlSource::displayName() const
{
    return QStringLiteral("Azure Machine Learning");
}

QString AzureMlSource::refusal(const IdentitySelector &identity) const
{
    if (identity.kind == IdentitySelector::Kind::ObjectId || identity.kind == IdentitySelector::Kind::ResourceId)
        return QStringLiteral("Azure Machine Learning selects an identity by client ID only (clientid).");
    return {};
}

QUrl AzureMlSource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    return QUrl(config().env("MSI_ENDPOINT"));
}

HttpTokenSource::Step AzureMlSource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("MSI_ENDPOINT is not set."),
            QStringLiteral("Run on the Azure ML compute, where MSI_ENDPOINT and MSI_SECRET are set."));
    const QByteArray secret = config().secret.isEmpty() ? config().env("MSI_SECRET").toUtf8() : config().secret;
    if (secret.isEmpty())
        return notConfigured(QStringLiteral("MSI_SECRET is not set."),
            QStringLiteral("Read MSI_SECRET from the compute's environment."));
    Query query { { QStringLiteral("api-version"), QStringLiteral("2017-09-01") },
        { QStringLiteral("resource"), request.resource } };
    // The system-assigned identity of the compute is asked for by the client ID the platform publishes.
    const QString clientId = request.identity.kind == IdentitySelector::Kind::ClientId
        ? request.identity.value.trimmed()
        : config().env("DEFAULT_IDENTITY_CLIENT_ID");
    if (!clientId.isEmpty())
        query.append({ QStringLiteral("clientid"), clientId });
    HttpRequest http = baseRequest(withQuery(url, query));
    http.setHeader("Metadata", "true");
    http.setHeader("secret", secret);
    return http;
}

} // namespace idex
