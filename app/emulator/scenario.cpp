// The scenario as a value: its lookups, its JSON for the admin API and Graph, and the fault names. Reading a scenario
// file is scenarioparser.cpp.
#include "scenario.h"

#include "directory/directoryjson.h"

#include <QJsonArray>

namespace idex::emulator {

namespace {

QJsonArray rolesJson(const QList<AppRole> &roles)
{
    QJsonArray array;
    for (const AppRole &role : roles) {
        QJsonObject json = directoryjson::toJson(role);
        json.insert(QStringLiteral("origin"), QStringLiteral("Application"));
        array.append(json);
    }
    return array;
}

/*! Whether \a a and \a b are the same text but for case, as QString::compare(..., Qt::CaseInsensitive) == 0 says.
    Every token request looks its identity, resource and roles up through these (ids, names), and Qt's compare folds
    each character on its own (about 35 instructions a character, mismatches included): an ASCII fast path ends at
    the first difference, and any non-ASCII character goes to Qt's own folding. */
bool sameText(QStringView a, QStringView b)
{
    if (a.size() != b.size())
        return false; // Qt's compare too: texts of other lengths never match
    for (qsizetype i = 0; i < a.size(); ++i) {
        const char16_t x = a[i].unicode(), y = b[i].unicode();
        if (x == y)
            continue;
        if (x >= 0x80 || y >= 0x80)
            return a.compare(b, Qt::CaseInsensitive) == 0; // the whole text: a surrogate pair folds as one
        const char16_t lx = x >= u'A' && x <= u'Z' ? char16_t(x + 32) : x;
        const char16_t ly = y >= u'A' && y <= u'Z' ? char16_t(y + 32) : y;
        if (lx != ly)
            return false;
    }
    return true;
}

/*! A resource without its trailing slashes, as Entra compares them. A view: the token route asks this for every
    service principal name on every request, so it must not allocate. */
QStringView withoutTrailingSlashes(QStringView resource)
{
    while (resource.endsWith(u'/'))
        resource.chop(1);
    return resource;
}

} // namespace

QString Fault::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Latency: return QStringLiteral("latency");
    case Kind::Status: return QStringLiteral("status");
    case Kind::UpgradeWindow: return QStringLiteral("upgradeWindow");
    case Kind::Throttle: return QStringLiteral("throttle");
    case Kind::IdentityNotFound: return QStringLiteral("identityNotFound");
    case Kind::ExpiredToken: return QStringLiteral("expiredToken");
    case Kind::NotYetValidToken: return QStringLiteral("notYetValidToken");
    case Kind::ClockSkew: return QStringLiteral("clockSkew");
    case Kind::KeyRollover: return QStringLiteral("keyRollover");
    }
    return {};
}

