#include "workloadidentitysource.h"

#include "net/boundedfile.h"

#include <QFileInfo>

namespace idex {

namespace {
constexpr qint64 kMaxAssertionBytes = fileLimits::federatedToken.maxBytes;
} // namespace

QString WorkloadIdentitySource::displayName() const
{
    return QStringLiteral("AKS workload identity");
}

QString WorkloadIdentitySource::refusal(const IdentitySelector &identity) const
{
    if (identity.kind == IdentitySelector::Kind::ObjectId || identity.kind == IdentitySelector::Kind::ResourceId)
        return QStringLiteral("Workload identity exchanges the federated token for the app registration or "
                              "user-assigned identity named by its client ID (AZURE_CLIENT_ID); object and resource "
                              "IDs are not part of the exchange.");
    return {};
}

QUrl WorkloadIdentitySource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    QString authority
        = config().authorityHost.isEmpty() ? config().env("AZURE_AUTHORITY_HOST") : config().authorityHost;
    if (authority.isEmpty())
        authority = QStringLiteral("https://login.microsoftonline.com/");
    if (!authority.endsWith(u'/'))
        authority += u'/';
    const QString tenant = config().tenantId.isEmpty() ? config().env("AZURE_TENANT_ID") : config().tenantId;
    if (tenant.isEmpty())
        return {};
    return QUrl(authority + tenant + QStringLiteral("/oauth2/v2.0/token"));
}

HttpTokenSource::Step WorkloadIdentitySource::buildRequest(const TokenRequest &request)
{
    const QUrl url = tokenUrl();
    if (url.isEmpty())
        return notConfigured(QStringLiteral("AZURE_TENANT_ID is not set."),
            QStringLiteral("Run in a pod labelled azure.workload.identity/use: \"true\", where the "
                           "webhook sets AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE."));
    const QString clientId = request.identity.kind == IdentitySelector::Kind::ClientId
        ? request.identity.value.trimmed()
        : (config().clientId.isEmpty() ? config().env("AZURE_CLIENT_ID") : config().clientId);
    if (clientId.isEmpty())
        return notConfigured(QStringLiteral("AZURE_CLIENT_ID is not set."),
            QStringLiteral("Annotate the service account with azure.workload.identity/client-id, or "
                           "select the identity by client ID."));
    const QString path = config().federatedTokenFile.isEmpty() ? config().env("AZURE_FEDERATED_TOKEN_FILE")
                                                               : config().federatedTokenFile;
    if (path.isEmpty())
        return notConfigured(QStringLiteral("AZURE_FEDERATED_TOKEN_FILE is not set."),
            QStringLiteral("Check that the pod's service account is federated (the webhook projects "
                           "the token to /var/run/secrets/azure/tokens/azure-identity-token)."));
    // Re-read on every request: the kubelet rotates the projected token.
    const QFileInfo info(path);
    if (!info.exists() || info.size() > kMaxAssertionBytes)
        return makeFailure(QStringLiteral("federated-token-file"),
            QStringLiteral("The federated token file cannot be used"),
            info.exists() ? QStringLiteral("%1 is %2 bytes, too large for a token.").arg(path).arg(info.size())
                          : QStringLiteral("%1 does not exist.").arg(path),
            QStringLiteral("Check the projected service account token volume of the pod."));
    const BoundedRead read = readBoundedFile(path, fileLimits::federatedToken);
    if (!read.ok())
        return makeFailure(QStringLiteral("federated-token-file"),
            QStringLiteral("The federated token file cannot be read"), read.error,
            QStringLiteral("Run as the pod's user, or check the file's permissions."));
    const QByteArray assertion = read.data.trimmed();
    if (assertion.isEmpty())
        return makeFailure(QStringLiteral("federated-token-file"), QStringLiteral("The federated token file is empty"),
            path, QStringLiteral("Check the projected service account token volume of the pod."));

    HttpRequest http = baseRequest(url);
    http.method = "POST";
    http.setHeader("Content-Type", "application/x-www-form-urlencoded");
    http.body = "grant_type=client_credentials"
                "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                "&client_id="
        + QUrl::toPercentEncoding(clientId) + "&scope=" + QUrl::toPercentEncoding(resourceToScope(request.resource))
        + "&client_assertion=" + QUrl::toPercentEncoding(QString::fromUtf8(assertion));
    // Entra is not host-local: this one goes through the proxy like any other internet request.
    http.bypassProxy = false;
    return http;
}

} // namespace idex
