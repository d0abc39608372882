#pragma once
// Live edits of a running scenario that Azure makes through ARM and Graph, with Azure's rules and wording: turning a
// host's system-assigned identity on and off, and replacing an application's app roles (Graph PATCH).

#include "scenario.h"

namespace idex::emulator {

/*! Why Graph refused an edit: the HTTP status, Graph's error code and message. */
struct GraphRefusal
{
    int status = 400;
    QString code;
    QString message;
};

/*! Turns the system-assigned identity of the host \a name on or off, as Azure does. Off: the identity is detached
    and its service principal is deleted with every app role assignment it held (the managed identity endpoint then
    answers "Identity not found"). On again: a new service principal with a new client and object ID, holding no
    role. Turning on an identity that is on (or off one that is off) changes nothing. False with \a error when no
    system-assigned identity of that name exists. */
bool setSystemIdentityEnabled(Scenario &scenario, const QString &name, bool enabled, QString *error);

/*! Graph `PATCH /applications/{id}` with `appRoles`: the array replaces the application's roles (and those of its
    service principal, which mirrors them). Graph's rules: an enabled role cannot be removed nor its value changed
    (400 CannotDeleteOrUpdateEnabledEntitlement: PATCH it with "isEnabled": false first); ids and the values of
    enabled roles are unique. Assignments of a removed role stay, granting nothing. */
bool replaceAppRoles(
    Scenario &scenario, const QString &applicationId, const QList<AppRole> &roles, GraphRefusal *refusal);

} // namespace idex::emulator
