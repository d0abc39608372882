#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace idex {

/*! Which managed identity source an SDK would pick in this environment, and why. */
struct EnvironmentDetection
{
    QString sourceId; ///< "appservice", "imds", ...
    QStringList decidingVariables; ///< "IDENTITY_ENDPOINT=http://...", secrets shown as "(set)"
    QString reason; ///< one sentence: "IDENTITY_ENDPOINT and IDENTITY_HEADER are set: App Service (2019-08-01)."
    bool fellBackToImds = false; ///< nothing detected: IMDS is the SDKs' last resort (no probe is sent)
};

/*! The SDKs' precedence (azure-identity JS/MSAL Node order, the union of the others): workload identity (client ID +
    tenant + federated token file) > Service Fabric (IDENTITY_ENDPOINT + IDENTITY_HEADER +
    IDENTITY_SERVER_THUMBPRINT) > App Service 2019 (IDENTITY_ENDPOINT + IDENTITY_HEADER) > Azure ML (MSI_ENDPOINT +
    MSI_SECRET + DEFAULT_IDENTITY_CLIENT_ID) > App Service 2017 (MSI_ENDPOINT + MSI_SECRET) > Cloud Shell
    (MSI_ENDPOINT) > Arc (IDENTITY_ENDPOINT + IMDS_ENDPOINT, or the himds agent installed) > IMDS.
    \a fileExists is asked about the Arc agent's himds file (tests pass their own). Reads only: no network. */
EnvironmentDetection detectEnvironment(
    const QProcessEnvironment &environment, const std::function<bool(const QString &)> &fileExists = {});

} // namespace idex
