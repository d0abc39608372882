#pragma once

#include <QList>
#include <QString>

namespace idex {

/*! A well-known resource to ask a token for. */
struct ResourcePreset
{
    QString name; ///< "Azure Resource Manager"
    QString resource; ///< "https://management.azure.com/"
};

/*! Azure Resource Manager, Microsoft Graph, Key Vault, Storage, SQL, Service Bus, Event Hubs. The GUI adds the
    current scenario's APIs after these. */
const QList<ResourcePreset> &wellKnownResources();

} // namespace idex
