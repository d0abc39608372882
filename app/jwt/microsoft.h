#pragma once

#include <QString>

namespace idex {

/*! True for the hosts of Microsoft Entra ID's token service in the public and sovereign clouds
    (login.microsoftonline.com, sts.windows.net, login.microsoftonline.us, ...): their keys are Entra's. */
bool isEntraAuthorityHost(const QString &host);

/*! True when \a audience names one of Microsoft's own APIs whose tokens carry a `nonce` header and so cannot be
    verified by third parties (Microsoft Graph, Azure AD Graph, SharePoint Online, Exchange Online), by app ID or by
    App ID URI, in the public and sovereign clouds. Any other audience with a `nonce` header is suspicious. */
bool isMicrosoftFirstPartyAudience(const QString &audience);

} // namespace idex
