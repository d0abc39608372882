#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace idex::emulator {

/*! A managed identity the emulated host can use. System-assigned: resourceId is the host resource's ARM id;
    user-assigned: the identity's own ARM id (Microsoft.ManagedIdentity/userAssignedIdentities/<name>). */
struct Identity
{
    enum class Kind { System, User };
    Kind kind = Kind::System;
    QString name;
    QString clientId; ///< appId of its service principal; appid/azp in tokens
    QString principalId; ///< object id of its service principal; oid in tokens
    QString resourceId; ///< ARM id; xms_mirid for first-party audiences
    /*! false: the identity exists in the directory but is not attached to this host (IMDS "Identity not found"). */
    bool attached = true;
    /*! A system-assigned identity can be turned off (Azure: Identity > System assigned > Off): then it is not
        attached and has no service principal (Azure deletes it, with its app role assignments). */
    bool enabled = true;
    /*! Workload identity: the `sub` of the federated token the emulator mints for this identity (empty = none). */
    QString federatedSubject;

    bool isSystem() const { return kind == Kind::System; }
};

struct AppRole
{
    QString id;
    QString value; ///< what goes into the roles claim
    QString displayName;
    QString description;
    QStringList allowedMemberTypes { QStringLiteral("Application") };
    bool isEnabled = true;
};

/*! An app registration (Graph `application`). */
struct Application
{
    QString id; ///< object id
    QString appId; ///< client id
    QString displayName;
    QStringList identifierUris;
    QList<AppRole> appRoles;
    int requestedAccessTokenVersion = 0; ///< 0 = null (v1), 1 or 2
};

struct ServicePrincipal
{
    QString id;
    QString appId;
    QString displayName;
    QString servicePrincipalType = QStringLiteral("Application"); ///< Application | ManagedIdentity | Legacy ...
    QStringList servicePrincipalNames; ///< identifier URIs + appId: what a `resource` string is matched against
    QStringList alternativeNames; ///< managed identities: "isExplicit=True|False", ARM id
    QList<AppRole> appRoles; ///< copied from the application, or its own (first-party APIs like Graph)
    QString appOwnerOrganizationId;
    bool appRoleAssignmentRequired = false;

    bool isManagedIdentity() const { return servicePrincipalType == QLatin1String("ManagedIdentity"); }
};

struct AppRoleAssignment
{
    QString id;
    QString appRoleId;
    QString principalId;
    QString principalType = QStringLiteral("ServicePrincipal");
    QString principalDisplayName;
    QString resourceId; ///< the resource service principal's id
    QString resourceDisplayName;
    QDateTime createdDateTime;
};

/*! A protected function behind App Service Authentication (Easy Auth) plus its own role check. */
struct ProtectedFunction
{
    QString name;
    QString path; ///< "/api/aad-func"
    QString appId; ///< the app registration protecting it
    QStringList allowedAudiences; ///< empty = the app's appId and identifierUris
    /*! "v1", "v2" or "any": which issuer Easy Auth is configured with. */
    QString issuer = QStringLiteral("any");
    QStringList requiredRoles;
    QStringList allowedApplications; ///< appid/azp allowed; empty = any
    QString realm; ///< host name shown in WWW-Authenticate, e.g. "aad-func.azurewebsites.net"
};

/*! A fault injected into a route ("imds", "appservice", "appservice2017", "azureml", "arc", "cloudshell",
    "servicefabric", "workloadidentity", "graph", "functions", "discovery" or "*"). */
struct Fault
{
    enum class Kind {
        Latency, ///< delay the answer by latencyMs
        Status, ///< answer `status` (with `probability` or for `count` requests)
        UpgradeWindow, ///< IMDS 410 for the first windowSeconds after the fault is set
        Throttle, ///< 429 with Retry-After: retryAfterSeconds
        IdentityNotFound, ///< the route answers its "identity not found" error
        ExpiredToken, ///< tokens issued already expired
        NotYetValidToken, ///< tokens issued with nbf in the future
        ClockSkew, ///< token times shifted by skewSeconds
        KeyRollover, ///< tokens signed with a key that the JWKS does not publish
    };
    Kind kind = Kind::Status;
    QString route = QStringLiteral("*");
    int status = 500;
    double probability = 1.0; ///< 0..1, used when count is 0
    int count = 0; ///< > 0: only the next `count` matching requests
    int latencyMs = 0;
    int retryAfterSeconds = 5;
    int windowSeconds = 70;
    int skewSeconds = 0;

    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);
};

