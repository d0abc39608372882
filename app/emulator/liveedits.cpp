#include "liveedits.h"

#include <QSet>
#include <QUuid>

namespace idex::emulator {

namespace {

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool sameId(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

bool setSystemIdentityEnabled(Scenario &scenario, const QString &name, bool enabled, QString *error)
{
    const auto it = std::find_if(scenario.identities.begin(), scenario.identities.end(),
        [&](const Identity &i) { return i.isSystem() && i.name == name; });
    if (it == scenario.identities.end()) {
        *error = QStringLiteral("No host named '%1' with a system-assigned identity in scenario %2.")
                     .arg(name, scenario.name);
        return false;
    }
    Identity &identity = *it;
    if (enabled) {
        if (identity.enabled) {
            identity.attached = true;
            return true;
        }
        // Azure creates a brand-new service principal: new IDs, no role assignments.
        identity.clientId = newGuid();
        identity.principalId = newGuid();
        identity.enabled = true;
        identity.attached = true;
        scenario.servicePrincipals << managedIdentityServicePrincipal(identity);
        return true;
    }
    if (!identity.enabled)
        return true;
    const QString principalId = identity.principalId;
    identity.enabled = false;
    identity.attached = false;
    scenario.servicePrincipals.removeIf([&](const ServicePrincipal &sp) { return sameId(sp.id, principalId); });
    scenario.appRoleAssignments.removeIf(
        [&](const AppRoleAssignment &a) { return sameId(a.principalId, principalId); });
    return true;
}

bool replaceAppRoles(
    Scenario &scenario, const QString &applicationId, const QList<AppRole> &roles, GraphRefusal *refusal)
{
    const auto app = std::find_if(scenario.applications.begin(), scenario.applications.end(),
        [&](const Application &a) { return sameId(a.id, applicationId); });
    if (app == scenario.applications.end()) {
        *refusal = { 404, QStringLiteral("Request_ResourceNotFound"),
            QStringLiteral(
                "Resource '%1' does not exist or one of its queried reference-property objects are not present.")
                .arg(applicationId) };
        return false;
    }
    QSet<QString> ids, enabledValues;
    for (const AppRole &role : roles) {
        if (role.allowedMemberTypes.isEmpty()) {
            *refusal = { 400, QStringLiteral("Request_BadRequest"),
                QStringLiteral("The app role '%1' needs at least one allowedMemberTypes value (User, Application).")
                    .arg(role.value) };
            return false;
        }
        if (ids.contains(role.id.toLower())) {
            *refusal = { 400, QStringLiteral("Request_BadRequest"),
                QStringLiteral("Two app roles have the id %1.").arg(role.id) };
            return false;
        }
        ids.insert(role.id.toLower());
        if (role.isEnabled && enabledValues.contains(role.value)) {
            *refusal = { 400, QStringLiteral("Request_BadRequest"),
                QStringLiteral("Two enabled app roles have the value '%1'.").arg(role.value) };
            return false;
        }
        if (role.isEnabled)
            enabledValues.insert(role.value);
    }
    // Graph's rule: an enabled role is neither removed nor given another value; disable it first.
    for (const AppRole &old : std::as_const(app->appRoles)) {
        if (!old.isEnabled)
            continue;
        const auto now
            = std::find_if(roles.begin(), roles.end(), [&](const AppRole &r) { return sameId(r.id, old.id); });
        if (now == roles.end() || now->value != old.value) {
            *refusal = { 400, QStringLiteral("CannotDeleteOrUpdateEnabledEntitlement"),
                QStringLiteral("Permission (scope or role) cannot be deleted or updated unless disabled first.") };
            return false;
        }
    }
    app->appRoles = roles;
    for (ServicePrincipal &sp : scenario.servicePrincipals)
        if (sameId(sp.appId, app->appId))
            sp.appRoles = roles;
    return true;
}

} // namespace idex::emulator
