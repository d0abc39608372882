#include "directoryscenario.h"

#include "directory/directory.h"
#include "directory/snapshot.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QUuid>

namespace idex::emulator {

namespace {

AppRole toScenario(const idex::AppRole &role)
{
    AppRole r;
    r.id = role.id;
    r.value = role.value;
    r.displayName = role.displayName;
    r.description = role.description;
    r.allowedMemberTypes = role.allowedMemberTypes;
    r.isEnabled = role.isEnabled;
    return r;
}

QList<AppRole> toScenario(const QList<idex::AppRole> &roles)
{
    QList<AppRole> out;
    out.reserve(roles.size());
    for (const idex::AppRole &role : roles)
        out << toScenario(role);
    return out;
}

/*! "orders-api" from "Orders API (prod)": lower case letters, digits and '-', never empty. */
QString slug(const QString &text, const QString &fallback)
{
    QString out;
    for (const QChar c : text.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(u'-'))
            out += u'-';
    }
    while (out.endsWith(u'-'))
        out.chop(1);
    return out.isEmpty() ? fallback : out.left(60);
}

QString unique(const QString &wanted, QSet<QString> &taken)
{
    QString name = wanted;
    for (int n = 2; taken.contains(name); ++n)
        name = QStringLiteral("%1-%2").arg(wanted).arg(n);
    taken.insert(name);
    return name;
}

} // namespace