bool Fault::kindFromName(const QString &name, Kind *kind)
{
    for (Kind k : { Kind::Latency, Kind::Status, Kind::UpgradeWindow, Kind::Throttle, Kind::IdentityNotFound,
             Kind::ExpiredToken, Kind::NotYetValidToken, Kind::ClockSkew, Kind::KeyRollover }) {
        if (kindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

const Identity *Scenario::identityByName(const QString &n) const
{
    for (const Identity &i : identities)
        if (i.name == n)
            return &i;
    return nullptr;
}
const Identity *Scenario::identityByClientId(const QString &id) const
{
    for (const Identity &i : identities)
        if (sameText(i.clientId, id))
            return &i;
    return nullptr;
}
const Identity *Scenario::identityByPrincipalId(const QString &id) const
{
    for (const Identity &i : identities)
        if (sameText(i.principalId, id))
            return &i;
    return nullptr;
}
const Identity *Scenario::identityByResourceId(const QString &id) const
{
    for (const Identity &i : identities)
        if (sameText(i.resourceId, id))
            return &i;
    return nullptr;
}
const Identity *Scenario::systemIdentity() const
{
    for (const Identity &i : identities)
        if (i.isSystem() && i.attached)
            return &i;
    return nullptr;
}
const Application *Scenario::applicationByName(const QString &n) const
{
    for (const Application &a : applications)
        if (a.displayName == n)
            return &a;
    return nullptr;
}
const Application *Scenario::applicationByAppId(const QString &id) const
{
    for (const Application &a : applications)
        if (sameText(a.appId, id))
            return &a;
    return nullptr;
}
const ServicePrincipal *Scenario::servicePrincipalById(const QString &id) const
{
    for (const ServicePrincipal &s : servicePrincipals)
        if (sameText(s.id, id))
            return &s;
    return nullptr;
}
const ServicePrincipal *Scenario::servicePrincipalByAppId(const QString &id) const
{
    for (const ServicePrincipal &s : servicePrincipals)
        if (sameText(s.appId, id))
            return &s;
    return nullptr;
}
const ServicePrincipal *Scenario::servicePrincipalForResource(const QString &resource) const
{
    const QStringView wanted = withoutTrailingSlashes(resource);
    if (wanted.isEmpty())
        return nullptr;
    for (const ServicePrincipal &s : servicePrincipals) {
        if (s.isManagedIdentity())
            continue;
        for (const QString &name : s.servicePrincipalNames)
            if (sameText(withoutTrailingSlashes(name), wanted))
                return &s;
    }
    return nullptr;
}
const ProtectedFunction *Scenario::functionByPath(const QString &p) const
{
    for (const ProtectedFunction &f : functions)
        if (sameText(f.path, p))
            return &f;
    return nullptr;
}
const AppRoleAssignment *Scenario::assignmentById(const QString &id) const
{
    for (const AppRoleAssignment &a : appRoleAssignments)
        if (a.id == id)
            return &a;
    return nullptr;
}

QStringList Scenario::rolesOf(const QString &principalId, const QString &resourceSpId) const
{
    QStringList roles;
    const ServicePrincipal *sp = servicePrincipalById(resourceSpId);
    if (!sp)
        return roles;
    for (const AppRoleAssignment &a : appRoleAssignments) {
        if (!sameText(a.principalId, principalId) || !sameText(a.resourceId, resourceSpId))
            continue;
        for (const AppRole &role : sp->appRoles)
            if (sameText(role.id, a.appRoleId) && role.isEnabled && !roles.contains(role.value))
                roles << role.value;
    }
    return roles;
}

// The one Graph JSON writer is app/directory's; Graph's read-only extras (origin, deletedDateTime, empty
// permission lists) are added here so that clients expecting Graph's full shape find them.
QJsonObject toGraphJson(const AppRoleAssignment &a)
{
    QJsonObject json = directoryjson::toJson(a);
    json.insert(QStringLiteral("createdDateTime"), a.createdDateTime.toUTC().toString(Qt::ISODateWithMs));
    json.insert(QStringLiteral("deletedDateTime"), QJsonValue());
    return json;
}

QJsonObject toGraphJson(const Application &a)
{
    QJsonObject json = directoryjson::toJson(a);
    json.insert(QStringLiteral("appRoles"), rolesJson(a.appRoles));
    QJsonObject api = json.value(QStringLiteral("api")).toObject();
    api.insert(QStringLiteral("oauth2PermissionScopes"), QJsonArray());
    json.insert(QStringLiteral("api"), api);
    json.insert(QStringLiteral("signInAudience"), QStringLiteral("AzureADMyOrg"));
    json.insert(QStringLiteral("requiredResourceAccess"), QJsonArray());
    return json;
}

QJsonObject toGraphJson(const ServicePrincipal &s)
{
    QJsonObject json = directoryjson::toJson(s);
    json.insert(QStringLiteral("appRoles"), rolesJson(s.appRoles));
    json.insert(QStringLiteral("appOwnerOrganizationId"),
        s.appOwnerOrganizationId.isEmpty() ? QJsonValue() : QJsonValue(s.appOwnerOrganizationId));
    json.insert(QStringLiteral("accountEnabled"), true);
    json.insert(QStringLiteral("oauth2PermissionScopes"), QJsonArray());
    return json;
}

QJsonObject Scenario::toJson() const
{
    QJsonArray ids, apps, sps, assignments, funcs, faultList;
    for (const Identity &i : identities) {
        QJsonObject o { { QStringLiteral("kind"), i.isSystem() ? QStringLiteral("system") : QStringLiteral("user") },
            { QStringLiteral("name"), i.name }, { QStringLiteral("clientId"), i.clientId },
            { QStringLiteral("principalId"), i.principalId }, { QStringLiteral("resourceId"), i.resourceId },
            { QStringLiteral("attached"), i.attached } };
        if (!i.enabled)
            o.insert(QStringLiteral("enabled"), false);
        if (!i.federatedSubject.isEmpty())
            o.insert(QStringLiteral("federatedSubject"), i.federatedSubject);
        ids.append(o);
    }
    // The scenario file format, not Graph's shapes: what toJson() writes, parseScenario() reads back.
    for (const Application &a : applications) {
        QJsonObject o { { QStringLiteral("id"), a.id }, { QStringLiteral("appId"), a.appId },
            { QStringLiteral("displayName"), a.displayName },
            { QStringLiteral("identifierUris"), QJsonArray::fromStringList(a.identifierUris) },
            { QStringLiteral("appRoles"), rolesJson(a.appRoles) } };
        if (a.requestedAccessTokenVersion)
            o.insert(QStringLiteral("requestedAccessTokenVersion"), *a.requestedAccessTokenVersion);
        apps.append(o);
    }
    for (const ServicePrincipal &sp : servicePrincipals) {
        if (sp.isManagedIdentity())
            continue; // derived from "identities" when loaded
        sps.append(QJsonObject { { QStringLiteral("id"), sp.id }, { QStringLiteral("appId"), sp.appId },
            { QStringLiteral("displayName"), sp.displayName },
            { QStringLiteral("servicePrincipalType"), sp.servicePrincipalType },
            { QStringLiteral("servicePrincipalNames"), QJsonArray::fromStringList(sp.servicePrincipalNames) },
            { QStringLiteral("appRoles"), rolesJson(sp.appRoles) },
            { QStringLiteral("appOwnerOrganizationId"), sp.appOwnerOrganizationId },
            { QStringLiteral("appRoleAssignmentRequired"), sp.appRoleAssignmentRequired } });
    }
    for (const AppRoleAssignment &a : appRoleAssignments) {
        assignments.append(QJsonObject { { QStringLiteral("id"), a.id }, { QStringLiteral("appRoleId"), a.appRoleId },
            { QStringLiteral("principalId"), a.principalId }, { QStringLiteral("resourceId"), a.resourceId },
            { QStringLiteral("createdDateTime"), a.createdDateTime.toUTC().toString(Qt::ISODateWithMs) } });
    }
    for (const ProtectedFunction &f : functions) {
        funcs.append(QJsonObject { { QStringLiteral("name"), f.name }, { QStringLiteral("path"), f.path },
            { QStringLiteral("appId"), f.appId },
            { QStringLiteral("allowedAudiences"), QJsonArray::fromStringList(f.allowedAudiences) },
            { QStringLiteral("issuer"), f.issuer },
            { QStringLiteral("requiredRoles"), QJsonArray::fromStringList(f.requiredRoles) },
            { QStringLiteral("allowedApplications"), QJsonArray::fromStringList(f.allowedApplications) },
            { QStringLiteral("realm"), f.realm } });
    }
    for (const Fault &f : faults) {
        faultList.append(QJsonObject { { QStringLiteral("kind"), Fault::kindName(f.kind) },
            { QStringLiteral("route"), f.route }, { QStringLiteral("status"), f.status },
            { QStringLiteral("probability"), f.probability }, { QStringLiteral("count"), f.count },
            { QStringLiteral("latencyMs"), f.latencyMs }, { QStringLiteral("retryAfterSeconds"), f.retryAfterSeconds },
            { QStringLiteral("windowSeconds"), f.windowSeconds }, { QStringLiteral("skewSeconds"), f.skewSeconds } });
    }
    return { { QStringLiteral("name"), name }, { QStringLiteral("description"), description },
        { QStringLiteral("tenantId"), tenantId }, { QStringLiteral("tenantDomain"), tenantDomain },
        { QStringLiteral("tokenLifetimeSeconds"), tokenLifetimeSeconds },
        { QStringLiteral("arcKeyFileName"), arcKeyFileName },
        { QStringLiteral("federatedTokenFileName"), federatedTokenFileName }, { QStringLiteral("identities"), ids },
        { QStringLiteral("applications"), apps }, { QStringLiteral("servicePrincipals"), sps },
        { QStringLiteral("appRoleAssignments"), assignments }, { QStringLiteral("functions"), funcs },
        { QStringLiteral("faults"), faultList },
        { QStringLiteral("walkthrough"),
            QJsonObject { { QStringLiteral("identity"), walkthrough.identity },
                { QStringLiteral("resource"), walkthrough.resource },
                { QStringLiteral("functionPath"), walkthrough.functionPath },
                { QStringLiteral("expected"), walkthrough.expected },
                { QStringLiteral("explanation"), walkthrough.explanation } } } };
}

ServicePrincipal managedIdentityServicePrincipal(const Identity &i)
{
    ServicePrincipal sp;
    sp.id = i.principalId;
    sp.appId = i.clientId;
    sp.displayName = i.name;
    sp.servicePrincipalType = QStringLiteral("ManagedIdentity");
    sp.servicePrincipalNames = { i.clientId, QStringLiteral("https://identity.azure.net/") + i.clientId };
    sp.alternativeNames
        = { i.isSystem() ? QStringLiteral("isExplicit=False") : QStringLiteral("isExplicit=True"), i.resourceId };
    sp.appOwnerOrganizationId = QStringLiteral("f8cdef31-a31e-4b4a-93e4-5f571e91255a");
    return sp;
}

} // namespace idex::emulator
