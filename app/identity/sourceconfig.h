#pragma once

#include "net/retrypolicy.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace idex {

/*! Where a source finds its endpoint and secrets. Each field left empty is read from the environment the way the
    SDKs read it (IDENTITY_ENDPOINT, MSI_SECRET ...); a field set here wins (the "endpoint override"). The
    environment itself is a value so tests and the emulator can hand one in. Holds secrets: memory only. */
struct SourceConfig
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QUrl endpoint; ///< IMDS: a base URL (or the full token URL); others: the full token URL
    QByteArray secret; ///< IDENTITY_HEADER / MSI_SECRET
    QByteArray thumbprint; ///< Service Fabric IDENTITY_SERVER_THUMBPRINT (SHA-1 hex)

    /*! Azure Arc: the directory the challenge's key file must be in. Empty: the agent's own
        (/var/opt/azcmagent/tokens, or %ProgramData%\AzureConnectedMachineAgent\Tokens on Windows). */
    QString arcKeyDirectory;
    /*! Azure Arc: accept a key file in any directory. Only for the emulator, whose key files live in a temporary
        directory; the .key suffix, the 4096-byte limit and the single '=' rule still apply. Shown as a warning. */
    bool arcAllowAnyKeyDirectory = false;

    QString tenantId; ///< workload identity: AZURE_TENANT_ID
    QString clientId; ///< workload identity: AZURE_CLIENT_ID
    QString authorityHost; ///< workload identity: AZURE_AUTHORITY_HOST
    QString federatedTokenFile; ///< workload identity: AZURE_FEDERATED_TOKEN_FILE

    QString azProgram = QStringLiteral("az"); ///< Azure CLI executable (name on PATH or a path)
    QString pastedToken; ///< the pasted/opened token source's token

    std::optional<RetryPolicy> retryPolicy; ///< default: the protocol's SDK policy
    double retryTimeScale = 1.0; ///< multiplies every retry delay (tests)
    std::chrono::milliseconds timeout { 15000 }; ///< per request

    QString env(const char *name) const { return environment.value(QLatin1String(name)); }
};

} // namespace idex
