#pragma once

#include "net/httptypes.h"

#include <QDateTime>
#include <QString>

namespace idex {

/*! How a token was asked for: which identity of the host. */
struct IdentitySelector
{
    enum class Kind { SystemAssigned, ClientId, ObjectId, ResourceId };
    Kind kind = Kind::SystemAssigned;
    QString value; ///< empty for SystemAssigned

    bool isSystemAssigned() const { return kind == Kind::SystemAssigned; }
    QString describe() const;
};

/*! What a token source hands on: the token (in memory only), its lifetime, who asked for it and the full,
    redactable transcript of how it was obtained. A value type that flows forward to decode, call and diagnose. */
struct TokenResult
{
    QString accessToken; ///< secret: never written to disk, logs or settings
    QString tokenType = QStringLiteral("Bearer");
    QString resource; ///< the resource (audience) requested
    QDateTime expiresOn; ///< UTC; invalid when the endpoint gave no expiry
    QDateTime notBefore;
    QDateTime obtainedAt;
    QString sourceId; ///< "emulator", "imds", "appservice2019", ...
    QString sourceName; ///< "Azure IMDS (VM/VMSS)"
    QString endpoint; ///< the URL the token came from
    IdentitySelector identity;
    QString clientId; ///< client_id reported by the endpoint, if any
    bool fromCache = false;
    Transcript transcript;

    bool isValid() const { return !accessToken.isEmpty(); }
};

} // namespace idex
