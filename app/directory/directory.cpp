#include "directory.h"

#include <QStringMatcher>

#include <algorithm>
#include <iterator>
#include <thread>

namespace idex {

namespace {
// Whether an ARM id names a user-assigned identity resource, case-insensitively. ASCII text (every ARM id Azure
// writes) is compared at its slashes, folding only A-Z: case folding changes no other ASCII character, and none of
// the pattern's, so the answer is the general search's; text with any other character takes the general search
// (a prepared case-insensitive matcher, a few hundred instructions per identity in every layout).
bool namesUserAssignedResource(const QString &armId)
{
    static constexpr char16_t pattern[] = u"/microsoft.managedidentity/userassignedidentities/";
    constexpr qsizetype length = std::size(pattern) - 1;
    const QStringView view(armId);
    const bool ascii = std::all_of(view.begin(), view.end(), [](QChar c) { return c.unicode() < 0x80; });
    if (!ascii) {
        static const QStringMatcher userAssigned(
            QStringLiteral("/Microsoft.ManagedIdentity/userAssignedIdentities/"), Qt::CaseInsensitive);
        return userAssigned.indexIn(armId) >= 0;
    }
    const auto lower = [](char16_t c) { return char16_t(c - u'A') < 26 ? char16_t(c + (u'a' - u'A')) : c; };
    // Only at a slash (an ARM id has about ten), found by Qt's vectorised search.
    for (qsizetype i = view.indexOf(u'/'); i >= 0 && i + length <= view.size(); i = view.indexOf(u'/', i + 1)) {
        qsizetype k = 1;
        while (k < length && lower(view[i + k].unicode()) == pattern[k])
            ++k;
        if (k == length)
            return true;
    }
    return false;
}
} // namespace

ServicePrincipal::ManagedIdentityKind ServicePrincipal::managedIdentityKind() const
{
    if (!isManagedIdentity())
        return ManagedIdentityKind::NotManaged;
    const QString *armId = nullptr; // armResourceId(), found in the same pass
    for (const QString &name : alternativeNames) {
        // Case-insensitive equality needs equal lengths, and Graph's spelling is matched exactly first: Qt's
        // case-insensitive comparison costs hundreds of instructions. Only '/' folds to '/'.
        if (name.size() == 15
            && (name == QLatin1String("isExplicit=True")
                || name.compare(QLatin1String("isExplicit=True"), Qt::CaseInsensitive) == 0))
            return ManagedIdentityKind::UserAssigned;
        if (!armId && name.startsWith(u'/') && name.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive))
            armId = &name;
    }
    // Graph omits the flag on older system-assigned identities; an ARM id of a userAssignedIdentities resource
    // still tells the truth.
    if (armId && namesUserAssignedResource(*armId))
        return ManagedIdentityKind::UserAssigned;
    return ManagedIdentityKind::SystemAssigned;
}

QString ServicePrincipal::armResourceId() const
{
    for (const QString &name : alternativeNames) {
        if (name.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive))
            return name;
    }
    return {};
}

QString ServicePrincipal::kindLabel() const
{
    return kindLabel(managedIdentityKind());
}

QString ServicePrincipal::kindLabel(ManagedIdentityKind kind) const
{
    switch (kind) {
    case ManagedIdentityKind::UserAssigned: return QStringLiteral("Managed identity (user-assigned)");
    case ManagedIdentityKind::SystemAssigned: return QStringLiteral("Managed identity (system-assigned)");
    case ManagedIdentityKind::NotManaged: break;
    }
    if (servicePrincipalType.isEmpty())
        return QStringLiteral("Service principal");
    return servicePrincipalType;
}

void Directory::addApplication(const Application &application)
{
    addApplication(Application(application));
}

void Directory::addApplication(Application &&application)
{
    m_applications.append(std::move(application));
    indexApplications(m_applications.size() - 1);
}

void Directory::addServicePrincipal(const ServicePrincipal &servicePrincipal)
{
    addServicePrincipal(ServicePrincipal(servicePrincipal));
}

void Directory::addServicePrincipal(ServicePrincipal &&servicePrincipal)
{
    m_servicePrincipals.append(std::move(servicePrincipal));
    indexServicePrincipals(m_servicePrincipals.size() - 1);
}

void Directory::addAssignment(const AppRoleAssignment &assignment)
{
    addAssignment(AppRoleAssignment(assignment));
}

