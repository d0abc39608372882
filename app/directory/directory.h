#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace idex {

/*! \a id in lower case, for case-insensitive keys. Ids are nearly always lower-case ASCII already (GUIDs, as Graph
    writes them): then the same string is returned, shared, after one pass over it; QString::toLower's Unicode
    tables cost several times more and were a quarter of the layout's time. */
inline QString foldedId(const QString &id)
{
    const QChar *p = id.constData();
    const QChar *const end = p + id.size();
    for (; p != end; ++p) {
        const char16_t c = p->unicode();
        if (c >= 0x80 || char16_t(c - u'A') < 26)
            return id.toLower();
    }
    return id;
}

/*! An app role as Graph describes it (application.appRoles / servicePrincipal.appRoles). `value` is the string
    that lands in a token's `roles` claim. */
struct AppRole
{
    QString id;
    QString value;
    QString displayName;
    QString description;
    QStringList allowedMemberTypes; ///< "Application" and/or "User"
    bool isEnabled = true;

    /*! True when a service principal (a managed identity, a daemon) may hold it: an application permission. */
    bool allowsApplications() const { return allowedMemberTypes.contains(QStringLiteral("Application")); }
};

} // namespace idex

// Plain members only (strings, lists, numbers; a member that points into itself, a std::string or a std::function,
// would make this undefined behaviour): a growing list of these is moved by realloc, not element by element,
// so that the 300,000 assignments of a snapshot, gathered as it is read, are never held twice. Declared before the
// first list of them.
Q_DECLARE_TYPEINFO(idex::AppRole, Q_RELOCATABLE_TYPE);

namespace idex {

/*! An app registration (Graph `application`). */
struct Application
{
    QString id; ///< object id
    QString appId; ///< client id
    QString displayName;
    QStringList identifierUris;
    QList<AppRole> appRoles;
    std::optional<int> requestedAccessTokenVersion; ///< api.requestedAccessTokenVersion; absent means 1

    int effectiveTokenVersion() const { return requestedAccessTokenVersion.value_or(1); }
};

/*! A service principal (Graph `servicePrincipal`): the identity of an app or a managed identity in one tenant. */
struct ServicePrincipal
{
    enum class ManagedIdentityKind { NotManaged, SystemAssigned, UserAssigned };

    QString id; ///< object id (the `oid` of its tokens)
    QString appId; ///< client id (the `appid`/`azp` of its tokens)
    QString displayName;
    QString servicePrincipalType; ///< "Application", "ManagedIdentity", "Legacy", "SocialIdp", "ServiceIdentity"
    QStringList alternativeNames; ///< for managed identities: "isExplicit=True|False" and the ARM resource id
    QStringList servicePrincipalNames;
    QList<AppRole> appRoles;
    bool appRoleAssignmentRequired = false;
    QString appOwnerOrganizationId;

    bool isManagedIdentity() const { return servicePrincipalType == QLatin1String("ManagedIdentity"); }
    /*! User-assigned when alternativeNames says isExplicit=True, system-assigned otherwise (Graph's rule). */
    ManagedIdentityKind managedIdentityKind() const;
    /*! kindLabel() for a kind already known (managedIdentityKind() reads every alternative name). */
    QString kindLabel(ManagedIdentityKind kind) const;
    /*! The ARM id found in alternativeNames (the host resource for system-assigned, the identity resource for
        user-assigned); empty when there is none. */
    QString armResourceId() const;
    /*! "Managed identity (user-assigned)", "Application", ... for people. */
    QString kindLabel() const;
};

/*! Who holds which app role on which resource service principal (Graph `appRoleAssignment`). */
struct AppRoleAssignment
{
    QString id; ///< a string key, not a GUID
    QString appRoleId; ///< all zeros = default access
    QString principalId;
    QString principalType; ///< "ServicePrincipal", "User", "Group"
    QString principalDisplayName;
    QString resourceId; ///< the resource service principal
    QString resourceDisplayName;
    QDateTime createdDateTime; ///< UTC; invalid when unknown
};

/*! A delegated permission grant (Graph `oauth2PermissionGrant`). */
struct OAuth2PermissionGrant
{
    QString id;
    QString clientId; ///< client service principal object id
    QString consentType; ///< "AllPrincipals" or "Principal"
    QString principalId; ///< empty for AllPrincipals
    QString resourceId;
    QString scope; ///< space-separated

    QStringList scopes() const { return scope.split(u' ', Qt::SkipEmptyParts); }
};

} // namespace idex

