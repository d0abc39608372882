#include "tokenpath.h"

#include "jwt/decodedtoken.h"

namespace idex {

TokenPathInput TokenPathInput::fromToken(const DecodedToken &token, const QStringList &requiredRoles)
{
    TokenPathInput input;
    input.objectId = token.objectId();
    input.clientId = token.clientId();
    input.audience = token.audience();
    input.roles = token.roles();
    input.requiredRoles = requiredRoles;
    return input;
}

TokenPath traceTokenPath(const Directory &directory, const TokenPathInput &input)
{
    TokenPath path;
    const ServicePrincipal *principal = input.objectId.isEmpty() ? nullptr : directory.servicePrincipal(input.objectId);
    if (!principal && !input.clientId.isEmpty())
        principal = directory.servicePrincipalByAppId(input.clientId);
    const ServicePrincipal *resource = directory.servicePrincipalForAudience(input.audience);
    if (principal)
        path.principalId = principal->id;
    if (resource)
        path.resourceId = resource->id;

    if (!principal) {
        path.brk = TokenPath::Break::PrincipalUnknown;
        path.explanation = QStringLiteral("The caller (oid %1, appid %2) is not a service principal of this directory.")
                               .arg(input.objectId.isEmpty() ? QStringLiteral("?") : input.objectId,
                                   input.clientId.isEmpty() ? QStringLiteral("?") : input.clientId);
        return path;
    }
    if (!resource) {
        path.brk = TokenPath::Break::AudienceUnknown;
        path.explanation
            = QStringLiteral("No service principal of this directory answers to the audience \"%1\": the token is for "
                             "an API this directory does not hold, or the aud is wrong.")
                  .arg(input.audience);
        return path;
    }

    for (const AppRoleAssignment *a : directory.assignmentsHeldBy(principal->id)) {
        if (a->resourceId.compare(resource->id, Qt::CaseInsensitive) == 0) {
            path.assignmentIds.append(a->id);
            path.heldRoleIds.append(a->appRoleId);
        }
    }

    // The roles that would do: those the API requires, else every role it offers to applications.
    QStringList wanted = input.requiredRoles;
    const QList<AppRole> offered = directory.rolesOf(*resource);
    if (wanted.isEmpty()) {
        for (const AppRole &r : offered) {
            if (r.allowsApplications() && r.isEnabled)
                wanted.append(r.value);
        }
    }
    auto heldValue = [&](const QString &value) {
        for (const QString &rid : std::as_const(path.heldRoleIds)) {
            const auto role = directory.role(resource->id, rid);
            if (role && role->value == value)
                return true;
        }
        return false;
    };
    for (const QString &value : std::as_const(wanted)) {
        if (heldValue(value)) {
            path.explanation
                = QStringLiteral("%1 holds %2 on %3.").arg(principal->displayName, value, resource->displayName);
            return path;
        }
    }
    if (wanted.isEmpty() && !path.assignmentIds.isEmpty()) {
        path.explanation = QStringLiteral("%1 holds %2 assignment(s) on %3.")
                               .arg(principal->displayName)
                               .arg(path.assignmentIds.size())
                               .arg(resource->displayName);
        return path;
    }

    // Broken: name the link that is missing.
    const QString roleValue = wanted.value(0);
    const auto role = roleValue.isEmpty() ? std::nullopt : directory.roleByValue(resource->id, roleValue);
    if (role) {
        path.missingRoleId = role->id;
        path.missingRoleValue = role->value;
    } else {
        path.missingRoleValue = roleValue;
    }
    if (!roleValue.isEmpty()) {
        // Held on another API? (the classic wrong-audience mistake)
        for (const AppRoleAssignment *a : directory.assignmentsHeldBy(principal->id)) {
            const auto other = directory.role(a->resourceId, a->appRoleId);
            if (other && wanted.contains(other->value)
                && a->resourceId.compare(resource->id, Qt::CaseInsensitive) != 0) {
                path.brk = TokenPath::Break::AssignedOnOtherApp;
                path.otherResourceId = a->resourceId;
                path.explanation = QStringLiteral(
                    "%1 holds %2 on %3, but the token is for %4: ask for a token with that API's audience, "
                    "or assign %2 on %4.")
                                       .arg(principal->displayName, other->value,
                                           directory.displayNameOf(a->resourceId), resource->displayName);
                return path;
            }
        }
    }
    if (!roleValue.isEmpty() && !role) {
        path.brk = TokenPath::Break::RoleNotDefined;
        path.explanation
            = QStringLiteral("%1 defines no app role \"%2\": add it to its app registration, then assign it to %3.")
                  .arg(resource->displayName, roleValue, principal->displayName);
        return path;
    }
    if (path.assignmentIds.isEmpty()) {
        path.brk = TokenPath::Break::NoAssignment;
        path.explanation = roleValue.isEmpty()
            ? QStringLiteral("%1 holds no app role on %2, and %2 offers no role to applications.")
                  .arg(principal->displayName, resource->displayName)
            : QStringLiteral("Missing link: %1 is not assigned %2 on %3 (no app role assignment), so its tokens carry "
                             "no roles for it.")
                  .arg(principal->displayName, roleValue, resource->displayName);
        return path;
    }
    path.brk = TokenPath::Break::RoleNotAssigned;
    path.explanation = QStringLiteral("Missing link: %1 holds other roles on %2, but not %3.")
                           .arg(principal->displayName, resource->displayName, roleValue);
    return path;
}

} // namespace idex