void Directory::addAssignment(AppRoleAssignment &&assignment)
{
    m_assignments.append(std::move(assignment));
    indexAssignments(m_assignments.size() - 1);
}

namespace {
// Appends \a from to \a to, taking the list over whole when \a to is empty (the usual case: a fresh directory).
template<typename T> void appendAll(QList<T> &to, QList<T> &&from)
{
    if (to.isEmpty()) {
        to = std::move(from);
        return;
    }
    to.reserve(to.size() + from.size());
    for (T &value : from)
        to.append(std::move(value));
    from = {};
}
} // namespace

void Directory::addAll(QList<Application> &&applications, QList<ServicePrincipal> &&servicePrincipals,
    QList<AppRoleAssignment> &&assignments, QList<OAuth2PermissionGrant> &&grants)
{
    const qsizetype firstApplication = m_applications.size();
    const qsizetype firstServicePrincipal = m_servicePrincipals.size();
    const qsizetype firstAssignment = m_assignments.size();
    appendAll(m_applications, std::move(applications));
    appendAll(m_servicePrincipals, std::move(servicePrincipals));
    appendAll(m_assignments, std::move(assignments));
    appendAll(m_grants, std::move(grants));
    // The indexes share nothing, so they are built side by side in two halves of about equal cost: the objects'
    // and the assignments' ids on one thread, who holds and who grants each assignment on the other (on one core,
    // the index of 300,000 assignments alone was a tenth of a large snapshot's load).
    std::thread ids([&] {
        m_appById.reserve(m_applications.size());
        m_appByAppId.reserve(m_applications.size());
        indexApplications(firstApplication);
        m_spById.reserve(m_servicePrincipals.size());
        m_spByAppId.reserve(m_servicePrincipals.size());
        indexServicePrincipals(firstServicePrincipal);
        m_assignmentById.reserve(m_assignments.size());
        for (qsizetype i = firstAssignment; i < m_assignments.size(); ++i)
            m_assignmentById.insert(m_assignments.at(i).id, i);
    });
    for (qsizetype i = firstAssignment; i < m_assignments.size(); ++i) {
        const AppRoleAssignment &a = m_assignments.at(i);
        m_assignmentsByPrincipal[key(a.principalId)].append(i);
        m_assignmentsByResource[key(a.resourceId)].append(i);
    }
    ids.join();
}

void Directory::indexApplications(qsizetype from)
{
    for (qsizetype i = from; i < m_applications.size(); ++i) {
        const Application &app = m_applications.at(i);
        m_appById.insert(key(app.id), i);
        if (!app.appId.isEmpty())
            m_appByAppId.insert(key(app.appId), i);
    }
}

void Directory::indexServicePrincipals(qsizetype from)
{
    for (qsizetype i = from; i < m_servicePrincipals.size(); ++i) {
        const ServicePrincipal &sp = m_servicePrincipals.at(i);
        m_spById.insert(key(sp.id), i);
        if (!sp.appId.isEmpty())
            m_spByAppId.insert(key(sp.appId), i);
    }
}

void Directory::indexAssignments(qsizetype from)
{
    for (qsizetype i = from; i < m_assignments.size(); ++i) {
        const AppRoleAssignment &a = m_assignments.at(i);
        m_assignmentById.insert(a.id, i);
        m_assignmentsByPrincipal[key(a.principalId)].append(i);
        m_assignmentsByResource[key(a.resourceId)].append(i);
    }
}

void Directory::addGrant(const OAuth2PermissionGrant &grant)
{
    m_grants.append(grant);
}

bool Directory::removeAssignment(const QString &assignmentId)
{
    const auto it = m_assignmentById.constFind(assignmentId);
    if (it == m_assignmentById.cend())
        return false;
    m_assignments.removeAt(*it);
    reindexAssignments();
    return true;
}

void Directory::clear()
{
    *this = Directory();
}

void Directory::reindexAssignments()
{
    m_assignmentById.clear();
    m_assignmentsByPrincipal.clear();
    m_assignmentsByResource.clear();
    indexAssignments(0);
}

namespace {
template<typename T> const T *lookup(const QHash<QString, qsizetype> &index, const QList<T> &list, const QString &k)
{
    const auto it = index.constFind(k);
    return it == index.cend() ? nullptr : &list.at(*it);
}
} // namespace

