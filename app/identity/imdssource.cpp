#include "imdssource.h"

namespace idex {

namespace {
const QString kTokenPath = QStringLiteral("/metadata/identity/oauth2/token");
} // namespace

QString ImdsSource::displayName() const
{
    return QStringLiteral("Azure IMDS (VM / VMSS)");
}

QString ImdsSource::refusal(const IdentitySelector &) const
{
    return {}; // client_id, object_id and msi_res_id are all supported
}

QUrl ImdsSource::tokenUrl() const
{
    // A base URL gets the token path appended (as the SDKs do with AZURE_POD_IDENTITY_AUTHORITY_HOST); a URL that
    // already has a path is taken as the full token URL.
    QUrl base = config().endpoint;
    if (base.isEmpty()) {
        const QString podIdentity = config().env("AZURE_POD_IDENTITY_AUTHORITY_HOST");
        base = podIdentity.isEmpty() ? QUrl(QStringLiteral("http://169.254.169.254")) : QUrl(podIdentity);
    }
    if (base.path().isEmpty() || base.path() == QLatin1String("/")) {
        base.setPath(kTokenPath);
    } else if (!base.path().endsWith(QLatin1String("/oauth2/token"))) {
        QString path = base.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        base.setPath(path + kTokenPath);
    }
    return base;
}

HttpTokenSource::Step ImdsSource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return notConfigured(QStringLiteral("The endpoint \"%1\" is not a valid URL.").arg(url.toString()),
            QStringLiteral("Give a base URL such as http://169.254.169.254 or http://127.0.0.1:PORT."));
    Query query { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
        { QStringLiteral("resource"), request.resource } };
    addIdentity(query, request.identity, QStringLiteral("client_id"), QStringLiteral("object_id"),
        QStringLiteral("msi_res_id"));
    HttpRequest http = baseRequest(withQuery(url, query));
    // IMDS's SSRF guard: Metadata must be exactly "true", and X-Forwarded-For must never be sent.
    http.setHeader("Metadata", "true");
    return http;
}

} // namespace idex
