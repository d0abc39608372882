#include "cloudshellsource.h"

namespace idex {

QString CloudShellSource::displayName() const
{
    return QStringLiteral("Azure Cloud Shell");
}

QString CloudShellSource::refusal(const IdentitySelector &identity) const
{
    if (!identity.isSystemAssigned())
        return QStringLiteral("Cloud Shell issues tokens for the signed-in user only; it has no user-assigned "
                              "identity parameter.");
    return {};
}

QUrl CloudShellSource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    return QUrl(config().env("MSI_ENDPOINT"));
}

HttpTokenSource::Step CloudShellSource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("MSI_ENDPOINT is not set."),
            QStringLiteral("Run inside Azure Cloud Shell, where MSI_ENDPOINT is set."));
    HttpRequest http = baseRequest(url);
    http.method = "POST";
    http.setHeader("Metadata", "true");
    http.setHeader("Content-Type", "application/x-www-form-urlencoded");
    http.body = "resource=" + QUrl::toPercentEncoding(request.resource);
    return http;
}

} // namespace idex
