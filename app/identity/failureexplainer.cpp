#include "failureexplainer.h"

#include "net/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace idex {

namespace {

bool isImdsLike(const QString &sourceId)
{
    return sourceId == QLatin1String("imds") || sourceId == QLatin1String("emulator")
        || sourceId == QLatin1String("auto");
}

QString identityFix(const QString &sourceId)
{
    if (isImdsLike(sourceId))
        return QStringLiteral(
            "Enable the system-assigned identity of the VM/VMSS, or attach the user-assigned identity "
            "to it (Identity blade), and check the client/object/resource ID you selected. "
            "A newly attached identity can take a minute to appear.");
    if (sourceId.startsWith(QLatin1String("appservice")))
        return QStringLiteral("Turn on the identity under the app's Identity blade (system-assigned), or add the "
                              "user-assigned identity there, and check the ID you selected.");
    if (sourceId == QLatin1String("servicefabric"))
        return QStringLiteral("Declare the managed identity in the application and service manifests and check the "
                              "identity name mapping.");
    return QStringLiteral(
        "Assign a managed identity to the resource that runs this code, and check the ID you selected.");
}

struct Explanation
{
    QString code, title, fix;
};

} // namespace

QString endpointErrorText(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    QString text;
    if (document.isObject()) {
        const QJsonObject object = document.object();
        const QJsonValue error = object.value(QLatin1String("error"));
        if (error.isObject()) {
            const QJsonObject inner = error.toObject();
            text = inner.value(QLatin1String("code")).toString();
            const QString message = inner.value(QLatin1String("message")).toString();
            if (!message.isEmpty())
                text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + message;
        } else if (error.isString()) {
            text = error.toString();
            const QString description = object.value(QLatin1String("error_description")).toString();
            if (!description.isEmpty())
                text += QStringLiteral(": ") + description;
        }
        if (text.isEmpty()) {
            for (const char *key : { "message", "Message", "error_description" }) {
                const QString message = object.value(QLatin1String(key)).toString();
                if (!message.isEmpty()) {
                    text = message;
                    break;
                }
            }
        }
    }
    if (text.isEmpty())
        text = QString::fromUtf8(body).simplified();
    text = redaction::redactText(text);
    if (text.size() > 400)
        text = text.left(400) + QStringLiteral("…");
    return text;
}

