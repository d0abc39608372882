#include "sourcecatalog.h"

#include "appservice2017source.h"
#include "appservicesource.h"
#include "arcsource.h"
#include "autosource.h"
#include "azureclisource.h"
#include "azuremlsource.h"
#include "cloudshellsource.h"
#include "emulatorsource.h"
#include "imdssource.h"
#include "pastedtokensource.h"
#include "servicefabricsource.h"
#include "workloadidentitysource.h"

namespace idex {

const QList<SourceInfo> &sourceCatalog()
{
    static const QList<SourceInfo> catalog = {
        { QStringLiteral("emulator"), QStringLiteral("Built-in emulator"),
            QStringLiteral("The local emulator's IMDS endpoint on 127.0.0.1: real HTTP, real signed tokens, no Azure "
                           "needed. Its scenario decides which identities and APIs exist."),
            false },
        { QStringLiteral("auto"), QStringLiteral("Auto (detect from the environment)"),
            QStringLiteral("Picks the source the Azure SDKs would pick from the environment variables of this process. "
                           "Nothing is sent until you ask for a token."),
            false },
        { QStringLiteral("imds"), QStringLiteral("Azure IMDS (VM / VMSS)"),
            QStringLiteral(
                "GET http://169.254.169.254/metadata/identity/oauth2/token with Metadata: true. Only answers "
                "on Azure VMs and scale sets; AZURE_POD_IDENTITY_AUTHORITY_HOST or the endpoint field replaces "
                "the base URL."),
            false },
        { QStringLiteral("appservice"), QStringLiteral("App Service / Functions (2019-08-01)"),
            QStringLiteral("GET IDENTITY_ENDPOINT with X-IDENTITY-HEADER: IDENTITY_HEADER. App Service, Functions, "
                           "Container Apps. The header rotates: read it in the app's console."),
            true },
        { QStringLiteral("appservice2017"), QStringLiteral("App Service legacy (2017-09-01)"),
            QStringLiteral("GET MSI_ENDPOINT with secret: MSI_SECRET, api-version 2017-09-01 (older SDKs and samples). "
                           "User-assigned by client ID only."),
            true },
        { QStringLiteral("arc"), QStringLiteral("Azure Arc"),
            QStringLiteral(
                "Arc-enabled servers: the local agent answers 401 with a key file path; the key is sent back as "
                "Basic credentials. Needs read access to /var/opt/azcmagent/tokens (himds group)."),
            false },
        { QStringLiteral("cloudshell"), QStringLiteral("Azure Cloud Shell"),
            QStringLiteral(
                "POST MSI_ENDPOINT with Metadata: true: a token for the signed-in user, not a managed identity."),
            true },
        { QStringLiteral("servicefabric"), QStringLiteral("Service Fabric"),
            QStringLiteral("HTTPS to IDENTITY_ENDPOINT with secret: IDENTITY_HEADER; the certificate is pinned by "
                           "IDENTITY_SERVER_THUMBPRINT."),
            true },
        { QStringLiteral("azureml"), QStringLiteral("Azure Machine Learning"),
            QStringLiteral("GET MSI_ENDPOINT with secret: MSI_SECRET and clientid (DEFAULT_IDENTITY_CLIENT_ID for the "
                           "compute's own identity)."),
            true },
        { QStringLiteral("workload"), QStringLiteral("AKS workload identity"),
            QStringLiteral("Exchanges the pod's federated token (AZURE_FEDERATED_TOKEN_FILE) at "
                           "AZURE_AUTHORITY_HOST/<tenant>/oauth2/v2.0/token for AZURE_CLIENT_ID."),
            false },
        { QStringLiteral("azcli"), QStringLiteral("Azure CLI (signed-in account)"),
            QStringLiteral("Runs `az account get-access-token`: the CLI's own account, to compare with the managed "
                           "identity's token. Needs the Azure CLI installed."),
            false },
        { QStringLiteral("pasted"), QStringLiteral("Pasted or opened token"),
            QStringLiteral("A token you already have: paste it or open a file. Nothing is sent."), false },
    };
    return catalog;
}

SourceInfo sourceInfo(const QString &id)
{
    for (const SourceInfo &info : sourceCatalog()) {
        if (info.id == id)
            return info;
    }
    return {};
}

QString emulatorProtocol(const QString &sourceId)
{
    if (sourceId == QLatin1String("emulator"))
        return QStringLiteral("imds");
    if (sourceId == QLatin1String("workload"))
        return QStringLiteral("workloadidentity");
    if (sourceId == QLatin1String("auto") || sourceId == QLatin1String("azcli") || sourceId == QLatin1String("pasted")
        || sourceInfo(sourceId).id.isEmpty())
        return {};
    return sourceId;
}

QProcessEnvironment environmentFrom(const QList<QPair<QString, QString>> &variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(name, value);
    return environment;
}

TokenSource *createSource(const QString &id, HttpClient &http, const SourceConfig &config, QObject *parent)
{
    if (id == QLatin1String("emulator"))
        return new EmulatorSource(http, config, parent);
    if (id == QLatin1String("auto"))
        return new AutoSource(http, config, parent);
    if (id == QLatin1String("imds"))
        return new ImdsSource(http, config, parent);
    if (id == QLatin1String("appservice"))
        return new AppServiceSource(http, config, parent);
    if (id == QLatin1String("appservice2017"))
        return new AppService2017Source(http, config, parent);
    if (id == QLatin1String("arc"))
        return new ArcSource(http, config, parent);
    if (id == QLatin1String("cloudshell"))
        return new CloudShellSource(http, config, parent);
    if (id == QLatin1String("servicefabric"))
        return new ServiceFabricSource(http, config, parent);
    if (id == QLatin1String("azureml"))
        return new AzureMlSource(http, config, parent);
    if (id == QLatin1String("workload"))
        return new WorkloadIdentitySource(http, config, parent);
    if (id == QLatin1String("azcli"))
        return new AzureCliSource(config, parent);
    if (id == QLatin1String("pasted"))
        return new PastedTokenSource(config, parent);
    return nullptr;
}

} // namespace idex