bool scenarioFromDirectory(const Directory &d, const QString &source, Scenario *out, QString *error)
{
    if (QUuid::fromString(d.tenantId).isNull()) {
        *error = QStringLiteral("%1: tenantId: the snapshot names no tenant (a GUID is needed for the issuer)")
                     .arg(source);
        return false;
    }
    Scenario s;
    s.name = QStringLiteral("directory");
    s.tenantId = d.tenantId.toLower();
    s.identityHeader = QUuid::createUuid().toString(QUuid::WithoutBraces).remove(u'-').toUpper();

    s.applications.reserve(d.applications().size());
    for (const idex::Application &a : d.applications()) {
        Application app;
        app.id = a.id;
        app.appId = a.appId;
        app.displayName = a.displayName;
        app.identifierUris = a.identifierUris;
        app.appRoles = toScenario(a.appRoles);
        app.requestedAccessTokenVersion = a.requestedAccessTokenVersion.value_or(0);
        s.applications << app;
    }

    // Identity names must be unique (the admin API and `idex token --identity` pick by name).
    QSet<QString> identityNames;
    QHash<QString, QString> displayNames; // object id (lower case) -> the name the scenario uses
    s.servicePrincipals.reserve(d.servicePrincipals().size());
    for (const idex::ServicePrincipal &sp : d.servicePrincipals()) {
        if (sp.isManagedIdentity()) {
            Identity i;
            i.kind = sp.managedIdentityKind() == idex::ServicePrincipal::ManagedIdentityKind::UserAssigned
                ? Identity::Kind::User
                : Identity::Kind::System;
            i.name = unique(sp.displayName.isEmpty() ? sp.appId : sp.displayName, identityNames);
            i.clientId = sp.appId;
            i.principalId = sp.id;
            i.resourceId = sp.armResourceId();
            if (i.resourceId.isEmpty())
                i.resourceId = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                                              "snapshot/providers/Microsoft.ManagedIdentity/userAssignedIdentities/")
                    + slug(i.name, sp.id);
            s.identities << i;
            // The same derived shape as a scenario file's identities (see parseScenario).
            ServicePrincipal mi;
            mi.id = sp.id;
            mi.appId = sp.appId;
            mi.displayName = i.name;
            mi.servicePrincipalType = QStringLiteral("ManagedIdentity");
            mi.servicePrincipalNames = { i.clientId, QStringLiteral("https://identity.azure.net/") + i.clientId };
            mi.alternativeNames
                = { i.isSystem() ? QStringLiteral("isExplicit=False") : QStringLiteral("isExplicit=True"),
                      i.resourceId };
            mi.appOwnerOrganizationId = QStringLiteral("f8cdef31-a31e-4b4a-93e4-5f571e91255a");
            s.servicePrincipals << mi;
            displayNames.insert(sp.id.toLower(), i.name);
            continue;
        }
        ServicePrincipal out;
        out.id = sp.id;
        out.appId = sp.appId;
        out.displayName = sp.displayName;
        if (!sp.servicePrincipalType.isEmpty())
            out.servicePrincipalType = sp.servicePrincipalType;
        out.servicePrincipalNames = sp.servicePrincipalNames;
        out.alternativeNames = sp.alternativeNames;
        const idex::Application *app = d.applicationByAppId(sp.appId);
        if (app) {
            for (const QString &uri : app->identifierUris)
                if (!out.servicePrincipalNames.contains(uri))
                    out.servicePrincipalNames << uri;
        }
        if (!out.servicePrincipalNames.contains(sp.appId))
            out.servicePrincipalNames << sp.appId;
        out.appRoles = toScenario(d.rolesOf(sp));
        out.appOwnerOrganizationId = sp.appOwnerOrganizationId.isEmpty() ? s.tenantId : sp.appOwnerOrganizationId;
        out.appRoleAssignmentRequired = sp.appRoleAssignmentRequired;
        s.servicePrincipals << out;
        displayNames.insert(sp.id.toLower(), sp.displayName);
    }

    int skipped = 0;
    s.appRoleAssignments.reserve(d.assignments().size());
    for (const idex::AppRoleAssignment &a : d.assignments()) {
        const idex::ServicePrincipal *resource = d.servicePrincipal(a.resourceId);
        const bool roleKnown = a.appRoleId.compare(Directory::defaultAccessRoleId(), Qt::CaseInsensitive) == 0
            || d.role(a.resourceId, a.appRoleId).has_value();
        if (!resource || !roleKnown) {
            ++skipped;
            continue;
        }
        AppRoleAssignment out;
        out.id = a.id;
        out.appRoleId = a.appRoleId;
        out.principalId = a.principalId;
        out.principalType = a.principalType.isEmpty() ? QStringLiteral("ServicePrincipal") : a.principalType;
        out.principalDisplayName = displayNames.value(a.principalId.toLower(), a.principalDisplayName);
        out.resourceId = a.resourceId;
        out.resourceDisplayName = resource->displayName;
        out.createdDateTime = a.createdDateTime.isValid() ? a.createdDateTime : d.loadedAt;
        s.appRoleAssignments << out;
    }

    // A protected function per app role of each API registered here (first-party APIs such as Graph have no
    // application in the tenant, so no function: their own checks are not the emulator's to play).
    QSet<QString> paths;
    QHash<QString, QString> functionForRole; // resource sp id + '/' + role id -> path
    for (const ServicePrincipal &sp : std::as_const(s.servicePrincipals)) {
        // The directory's index: Scenario's lookups are linear scans, fine per request, not in a loop over 100k.
        const idex::Application *app = sp.isManagedIdentity() ? nullptr : d.applicationByAppId(sp.appId);
        if (!app)
            continue;
        const QString api = unique(slug(sp.displayName, sp.appId), paths);
        for (const AppRole &role : sp.appRoles) {
            if (!role.isEnabled || !role.allowedMemberTypes.contains(QLatin1String("Application")))
                continue;
            ProtectedFunction f;
            f.name = sp.displayName;
            f.path = QStringLiteral("/api/%1/%2").arg(api, slug(role.value, role.id));
            f.appId = app->appId;
            f.allowedAudiences = QStringList { app->appId } + app->identifierUris;
            f.requiredRoles = { role.value };
            f.realm = api + QStringLiteral(".azurewebsites.net");
            functionForRole.insert(sp.id.toLower() + u'/' + role.id.toLower(), f.path);
            s.functions << f;
        }
    }
    // Application::requestedAccessTokenVersion of 0 means null: v1 tokens, as Entra does.

    // The walkthrough: the first managed identity holding a role that has a function.
    QHash<QString, qsizetype> identityIndex;
    for (qsizetype i = 0; i < s.identities.size(); ++i)
        identityIndex.insert(s.identities.at(i).principalId.toLower(), i);
    for (const AppRoleAssignment &a : std::as_const(s.appRoleAssignments)) {
        const auto found = identityIndex.constFind(a.principalId.toLower());
        const QString path = functionForRole.value(a.resourceId.toLower() + u'/' + a.appRoleId.toLower());
        if (found == identityIndex.constEnd() || path.isEmpty())
            continue;
        const Identity *identity = &s.identities.at(*found);
        const idex::ServicePrincipal *resource = d.servicePrincipal(a.resourceId);
        const idex::Application *app = d.applicationByAppId(resource->appId);
        s.walkthrough.identity = identity->name;
        s.walkthrough.resource = app && !app->identifierUris.isEmpty() ? app->identifierUris.first() : resource->appId;
        s.walkthrough.functionPath = path;
        s.walkthrough.expected = QStringLiteral("200");
        s.walkthrough.explanation = QStringLiteral(
            "%1 holds the app role behind %2 in the snapshot, so its token carries it and the function "
            "answers 200.")
                                        .arg(identity->name, path);
        break;
    }
    s.description
        = QStringLiteral("Directory snapshot %1: %2 applications, %3 service principals (%4 managed "
                         "identities), %5 app role assignments%6, %7 protected functions.")
              .arg(source)
              .arg(s.applications.size())
              .arg(s.servicePrincipals.size())
              .arg(s.identities.size())
              .arg(s.appRoleAssignments.size())
              .arg(skipped ? QStringLiteral(" (%1 left out: resource or role not in the snapshot)").arg(skipped)
                           : QString())
              .arg(s.functions.size());
    *out = std::move(s);
    return true;
}

bool loadDirectoryScenario(const QString &path, Scenario *scenario, QString *error)
{
    Directory directory;
    QString why;
    if (!snapshot::readFile(path, directory, &why)) {
        *error = why.contains(path) ? why : QStringLiteral("%1: %2").arg(path, why);
        return false;
    }
    return scenarioFromDirectory(directory, QFileInfo(path).fileName(), scenario, error);
}

} // namespace idex::emulator
