#include "scenarionames.h"

#include "directory/objectnames.h"

namespace idex::emulator {

namespace {
QString labelled(const QString &name, const QString &guid)
{
    return QStringLiteral("%1 (%2)").arg(name, ObjectNames::shortGuid(guid));
}
} // namespace

QString callerLabel(const Scenario &scenario, const QString &appId)
{
    if (const Identity *identity = scenario.identityByClientId(appId))
        return labelled(identity->name, appId);
    if (const ServicePrincipal *sp = scenario.servicePrincipalByAppId(appId))
        return labelled(sp->displayName, appId);
    return appId.isEmpty() ? QStringLiteral("a caller without appid") : ObjectNames::shortGuid(appId);
}

QString appRoleLabel(const Scenario &scenario, const QString &resourceSpId, const QString &appRoleId)
{
    if (appRoleId == QLatin1String("00000000-0000-0000-0000-000000000000"))
        return QStringLiteral("default access");
    if (const ServicePrincipal *sp = scenario.servicePrincipalById(resourceSpId)) {
        for (const AppRole &role : sp->appRoles) {
            if (role.id.compare(appRoleId, Qt::CaseInsensitive) == 0)
                return role.value.isEmpty() ? role.displayName : role.value;
        }
    }
    return QStringLiteral("app role %1").arg(ObjectNames::shortGuid(appRoleId));
}

QString applicationLabel(const Scenario &scenario, const QString &objectId)
{
    for (const Application &application : scenario.applications) {
        if (application.id.compare(objectId, Qt::CaseInsensitive) == 0)
            return QStringLiteral("%1 (app registration)").arg(application.displayName);
    }
    return ObjectNames::shortGuid(objectId);
}

} // namespace idex::emulator
