#include "microsoft.h"

#include <QStringList>
#include <QUrl>

namespace idex {

bool isEntraAuthorityHost(const QString &host)
{
    static const QStringList hosts {
        QStringLiteral("login.microsoftonline.com"),
        QStringLiteral("login.windows.net"),
        QStringLiteral("sts.windows.net"),
        QStringLiteral("login.microsoft.com"),
        QStringLiteral("login.microsoftonline.us"),
        QStringLiteral("login.partner.microsoftonline.cn"),
        QStringLiteral("login.chinacloudapi.cn"),
    };
    return hosts.contains(host.toLower());
}

bool isMicrosoftFirstPartyAudience(const QString &audience)
{
    // App IDs are the same in every cloud; App ID URIs differ by cloud. Only APIs known to get nonce tokens.
    static const QStringList appIds {
        QStringLiteral("00000003-0000-0000-c000-000000000000"), // Microsoft Graph
        QStringLiteral("00000002-0000-0000-c000-000000000000"), // Azure AD Graph
        QStringLiteral("00000003-0000-0ff1-ce00-000000000000"), // SharePoint Online
        QStringLiteral("00000002-0000-0ff1-ce00-000000000000"), // Exchange Online
    };
    static const QStringList hosts {
        QStringLiteral("graph.microsoft.com"),
        QStringLiteral("graph.microsoft.us"),
        QStringLiteral("dod-graph.microsoft.us"),
        QStringLiteral("microsoftgraph.chinacloudapi.cn"),
        QStringLiteral("graph.windows.net"),
        QStringLiteral("graph.chinacloudapi.cn"),
        QStringLiteral("outlook.office365.com"),
        QStringLiteral("outlook.office.com"),
    };
    const QString value = audience.trimmed().toLower();
    if (appIds.contains(value))
        return true;
    const QUrl url(value);
    if (url.scheme() != QLatin1String("https"))
        return false;
    const QString host = url.host();
    return hosts.contains(host) || host.endsWith(QLatin1String(".sharepoint.com"));
}

} // namespace idex