const Application *Directory::application(const QString &objectId) const
{
    return lookup(m_appById, m_applications, key(objectId));
}

const Application *Directory::applicationByAppId(const QString &appId) const
{
    return lookup(m_appByAppId, m_applications, key(appId));
}

const ServicePrincipal *Directory::servicePrincipal(const QString &objectId) const
{
    return lookup(m_spById, m_servicePrincipals, key(objectId));
}

const ServicePrincipal *Directory::servicePrincipalByAppId(const QString &appId) const
{
    return lookup(m_spByAppId, m_servicePrincipals, key(appId));
}

const AppRoleAssignment *Directory::assignment(const QString &assignmentId) const
{
    return lookup(m_assignmentById, m_assignments, assignmentId);
}

const ServicePrincipal *Directory::servicePrincipalForAudience(const QString &audience) const
{
    QString aud = audience.trimmed();
    if (aud.endsWith(QLatin1String("/.default")))
        aud.chop(9);
    if (aud.isEmpty())
        return nullptr;
    if (const ServicePrincipal *sp = servicePrincipalByAppId(aud))
        return sp;
    auto same = [](QString a, QString b) {
        while (a.endsWith(u'/'))
            a.chop(1);
        while (b.endsWith(u'/'))
            b.chop(1);
        return a.compare(b, Qt::CaseInsensitive) == 0;
    };
    for (const Application &app : m_applications) {
        for (const QString &uri : app.identifierUris) {
            if (same(uri, aud)) {
                if (const ServicePrincipal *sp = servicePrincipalByAppId(app.appId))
                    return sp;
            }
        }
    }
    for (const ServicePrincipal &sp : m_servicePrincipals) {
        for (const QString &name : sp.servicePrincipalNames) {
            if (same(name, aud))
                return &sp;
        }
    }
    return nullptr;
}

QList<AppRole> Directory::rolesOf(const ServicePrincipal &resource) const
{
    if (!resource.appRoles.isEmpty())
        return resource.appRoles;
    if (const Application *app = applicationByAppId(resource.appId))
        return app->appRoles;
    return {};
}

std::optional<AppRole> Directory::role(const QString &resourceSpId, const QString &appRoleId) const
{
    const ServicePrincipal *sp = servicePrincipal(resourceSpId);
    if (!sp)
        return std::nullopt;
    for (const AppRole &r : rolesOf(*sp)) {
        if (r.id.compare(appRoleId, Qt::CaseInsensitive) == 0)
            return r;
    }
    return std::nullopt;
}

std::optional<AppRole> Directory::roleByValue(const QString &resourceSpId, const QString &value) const
{
    const ServicePrincipal *sp = servicePrincipal(resourceSpId);
    if (!sp)
        return std::nullopt;
    for (const AppRole &r : rolesOf(*sp)) {
        if (r.value == value)
            return r;
    }
    return std::nullopt;
}

QList<const AppRoleAssignment *> Directory::assignmentsHeldBy(const QString &principalId) const
{
    QList<const AppRoleAssignment *> result;
    for (qsizetype i : m_assignmentsByPrincipal.value(key(principalId)))
        result.append(&m_assignments.at(i));
    return result;
}

QList<const AppRoleAssignment *> Directory::assignmentsOn(const QString &resourceSpId) const
{
    QList<const AppRoleAssignment *> result;
    for (qsizetype i : m_assignmentsByResource.value(key(resourceSpId)))
        result.append(&m_assignments.at(i));
    return result;
}

QList<const AppRoleAssignment *> Directory::assignmentsFor(
    const QString &principalId, const QString &resourceSpId, const QString &appRoleId) const
{
    QList<const AppRoleAssignment *> result;
    for (const AppRoleAssignment *a : assignmentsHeldBy(principalId)) {
        if (a->resourceId.compare(resourceSpId, Qt::CaseInsensitive) == 0
            && a->appRoleId.compare(appRoleId, Qt::CaseInsensitive) == 0)
            result.append(a);
    }
    return result;
}

QString Directory::displayNameOf(const QString &objectId) const
{
    if (const ServicePrincipal *sp = servicePrincipal(objectId))
        return sp->displayName;
    if (const Application *app = application(objectId))
        return app->displayName;
    for (qsizetype i : m_assignmentsByPrincipal.value(key(objectId)))
        return m_assignments.at(i).principalDisplayName;
    return {};
}

} // namespace idex
