#include "environmentdetector.h"

#include <QFileInfo>

namespace idex {

namespace {

const char *const kSecretVariables[] = { "IDENTITY_HEADER", "MSI_SECRET" };

QString shown(const QProcessEnvironment &environment, const char *name)
{
    const QString key = QLatin1String(name);
    for (const char *secret : kSecretVariables) {
        if (qstrcmp(secret, name) == 0)
            return key + QStringLiteral(" (set, value hidden)");
    }
    return key + u'=' + environment.value(key);
}

} // namespace

EnvironmentDetection detectEnvironment(
    const QProcessEnvironment &environment, const std::function<bool(const QString &)> &fileExists)
{
    auto has = [&](const char *name) { return !environment.value(QLatin1String(name)).isEmpty(); };
    auto decide = [&](const char *id, std::initializer_list<const char *> variables, const QString &reason) {
        EnvironmentDetection detection;
        detection.sourceId = QLatin1String(id);
        for (const char *variable : variables)
            detection.decidingVariables.append(shown(environment, variable));
        detection.reason = reason;
        return detection;
    };

    if (has("AZURE_FEDERATED_TOKEN_FILE") && has("AZURE_TENANT_ID") && has("AZURE_CLIENT_ID"))
        return decide("workload", { "AZURE_FEDERATED_TOKEN_FILE", "AZURE_TENANT_ID", "AZURE_CLIENT_ID" },
            QStringLiteral("AZURE_FEDERATED_TOKEN_FILE, AZURE_TENANT_ID and AZURE_CLIENT_ID are set: AKS "
                           "workload identity (azure-identity checks it first)."));
    if (has("IDENTITY_ENDPOINT") && has("IDENTITY_HEADER") && has("IDENTITY_SERVER_THUMBPRINT"))
        return decide("servicefabric", { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT" },
            QStringLiteral("IDENTITY_ENDPOINT, IDENTITY_HEADER and IDENTITY_SERVER_THUMBPRINT are set: "
                           "Service Fabric."));
    if (has("IDENTITY_ENDPOINT") && has("IDENTITY_HEADER"))
        return decide("appservice", { "IDENTITY_ENDPOINT", "IDENTITY_HEADER" },
            QStringLiteral("IDENTITY_ENDPOINT and IDENTITY_HEADER are set: App Service / Functions "
                           "(api-version 2019-08-01)."));
    if (has("MSI_ENDPOINT") && has("MSI_SECRET") && has("DEFAULT_IDENTITY_CLIENT_ID"))
        return decide("azureml", { "MSI_ENDPOINT", "MSI_SECRET", "DEFAULT_IDENTITY_CLIENT_ID" },
            QStringLiteral("MSI_ENDPOINT, MSI_SECRET and DEFAULT_IDENTITY_CLIENT_ID are set: Azure Machine "
                           "Learning."));
    if (has("MSI_ENDPOINT") && has("MSI_SECRET"))
        return decide("appservice2017", { "MSI_ENDPOINT", "MSI_SECRET" },
            QStringLiteral("MSI_ENDPOINT and MSI_SECRET are set: App Service legacy (2017-09-01). MSAL.NET "
                           "and MSAL Node would call this Azure ML; both take the same request."));
    if (has("MSI_ENDPOINT"))
        return decide("cloudshell", { "MSI_ENDPOINT" },
            QStringLiteral("MSI_ENDPOINT is set without MSI_SECRET: Azure Cloud Shell."));
    if (has("IDENTITY_ENDPOINT") && has("IMDS_ENDPOINT"))
        return decide("arc", { "IDENTITY_ENDPOINT", "IMDS_ENDPOINT" },
            QStringLiteral("IDENTITY_ENDPOINT and IMDS_ENDPOINT are set: Azure Arc."));
#ifdef Q_OS_WIN
    const QString himds
        = environment.value(QStringLiteral("ProgramFiles")) + QStringLiteral("\\AzureConnectedMachineAgent\\himds.exe");
#else
    const QString himds = QStringLiteral("/opt/azcmagent/bin/himds");
#endif
    const bool agent = fileExists ? fileExists(himds) : QFileInfo::exists(himds);
    if (agent) {
        EnvironmentDetection detection;
        detection.sourceId = QStringLiteral("arc");
        detection.decidingVariables.append(himds + QStringLiteral(" (file exists)"));
        detection.reason = QStringLiteral("The Azure Connected Machine agent is installed (%1): Azure Arc.").arg(himds);
        return detection;
    }
    EnvironmentDetection detection;
    detection.sourceId = QStringLiteral("imds");
    detection.fellBackToImds = true;
    if (has("AZURE_POD_IDENTITY_AUTHORITY_HOST")) {
        detection.decidingVariables.append(shown(environment, "AZURE_POD_IDENTITY_AUTHORITY_HOST"));
        detection.reason = QStringLiteral("No managed identity variables are set; AZURE_POD_IDENTITY_AUTHORITY_HOST "
                                          "redirects IMDS. Nothing is sent until you press Get token.");
    } else {
        detection.reason
            = QStringLiteral("No managed identity variables are set: the SDKs fall back to IMDS "
                             "(169.254.169.254, Azure VMs only). Nothing is sent until you press Get token.");
    }
    return detection;
}

} // namespace idex