// As AppRole above, before the Directory's lists of them.
Q_DECLARE_TYPEINFO(idex::Application, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(idex::ServicePrincipal, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(idex::AppRoleAssignment, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(idex::OAuth2PermissionGrant, Q_RELOCATABLE_TYPE);

namespace idex {

/*! The directory objects that decide whether a token carries a role: plain values plus indexes by id and appId.
    GUID lookups are case-insensitive. Pointers returned by lookups stay valid until the next mutation. */
class Directory
{
public:
    static QString defaultAccessRoleId() { return QStringLiteral("00000000-0000-0000-0000-000000000000"); }

    QString tenantId;
    QString sourceDescription; ///< "Microsoft Graph", "Emulator (seed)", a file name ...
    QDateTime loadedAt;

    void addApplication(const Application &application);
    void addServicePrincipal(const ServicePrincipal &servicePrincipal);
    void addAssignment(const AppRoleAssignment &assignment);
    void addGrant(const OAuth2PermissionGrant &grant);
    /*! The same, taking the value (a snapshot of 300,000 assignments is not held twice while it is read). */
    void addApplication(Application &&application);
    void addServicePrincipal(ServicePrincipal &&servicePrincipal);
    void addAssignment(AppRoleAssignment &&assignment);
    /*! All of a reader's objects at once, each list taken over whole (not copied element by element) and indexed in
        one pass with the indexes reserved up front; the same result as adding them one by one, in order. */
    void addAll(QList<Application> &&applications, QList<ServicePrincipal> &&servicePrincipals,
        QList<AppRoleAssignment> &&assignments, QList<OAuth2PermissionGrant> &&grants);
    /*! Removes the assignment with this id; false when there is none. */
    bool removeAssignment(const QString &assignmentId);
    void clear();

    const QList<Application> &applications() const { return m_applications; }
    const QList<ServicePrincipal> &servicePrincipals() const { return m_servicePrincipals; }
    const QList<AppRoleAssignment> &assignments() const { return m_assignments; }
    const QList<OAuth2PermissionGrant> &grants() const { return m_grants; }
    bool isEmpty() const
    {
        return m_applications.isEmpty() && m_servicePrincipals.isEmpty() && m_assignments.isEmpty();
    }
    /*! Applications + service principals (the directory objects Graph counts against its quota). */
    qsizetype objectCount() const { return m_applications.size() + m_servicePrincipals.size(); }

    const Application *application(const QString &objectId) const;
    const Application *applicationByAppId(const QString &appId) const;
    const ServicePrincipal *servicePrincipal(const QString &objectId) const;
    const ServicePrincipal *servicePrincipalByAppId(const QString &appId) const;
    const AppRoleAssignment *assignment(const QString &assignmentId) const;
    /*! The service principal a token audience names: an appId, an identifierUri of its application, or one of its
        servicePrincipalNames (with or without a trailing slash or "/.default"). */
    const ServicePrincipal *servicePrincipalForAudience(const QString &audience) const;

    /*! The roles a resource defines: the service principal's own list, or its application's when the principal
        carries none (Graph copies them, snapshots and emulators may not). */
    QList<AppRole> rolesOf(const ServicePrincipal &resource) const;
    std::optional<AppRole> role(const QString &resourceSpId, const QString &appRoleId) const;
    std::optional<AppRole> roleByValue(const QString &resourceSpId, const QString &value) const;

    /*! Assignments held by a principal (what it may call), and granted on a resource (who may call it). */
    QList<const AppRoleAssignment *> assignmentsHeldBy(const QString &principalId) const;
    QList<const AppRoleAssignment *> assignmentsOn(const QString &resourceSpId) const;
    /*! The assignments giving \a principalId the role \a appRoleId on \a resourceSpId (normally at most one). */
    QList<const AppRoleAssignment *> assignmentsFor(
        const QString &principalId, const QString &resourceSpId, const QString &appRoleId) const;

    /*! A display name for any object id (service principal, application, or an assignment's principal). */
    QString displayNameOf(const QString &objectId) const;

private:
    static QString key(const QString &id) { return foldedId(id); }
    void reindexAssignments();
    void indexApplications(qsizetype from);
    void indexServicePrincipals(qsizetype from);
    void indexAssignments(qsizetype from);

    QList<Application> m_applications;
    QList<ServicePrincipal> m_servicePrincipals;
    QList<AppRoleAssignment> m_assignments;
    QList<OAuth2PermissionGrant> m_grants;

    QHash<QString, qsizetype> m_appById;
    QHash<QString, qsizetype> m_appByAppId;
    QHash<QString, qsizetype> m_spById;
    QHash<QString, qsizetype> m_spByAppId;
    QHash<QString, qsizetype> m_assignmentById;
    QHash<QString, QList<qsizetype>> m_assignmentsByPrincipal;
    QHash<QString, QList<qsizetype>> m_assignmentsByResource;
};

} // namespace idex
