// Reading and validating the scenario file format: every field's rules in one place, so that an error names its
// field the same way everywhere. The value type and its lookups are in scenario.cpp.
#include "fieldreader.h"
#include "net/boundedfile.h"
#include "scenario.h"
#include "workfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QUuid>

namespace idex::emulator {

namespace {

QList<AppRole> readRoles(const FieldReader &r)
{
    QList<AppRole> roles;
    r.objects(QStringLiteral("appRoles"), [&](const FieldReader &x) {
        // "origin" is Graph's read-only field: accepted (and ignored) so that roles copied from Graph load as they are.
        x.allowOnly({ QStringLiteral("id"), QStringLiteral("value"), QStringLiteral("displayName"),
            QStringLiteral("description"), QStringLiteral("allowedMemberTypes"), QStringLiteral("isEnabled"),
            QStringLiteral("origin") });
        AppRole role;
        role.id = x.guid(QStringLiteral("id"));
        role.value = x.string(QStringLiteral("value"), true);
        if (role.value.contains(u' '))
            x.fail(QStringLiteral("value"), QStringLiteral("an app role value cannot contain spaces"));
        role.displayName = x.string(QStringLiteral("displayName"), false, role.value);
        role.description = x.string(QStringLiteral("description"));
        role.allowedMemberTypes = x.has(QStringLiteral("allowedMemberTypes"))
            ? x.strings(QStringLiteral("allowedMemberTypes"))
            : QStringList { QStringLiteral("Application") };
        role.isEnabled = x.boolean(QStringLiteral("isEnabled"), true);
        roles << role;
    });
    return roles;
}

QString lineOf(const QByteArray &json, int offset)
{
    int line = 1;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n')
            ++line;
    }
    return QString::number(line);
}

} // namespace

QStringList builtInScenarioNames()
{
    return { QStringLiteral("seed"), QStringLiteral("wrong-audience"), QStringLiteral("missing-assignment"),
        QStringLiteral("stale-token"), QStringLiteral("issuer-mismatch"), QStringLiteral("expired-token"),
        QStringLiteral("identity-not-found"), QStringLiteral("no-service-principal"), QStringLiteral("from-scratch"),
        QStringLiteral("wrong-user-assigned"), QStringLiteral("caller-not-allowed"),
        QStringLiteral("reader-no-graph") };
}

bool loadScenario(const QString &nameOrPath, Scenario *scenario, QString *error)
{
    QString path = nameOrPath;
    if (builtInScenarioNames().contains(nameOrPath))
        path = QStringLiteral(":/scenarios/%1.json").arg(nameOrPath);
    BoundedRead file;
    if (path.startsWith(QLatin1String(":/"))) { // compiled in: trusted, and not a file the bounded reader can open
        QFile resource(path);
        if (resource.open(QIODevice::ReadOnly))
            file.data = resource.readAll();
        else
            file.error = QStringLiteral("cannot read %1: %2").arg(path, resource.errorString());
    } else {
        file = readBoundedFile(path, fileLimits::scenario);
    }
    if (!file.ok()) {
        *error = QStringLiteral("%1: cannot read the scenario (%2); built-in scenarios are: %3")
                     .arg(nameOrPath, file.error, builtInScenarioNames().join(QStringLiteral(", ")));
        return false;
    }
    return parseScenario(file.data, nameOrPath, scenario, error);
}

