#include "resourcepresets.h"

namespace idex {

const QList<ResourcePreset> &wellKnownResources()
{
    static const QList<ResourcePreset> presets = {
        { QStringLiteral("Azure Resource Manager"), QStringLiteral("https://management.azure.com/") },
        { QStringLiteral("Microsoft Graph"), QStringLiteral("https://graph.microsoft.com") },
        { QStringLiteral("Key Vault"), QStringLiteral("https://vault.azure.net") },
        { QStringLiteral("Storage"), QStringLiteral("https://storage.azure.com/") },
        { QStringLiteral("Azure SQL Database"), QStringLiteral("https://database.windows.net/") },
        { QStringLiteral("Service Bus"), QStringLiteral("https://servicebus.azure.net") },
        { QStringLiteral("Event Hubs"), QStringLiteral("https://eventhubs.azure.net") },
    };
    return presets;
}

} // namespace idex
