#pragma once

#include "directory.h"

#include <QStringList>

namespace idex {

struct DecodedToken;

/*! The claims that tie a token to directory objects. */
struct TokenPathInput
{
    QString objectId; ///< `oid`: the caller's service principal
    QString clientId; ///< `appid` / `azp`
    QString audience; ///< `aud`
    QStringList roles; ///< `roles` carried by the token
    QStringList requiredRoles; ///< what the API wants (any one is enough); empty = the roles the API offers apps

    static TokenPathInput fromToken(const DecodedToken &token, const QStringList &requiredRoles = {});
};

/*! How a token's caller reaches the API it is for: principal -> assignments -> roles -> API, and the missing link
    when the chain breaks. Pure: reads the directory, performs no I/O. */
struct TokenPath
{
    enum class Break {
        None, ///< the principal holds a wanted role on the audience's API
        PrincipalUnknown, ///< no service principal with this oid/appid in the directory
        AudienceUnknown, ///< no service principal answers to this aud
        NoAssignment, ///< the principal holds no role at all on that API
        RoleNotAssigned, ///< it holds roles there, but not the one wanted
        AssignedOnOtherApp, ///< it holds the wanted role value, on another API (wrong audience)
        RoleNotDefined, ///< the API defines no role with the wanted value
    };

    QString principalId; ///< resolved service principal object id (empty when unknown)
    QString resourceId; ///< resolved resource service principal (empty when unknown)
    QStringList assignmentIds; ///< assignments the principal holds on the resource (the highlighted edges)
    QStringList heldRoleIds; ///< their role ids
    Break brk = Break::None;
    QString missingRoleId; ///< the role the missing link points to, when known
    QString missingRoleValue;
    QString otherResourceId; ///< AssignedOnOtherApp: where the role is held instead
    QString explanation; ///< one sentence naming the missing link (or confirming the path)

    bool isComplete() const { return brk == Break::None; }
};

TokenPath traceTokenPath(const Directory &directory, const TokenPathInput &input);

} // namespace idex