bool parseScenario(const QByteArray &json, const QString &source, Scenario *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1:%2: %3").arg(source, lineOf(json, parseError.offset), parseError.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("%1:1: a scenario is a JSON object").arg(source);
        return false;
    }
    QString fieldError;
    const FieldReader root(doc.object(), QString(), &fieldError);
    // "runtime" is the live state the admin API adds to GET /admin/scenario; it is ignored when loading.
    root.allowOnly(
        { QStringLiteral("runtime"), QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("tenantId"),
            QStringLiteral("tenantDomain"), QStringLiteral("tokenLifetimeSeconds"), QStringLiteral("identityHeader"),
            QStringLiteral("arcKeyFileName"), QStringLiteral("federatedTokenFileName"), QStringLiteral("identities"),
            QStringLiteral("applications"), QStringLiteral("servicePrincipals"), QStringLiteral("appRoleAssignments"),
            QStringLiteral("functions"), QStringLiteral("faults"), QStringLiteral("walkthrough") });
    Scenario s;
    s.name = root.string(QStringLiteral("name"), true);
    s.description = root.string(QStringLiteral("description"));
    s.tenantId = root.guid(QStringLiteral("tenantId"));
    s.tenantDomain = root.string(QStringLiteral("tenantDomain"), false, QStringLiteral("contoso.onmicrosoft.com"));
    s.tokenLifetimeSeconds = qint64(root.number(QStringLiteral("tokenLifetimeSeconds"), 86400, 60, 30 * 86400));
    s.identityHeader = root.string(QStringLiteral("identityHeader"));
    // Both names become files in the work directory: a path here would let a scenario write anywhere.
    s.arcKeyFileName = root.string(QStringLiteral("arcKeyFileName"), false, s.arcKeyFileName);
    if (const QString problem = plainFileNameProblem(s.arcKeyFileName); !problem.isEmpty())
        root.fail(QStringLiteral("arcKeyFileName"),
            QStringLiteral("%1 must be a plain file name (%2)").arg(quotedForMessage(s.arcKeyFileName), problem));
    else if (!s.arcKeyFileName.endsWith(QLatin1String(".key")))
        root.fail(QStringLiteral("arcKeyFileName"),
            QStringLiteral("%1 must end in .key (the Arc rule)").arg(quotedForMessage(s.arcKeyFileName)));
    s.federatedTokenFileName = root.string(QStringLiteral("federatedTokenFileName"), false, s.federatedTokenFileName);
    if (const QString problem = plainFileNameProblem(s.federatedTokenFileName); !problem.isEmpty())
        root.fail(QStringLiteral("federatedTokenFileName"),
            QStringLiteral("%1 must be a plain file name (%2)")
                .arg(quotedForMessage(s.federatedTokenFileName), problem));

    root.objects(QStringLiteral("identities"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("kind"), QStringLiteral("name"), QStringLiteral("clientId"),
            QStringLiteral("principalId"), QStringLiteral("resourceId"), QStringLiteral("attached"),
            QStringLiteral("enabled"), QStringLiteral("federatedSubject") });
        Identity i;
        const QString kind = r.string(QStringLiteral("kind"), true);
        if (kind == QLatin1String("system"))
            i.kind = Identity::Kind::System;
        else if (kind == QLatin1String("user"))
            i.kind = Identity::Kind::User;
        else
            r.fail(QStringLiteral("kind"), QStringLiteral("must be \"system\" or \"user\", not '%1'").arg(kind));
        i.name = r.string(QStringLiteral("name"), true);
        i.clientId = r.guid(QStringLiteral("clientId"));
        i.principalId = r.guid(QStringLiteral("principalId"));
        i.resourceId = r.string(QStringLiteral("resourceId"), true);
        if (!i.resourceId.startsWith(QLatin1String("/subscriptions/")))
            r.fail(QStringLiteral("resourceId"), QStringLiteral("an ARM resource id starts with /subscriptions/"));
        i.attached = r.boolean(QStringLiteral("attached"), true);
        i.enabled = r.boolean(QStringLiteral("enabled"), true);
        if (!i.enabled && !i.isSystem())
            r.fail(QStringLiteral("enabled"),
                QStringLiteral("only a system-assigned identity is turned off; a user-assigned one is detached "
                               "(\"attached\": false)"));
        if (!i.enabled)
            i.attached = false;
        i.federatedSubject = r.string(QStringLiteral("federatedSubject"));
        if (s.identityByClientId(i.clientId) || s.identityByName(i.name))
            r.fail(QStringLiteral("clientId"), QStringLiteral("duplicate identity"));
        s.identities << i;
    });
    root.objects(QStringLiteral("applications"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("id"), QStringLiteral("appId"), QStringLiteral("displayName"),
            QStringLiteral("identifierUris"), QStringLiteral("appRoles"),
            QStringLiteral("requestedAccessTokenVersion") });
        Application a;
        a.id = r.guid(QStringLiteral("id"));
        a.appId = r.guid(QStringLiteral("appId"));
        a.displayName = r.string(QStringLiteral("displayName"), true);
        a.identifierUris = r.strings(QStringLiteral("identifierUris"));
        a.appRoles = readRoles(r);
        const double v = r.number(QStringLiteral("requestedAccessTokenVersion"), 0, 0, 2);
        if (v != 0)
            a.requestedAccessTokenVersion = int(v);
        if (v != 0 && v != 1 && v != 2)
            r.fail(QStringLiteral("requestedAccessTokenVersion"), QStringLiteral("must be null, 1 or 2"));
        s.applications << a;
    });
    root.objects(QStringLiteral("servicePrincipals"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("id"), QStringLiteral("appId"), QStringLiteral("displayName"),
            QStringLiteral("servicePrincipalNames"), QStringLiteral("appRoles"),
            QStringLiteral("appOwnerOrganizationId"), QStringLiteral("appRoleAssignmentRequired"),
            QStringLiteral("servicePrincipalType") });
        ServicePrincipal sp;
        sp.id = r.guid(QStringLiteral("id"));
        sp.appId = r.guid(QStringLiteral("appId"));
        sp.servicePrincipalType
            = r.string(QStringLiteral("servicePrincipalType"), false, QStringLiteral("Application"));
        if (sp.isManagedIdentity())
            r.fail(QStringLiteral("servicePrincipalType"),
                QStringLiteral("managed identities' service principals come from \"identities\""));
        const Application *app = s.applicationByAppId(sp.appId);
        sp.displayName = r.string(QStringLiteral("displayName"), !app, app ? app->displayName : QString());
        sp.servicePrincipalNames = r.strings(QStringLiteral("servicePrincipalNames"));
        if (app) {
            for (const QString &uri : app->identifierUris)
                if (!sp.servicePrincipalNames.contains(uri))
                    sp.servicePrincipalNames << uri;
        }
        if (!sp.servicePrincipalNames.contains(sp.appId))
            sp.servicePrincipalNames << sp.appId;
        sp.appRoles = r.has(QStringLiteral("appRoles")) ? readRoles(r) : (app ? app->appRoles : QList<AppRole>());
        sp.appOwnerOrganizationId = r.string(QStringLiteral("appOwnerOrganizationId"), false, s.tenantId);
        sp.appRoleAssignmentRequired = r.boolean(QStringLiteral("appRoleAssignmentRequired"), false);
        if (s.servicePrincipalById(sp.id))
            r.fail(QStringLiteral("id"), QStringLiteral("duplicate service principal id"));
        s.servicePrincipals << sp;
    });
    // Managed identities' service principals are derived, so a scenario cannot contradict its identities.
    // A system-assigned identity that is turned off has none (Azure deleted it).
    for (const Identity &i : std::as_const(s.identities))
        if (i.enabled)
            s.servicePrincipals << managedIdentityServicePrincipal(i);
    root.objects(QStringLiteral("appRoleAssignments"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("id"), QStringLiteral("appRoleId"), QStringLiteral("principalId"),
            QStringLiteral("resourceId"), QStringLiteral("createdDateTime") });
        AppRoleAssignment a;
        a.principalType = QStringLiteral("ServicePrincipal");
        a.id = r.string(QStringLiteral("id"), true);
        a.appRoleId = r.guid(QStringLiteral("appRoleId"));
        a.principalId = r.guid(QStringLiteral("principalId"));
        a.resourceId = r.guid(QStringLiteral("resourceId"));
        const QString created
            = r.string(QStringLiteral("createdDateTime"), false, QStringLiteral("2024-01-01T00:00:00Z"));
        a.createdDateTime = QDateTime::fromString(created, Qt::ISODateWithMs);
        if (!a.createdDateTime.isValid())
            r.fail(QStringLiteral("createdDateTime"), QStringLiteral("'%1' is not an ISO 8601 date").arg(created));
        if (r.failed())
            return;
        const ServicePrincipal *principal = s.servicePrincipalById(a.principalId);
        const ServicePrincipal *resource = s.servicePrincipalById(a.resourceId);
        if (!principal)
            return r.fail(QStringLiteral("principalId"),
                QStringLiteral("no service principal or identity with id %1").arg(a.principalId));
        if (!resource)
            return r.fail(
                QStringLiteral("resourceId"), QStringLiteral("no service principal with id %1").arg(a.resourceId));
        const bool known = std::any_of(resource->appRoles.begin(), resource->appRoles.end(),
            [&](const AppRole &role) { return role.id == a.appRoleId; });
        if (!known && a.appRoleId != QLatin1String("00000000-0000-0000-0000-000000000000"))
            return r.fail(QStringLiteral("appRoleId"),
                QStringLiteral("%1 has no app role %2").arg(resource->displayName, a.appRoleId));
        a.principalDisplayName = principal->displayName;
        a.resourceDisplayName = resource->displayName;
        s.appRoleAssignments << a;
    });
    root.objects(QStringLiteral("functions"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("name"), QStringLiteral("path"), QStringLiteral("appId"),
            QStringLiteral("allowedAudiences"), QStringLiteral("issuer"), QStringLiteral("requiredRoles"),
            QStringLiteral("allowedApplications"), QStringLiteral("realm") });
        ProtectedFunction f;
        f.name = r.string(QStringLiteral("name"), true);
        f.path = r.string(QStringLiteral("path"), true);
        if (!f.path.startsWith(QLatin1String("/api/")))
            r.fail(QStringLiteral("path"), QStringLiteral("a function path starts with /api/"));
        f.appId = r.guid(QStringLiteral("appId"));
        const Application *app = s.applicationByAppId(f.appId);
        if (!app && !r.failed())
            r.fail(QStringLiteral("appId"), QStringLiteral("no application with appId %1").arg(f.appId));
        f.allowedAudiences = r.strings(QStringLiteral("allowedAudiences"));
        if (f.allowedAudiences.isEmpty() && app)
            f.allowedAudiences = QStringList { app->appId } + app->identifierUris;
        f.issuer = r.string(QStringLiteral("issuer"), false, f.issuer);
        if (f.issuer != QLatin1String("v1") && f.issuer != QLatin1String("v2") && f.issuer != QLatin1String("any"))
            r.fail(QStringLiteral("issuer"), QStringLiteral("must be \"v1\", \"v2\" or \"any\""));
        f.requiredRoles = r.strings(QStringLiteral("requiredRoles"));
        f.allowedApplications = r.strings(QStringLiteral("allowedApplications"));
        f.realm = r.string(QStringLiteral("realm"), false, f.name + QStringLiteral(".azurewebsites.net"));
        s.functions << f;
    });
    root.objects(QStringLiteral("faults"), [&](const FieldReader &r) {
        r.allowOnly({ QStringLiteral("kind"), QStringLiteral("route"), QStringLiteral("status"),
            QStringLiteral("probability"), QStringLiteral("count"), QStringLiteral("latencyMs"),
            QStringLiteral("retryAfterSeconds"), QStringLiteral("windowSeconds"), QStringLiteral("skewSeconds") });
        Fault f;
        const QString kind = r.string(QStringLiteral("kind"), true);
        if (!Fault::kindFromName(kind, &f.kind))
            r.fail(QStringLiteral("kind"), QStringLiteral("unknown fault kind '%1'").arg(kind));
        f.route = r.string(QStringLiteral("route"), false, f.route);
        f.status = int(r.number(QStringLiteral("status"), 500, 100, 599));
        f.probability = r.number(QStringLiteral("probability"), 1.0, 0, 1);
        f.count = int(r.number(QStringLiteral("count"), 0, 0, 1e6));
        f.latencyMs = int(r.number(QStringLiteral("latencyMs"), 0, 0, 120000));
        f.retryAfterSeconds = int(r.number(QStringLiteral("retryAfterSeconds"), 5, 0, 3600));
        f.windowSeconds = int(r.number(QStringLiteral("windowSeconds"), 70, 0, 3600));
        f.skewSeconds = int(r.number(QStringLiteral("skewSeconds"), 0, -86400, 86400));
        s.faults << f;
    });
    if (root.has(QStringLiteral("walkthrough"))) {
        const FieldReader w = root.child(QStringLiteral("walkthrough"));
        w.allowOnly({ QStringLiteral("identity"), QStringLiteral("resource"), QStringLiteral("functionPath"),
            QStringLiteral("expected"), QStringLiteral("explanation") });
        s.walkthrough.identity = w.string(QStringLiteral("identity"));
        s.walkthrough.resource = w.string(QStringLiteral("resource"));
        s.walkthrough.functionPath = w.string(QStringLiteral("functionPath"));
        s.walkthrough.expected = w.string(QStringLiteral("expected"));
        s.walkthrough.explanation = w.string(QStringLiteral("explanation"));
        if (!s.walkthrough.identity.isEmpty() && !s.identityByName(s.walkthrough.identity))
            w.fail(QStringLiteral("identity"), QStringLiteral("no identity named '%1'").arg(s.walkthrough.identity));
    }
    if (!fieldError.isEmpty()) {
        *error = source + QStringLiteral(": ") + fieldError;
        return false;
    }
    if (s.identityHeader.isEmpty()) {
        // The platform rotates IDENTITY_HEADER; a fresh random one per load keeps clients honest.
        s.identityHeader = QUuid::createUuid().toString(QUuid::WithoutBraces).remove(u'-').toUpper();
    }
    *out = s;
    return true;
}

bool parseAppRoles(const QJsonValue &value, const QString &source, QList<AppRole> *roles, QString *error)
{
    if (!value.isArray()) {
        *error = source + QStringLiteral(": must be an array of app roles");
        return false;
    }
    QString fieldError;
    const FieldReader root(QJsonObject { { QStringLiteral("appRoles"), value } }, QString(), &fieldError);
    const QList<AppRole> parsed = readRoles(root);
    if (!fieldError.isEmpty()) {
        *error = source + fieldError.mid(int(QStringLiteral("appRoles").size()));
        return false;
    }
    *roles = parsed;
    return true;
}

} // namespace idex::emulator