/*! What the scenario is meant to show: the defaults a demo or a test starts from. */
struct Walkthrough
{
    QString identity; ///< identity name the caller uses
    QString resource; ///< resource string it requests
    QString functionPath; ///< the protected function it calls
    QString expected; ///< "200", "401" or "403" with the scenario as loaded
    QString explanation; ///< one paragraph for people
};

/*! A tenant as the emulator serves it. A plain value: load it, copy it, inspect it. */
struct Scenario
{
    QString name;
    QString description;
    QString tenantId;
    QString tenantDomain;
    qint64 tokenLifetimeSeconds = 86400;
    QString identityHeader; ///< IDENTITY_HEADER / MSI_SECRET / SF secret; random when the file leaves it empty
    QString arcKeyFileName = QStringLiteral("emulator.key");
    QString federatedTokenFileName = QStringLiteral("azure-identity-token");
    QList<Identity> identities;
    QList<Application> applications;
    QList<ServicePrincipal> servicePrincipals; ///< includes the managed identities' (derived from identities)
    QList<AppRoleAssignment> appRoleAssignments;
    QList<ProtectedFunction> functions;
    QList<Fault> faults;
    Walkthrough walkthrough;

    const Identity *identityByName(const QString &name) const;
    const Identity *identityByClientId(const QString &clientId) const;
    const Identity *identityByPrincipalId(const QString &principalId) const;
    const Identity *identityByResourceId(const QString &resourceId) const;
    const Identity *systemIdentity() const; ///< the attached system-assigned identity, if any
    const Application *applicationByName(const QString &displayName) const;
    const Application *applicationByAppId(const QString &appId) const;
    const ServicePrincipal *servicePrincipalById(const QString &id) const;
    const ServicePrincipal *servicePrincipalByAppId(const QString &appId) const;
    /*! Matches a token request's resource against servicePrincipalNames (a trailing '/' is ignored, like Entra). */
    const ServicePrincipal *servicePrincipalForResource(const QString &resource) const;
    const ProtectedFunction *functionByPath(const QString &path) const;
    const AppRoleAssignment *assignmentById(const QString &id) const;
    /*! Role values (the `roles` claim) the principal holds on the resource service principal. */
    QStringList rolesOf(const QString &principalId, const QString &resourceSpId) const;

    QJsonObject toJson() const;
};

/*! The built-in scenario names ("seed", "wrong-audience", ...). */
QStringList builtInScenarioNames();

/*! Loads a built-in scenario by name, or a JSON file by path. On failure returns false and sets \a error to
    "<file>:<line>: <reason>" or "<file>: <field path>: <reason>". */
bool loadScenario(const QString &nameOrPath, Scenario *scenario, QString *error);

/*! Parses scenario JSON; \a source names it in error messages. */
bool parseScenario(const QByteArray &json, const QString &source, Scenario *scenario, QString *error);

/*! The service principal Entra keeps for a managed identity (type ManagedIdentity, its ARM id in
    alternativeNames). */
ServicePrincipal managedIdentityServicePrincipal(const Identity &identity);

/*! Reads a Graph `appRoles` array (the scenario's app role format); \a source names it in errors
    ("<source>[1].value: an app role value cannot contain spaces"). */
bool parseAppRoles(const QJsonValue &value, const QString &source, QList<AppRole> *roles, QString *error);

/*! Graph's shape of an assignment / application / service principal (used by the Graph subset and the admin API). */
QJsonObject toGraphJson(const AppRoleAssignment &assignment);
QJsonObject toGraphJson(const Application &application);
QJsonObject toGraphJson(const ServicePrincipal &servicePrincipal);

} // namespace idex::emulator