TokenFailure explainFailure(const QString &sourceId, const HttpExchange &exchange)
{
    const HttpResponse &response = exchange.response;
    const QString url = exchange.request.url.toString(QUrl::RemoveQuery);
    TokenFailure failure;
    failure.sourceId = sourceId;
    failure.endpoint = url;
    Explanation e;

    if (!response.answered()) {
        failure.detail = QStringLiteral("%1: %2").arg(url, response.error);
        switch (response.failure) {
        case HttpFailure::ConnectionRefused:
            if (sourceId == QLatin1String("auto") || sourceId == QLatin1String("imds"))
                e = { QStringLiteral("no-managed-identity"),
                    QStringLiteral("No managed identity endpoint answered (connection refused)"),
                    QStringLiteral("No managed identity environment was detected here: this machine is probably not "
                                   "an Azure VM, App Service, Arc server ... Run on the Azure resource, set the "
                                   "endpoint variables, or use the built-in emulator.") };
            else if (sourceId == QLatin1String("emulator"))
                e = { QStringLiteral("connection-refused"), QStringLiteral("The emulator is not running"),
                    QStringLiteral("Start the emulator (Emulator menu, or `idex emulator`), or pick another source.") };
            else
                e = { QStringLiteral("connection-refused"),
                    QStringLiteral("Nothing is listening at the endpoint (connection refused)"),
                    QStringLiteral("Check the endpoint URL and port (the endpoint variable may be stale: the "
                                   "platform sets it for the process, a shell may not have it).") };
            break;
        case HttpFailure::Timeout:
            e = { QStringLiteral("timeout"), QStringLiteral("The endpoint did not answer in time"),
                sourceId == QLatin1String("imds") || sourceId == QLatin1String("auto")
                    ? QStringLiteral("169.254.169.254 only answers on Azure VMs and VM scale sets; elsewhere (or "
                                     "behind a firewall that drops link-local traffic) requests hang. Use the source "
                                     "of the platform you are on, or the emulator.")
                    : QStringLiteral("Check that the endpoint is reachable from here and not blocked by a firewall.") };
            break;
        case HttpFailure::HostNotFound:
            e = { QStringLiteral("host-not-found"), QStringLiteral("The endpoint's host name does not resolve"),
                QStringLiteral("Check the host name in the endpoint URL.") };
            break;
        case HttpFailure::Tls: {
            const bool mismatch = response.tlsErrors.join(u'\n').contains(QLatin1String("does not match the pinned"));
            if (!response.tlsErrors.isEmpty())
                failure.detail += QStringLiteral("\n") + response.tlsErrors.join(QStringLiteral("\n"));
            if (mismatch)
                e = { QStringLiteral("tls-thumbprint-mismatch"),
                    QStringLiteral("The server certificate's thumbprint does not match IDENTITY_SERVER_THUMBPRINT"),
                    QStringLiteral("The endpoint presented a different certificate than the one the platform pinned: "
                                   "check IDENTITY_SERVER_THUMBPRINT (SHA-1 hex) and that you reach the local Service "
                                   "Fabric endpoint, not something in between.") };
            else
                e = { QStringLiteral("tls-error"), QStringLiteral("The TLS connection failed"),
                    QStringLiteral("The certificate is not trusted and no thumbprint is pinned: set "
                                   "IDENTITY_SERVER_THUMBPRINT for Service Fabric, or check the URL scheme.") };
            break;
        }
        case HttpFailure::Canceled: e = { QStringLiteral("canceled"), QStringLiteral("Canceled"), {} }; break;
        case HttpFailure::TooLarge:
            e = { QStringLiteral("response-too-large"), QStringLiteral("The answer was far too large for a token"),
                QStringLiteral("Check that the endpoint URL points at a token endpoint.") };
            break;
        case HttpFailure::None:
        case HttpFailure::Other:
            e = { QStringLiteral("network-error"), QStringLiteral("The request failed: %1").arg(response.error),
                QStringLiteral("Check the endpoint URL and the network path to it.") };
            break;
        }
        failure.code = e.code;
        failure.title = e.title;
        failure.fix = e.fix;
        return failure;
    }

    const int status = response.status;
    const QString said = endpointErrorText(response.body);
    const QString lower = said.toLower();
    failure.detail = QStringLiteral("%1 answered %2 %3").arg(url).arg(status).arg(QString::fromLatin1(response.reason));
    if (!said.isEmpty())
        failure.detail += QStringLiteral(": ") + said;

    if (lower.contains(QLatin1String("aadsts70021"))
        || lower.contains(QLatin1String("no matching federated identity"))) {
        e = { QStringLiteral("federation-mismatch"),
            QStringLiteral("Entra ID found no federated credential matching the pod's token"),
            QStringLiteral("Add a federated identity credential to the identity/app registration whose issuer is the "
                           "cluster's OIDC issuer URL and whose subject is system:serviceaccount:<namespace>:<name> "
                           "of the pod's service account, with audience api://AzureADTokenExchange.") };
    } else if (lower.contains(QLatin1String("aadsts700016"))) {
        e = { QStringLiteral("identity-not-found"),
            QStringLiteral("No identity with this client ID exists in the tenant"),
            QStringLiteral("Check AZURE_CLIENT_ID (the service account's azure.workload.identity/client-id "
                           "annotation) and the tenant.") };
    } else if (lower.contains(QLatin1String("identity not found")) || lower.contains(QLatin1String("no user assigned"))
        || lower.contains(QLatin1String("no managed identity"))
        || lower.contains(QLatin1String("managedidentitynotfound"))
        || lower.contains(QLatin1String("identity_not_found"))) {
        e = { QStringLiteral("identity-not-found"),
            QStringLiteral("The managed identity was not found on this resource"), identityFix(sourceId) };
    } else if (lower.contains(QLatin1String("bad_request_102")) || lower.contains(QLatin1String("metadata header"))) {
        e = { QStringLiteral("missing-metadata-header"), QStringLiteral("The endpoint wants the header Metadata: true"),
            QStringLiteral("IMDS (and Arc, Cloud Shell) refuse requests without `Metadata: true` (an SSRF guard). "
                           "Add the header; never send X-Forwarded-For.") };
    } else if (lower.contains(QLatin1String("invalid_resource")) || lower.contains(QLatin1String("aadsts500011"))
        || lower.contains(QLatin1String("aadsts50001")) || lower.contains(QLatin1String("audiencenotsupported"))
        || lower.contains(QLatin1String("resource principal")) || lower.contains(QLatin1String("unknown resource"))) {
        e = { QStringLiteral("unknown-resource"), QStringLiteral("The resource (audience) is not known to Entra ID"),
            QStringLiteral("Ask for the protected API's Application ID URI (e.g. api://<app-id> or its client ID), "
                           "exactly as the app registration's \"Expose an API\" shows it; check for typos and a "
                           "missing or extra trailing slash.") };
    } else if (lower.contains(QLatin1String("secretheadernotfound"))
        || lower.contains(QLatin1String("x-identity-header")) || lower.contains(QLatin1String("identity header"))
        || lower.contains(QLatin1String("secret"))
        || ((status == 401 || status == 403) && sourceId.startsWith(QLatin1String("appservice")))
        || ((status == 401 || status == 403) && sourceId == QLatin1String("servicefabric"))
        || ((status == 401 || status == 403) && sourceId == QLatin1String("azureml"))) {
        const bool legacy = sourceId == QLatin1String("appservice2017") || sourceId == QLatin1String("azureml");
        e = { QStringLiteral("wrong-identity-header"),
            QStringLiteral("The endpoint rejected the identity header (missing or wrong secret)"),
            legacy
                ? QStringLiteral("Send `secret: <MSI_SECRET>` with the value of MSI_SECRET from the app's own "
                                 "environment; it is rotated, so read it fresh.")
                : QStringLiteral("Send `X-IDENTITY-HEADER` (App Service) or `secret` (Service Fabric) with the "
                                 "current IDENTITY_HEADER of the process: the platform rotates it, so a value copied "
                                 "earlier or from another app will not work.") };
    } else if (status == 404) {
        e = { QStringLiteral("not-found"), QStringLiteral("The endpoint has no token route at this URL (404)"),
            isImdsLike(sourceId)
                ? QStringLiteral("IMDS answers 404 while it starts or updates; if it persists, "
                                 "check the base URL (the token path is /metadata/identity/oauth2/token).")
                : QStringLiteral("Check the endpoint URL: the variable may belong to another protocol.") };
    } else if (status == 410) {
        e = { QStringLiteral("imds-updating"), QStringLiteral("IMDS kept answering 410 Gone (it is updating)"),
            QStringLiteral("IMDS is normally back within 70 s: try again in a minute.") };
    } else if (status == 429) {
        e = { QStringLiteral("throttled"), QStringLiteral("The endpoint is throttling requests (429)"),
            QStringLiteral("Cache tokens instead of asking per call (IMDS allows 20 requests/s per VM), then retry.") };
    } else if (status == 400 && lower.contains(QLatin1String("api-version"))) {
        e = { QStringLiteral("bad-api-version"), QStringLiteral("The endpoint does not accept this api-version"),
            QStringLiteral("The endpoint belongs to another protocol version: pick the matching source "
                           "(App Service 2019 vs 2017, Arc, Service Fabric).") };
    } else if (status == 401 && sourceId == QLatin1String("arc")) {
        e = { QStringLiteral("arc-challenge-refused"), QStringLiteral("Azure Arc refused the key"),
            QStringLiteral("The key file is read once per challenge: run as a member of the himds group (or "
                           "administrator) so the key file can be read, and retry.") };
    } else if (status >= 500) {
        e = { QStringLiteral("server-error"), QStringLiteral("The endpoint failed with %1").arg(status),
            QStringLiteral("A transient platform problem: retry later. If it persists, the identity may have been "
                           "removed or the resource is being moved.") };
    } else if (status == 400) {
        e = { QStringLiteral("bad-request"), QStringLiteral("The endpoint rejected the request (400)"),
            QStringLiteral("Read the endpoint's message above; check the resource and the identity parameters.") };
    } else {
        e = { QStringLiteral("http-%1").arg(status), QStringLiteral("The endpoint answered %1").arg(status),
            QStringLiteral("Read the endpoint's message and the transcript.") };
    }
    failure.code = e.code;
    failure.title = e.title;
    failure.fix = e.fix;
    return failure;
}

} // namespace idex
