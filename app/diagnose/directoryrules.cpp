// The rules that need the directory: which assignment would add a missing role, whether the API defines the role at
// all, and whether the token predates the latest assignment change (managed identity tokens are cached ~24 h).
#include "rules.h"

#include "directory/directory.h"
#include "jwt/decodedtoken.h"
#include "jwt/tokentimes.h"

namespace idex::rules {

namespace {

Finding *findingWithCode(Findings &findings, QLatin1String code)
{
    for (Finding &f : findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

QString named(const QString &displayName, const QString &id)
{
    return displayName.isEmpty() ? id : QStringLiteral("\"%1\" (%2)").arg(displayName, id);
}

/*! The exact assignment, as people type it: Graph PowerShell and az. */
QString assignmentCommand(const ServicePrincipal &caller, const ServicePrincipal &resource, const AppRole &role)
{
    return QStringLiteral("New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId %1 -PrincipalId %1 -ResourceId %2 -AppRoleId %3  "
                          "(or: az rest -m POST -u https://graph.microsoft.com/v1.0/servicePrincipals/%1/appRoleAssignments "
                          "-b '{\"principalId\":\"%1\",\"resourceId\":\"%2\",\"appRoleId\":\"%3\"}')")
        .arg(caller.id, resource.id, role.id);
}

} // namespace

void directoryRules(const DiagnosisInput &input, Findings &findings)
{
    if (!input.token || !input.directory || input.directory->isEmpty())
        return;
    const DecodedToken &token = *input.token;
    const Directory &directory = *input.directory;

    const ServicePrincipal *resource = nullptr;
    const QStringList audiences = token.claimList(QStringLiteral("aud"));
    for (const QString &aud : audiences) {
        if ((resource = directory.servicePrincipalForAudience(aud)))
            break;
    }
    const ServicePrincipal *caller = directory.servicePrincipal(token.objectId());
    if (!caller && !token.clientId().isEmpty())
        caller = directory.servicePrincipalByAppId(token.clientId());

    if (!resource && !audiences.isEmpty() && !directory.tenantId.isEmpty()
        && token.tenantId().compare(directory.tenantId, Qt::CaseInsensitive) == 0) {
        findings << Finding{Severity::Warning, QStringLiteral("audience-not-in-directory"),
                            QStringLiteral("No service principal in the directory answers to the audience"),
                            QStringLiteral("aud = \"%1\" matches no appId, App ID URI or service principal name of %2.")
                                .arg(audiences.join(QStringLiteral("\", \"")), directory.sourceDescription),
                            QStringLiteral("The API has no service principal in this tenant (token requests fail with AADSTS500011), or "
                                           "the audience is misspelled. Create the service principal (enterprise application) of the "
                                           "API, or correct the resource requested.")};
    }
    if (!resource || !caller)
        return;

    const std::optional<QDateTime> issuedAt = token.claimTime(QStringLiteral("iat"));
    const QStringList wanted = input.expectation.roles;
    Finding *roleFinding = findingWithCode(findings, QLatin1String("missing-roles"));
    if (!roleFinding)
        roleFinding = findingWithCode(findings, QLatin1String("wrong-role"));

    bool staleReported = false;
    for (const QString &value : wanted) {
        const std::optional<AppRole> role = directory.roleByValue(resource->id, value);
        if (!role) {
            if (roleFinding) {
                QStringList defined;
                const QList<AppRole> roles = directory.rolesOf(*resource);
                for (const AppRole &r : roles)
                    defined << r.value;
                findings << Finding{Severity::Error, QStringLiteral("role-not-defined"),
                                    QStringLiteral("The API defines no app role \"%1\"").arg(value),
                                    QStringLiteral("%1 defines %2.").arg(named(resource->displayName, resource->id),
                                                                        defined.isEmpty() ? QStringLiteral("no app roles")
                                                                                          : QStringLiteral("the roles \"%1\"").arg(defined.join(QStringLiteral("\", \"")))),
                                    QStringLiteral("Add the app role \"%1\" (allowed member types: Applications) to the API's app "
                                                   "registration, or correct the role name the API checks (values are case-sensitive).").arg(value)};
            }
            continue;
        }
        const QList<const AppRoleAssignment *> held = directory.assignmentsFor(caller->id, resource->id, role->id);
        if (held.isEmpty()) {
            if (roleFinding)
                roleFinding->fix = QStringLiteral("No assignment gives %1 the role \"%2\" on %3. Add it: %4. Then get a new token.")
                                       .arg(named(caller->displayName, caller->id), value, named(resource->displayName, resource->id),
                                            assignmentCommand(*caller, *resource, *role));
            continue;
        }
        const AppRoleAssignment *assignment = held.first();
        if (!staleReported && roleFinding && issuedAt && assignment->createdDateTime.isValid() && assignment->createdDateTime > *issuedAt) {
            staleReported = true;
            findings << Finding{Severity::Error, QStringLiteral("stale-token"),
                                QStringLiteral("The token predates the role assignment"),
                                QStringLiteral("The assignment of \"%1\" to %2 was made at %3, %4 after the token was issued (iat %5).")
                                    .arg(value, named(caller->displayName, caller->id), formatUtc(assignment->createdDateTime),
                                         formatDuration(issuedAt->secsTo(assignment->createdDateTime)), formatUtc(*issuedAt)),
                                QStringLiteral("Get a new token. Managed identity endpoints cache tokens per resource for about 24 hours: "
                                               "restart the app (or its host), or wait until the cached token expires (exp). The role "
                                               "appears in the next token issued.")};
        }
    }

    // Without a role problem, still say when the token is older than the caller's latest assignment on this API:
    // what the token says about roles may no longer be what the directory says.
    if (!staleReported && issuedAt) {
        const QList<const AppRoleAssignment *> onResource = directory.assignmentsHeldBy(caller->id);
        QDateTime latest;
        for (const AppRoleAssignment *a : onResource) {
            if (a->resourceId.compare(resource->id, Qt::CaseInsensitive) == 0 && a->createdDateTime.isValid()
                && (!latest.isValid() || a->createdDateTime > latest))
                latest = a->createdDateTime;
        }
        if (latest.isValid() && latest > *issuedAt)
            findings << Finding{Severity::Warning, QStringLiteral("stale-token"),
                                QStringLiteral("The token is older than the latest assignment change"),
                                QStringLiteral("%1's latest assignment on %2 was made at %3, after the token was issued (iat %4).")
                                    .arg(named(caller->displayName, caller->id), named(resource->displayName, resource->id),
                                         formatUtc(latest), formatUtc(*issuedAt)),
                                QStringLiteral("The token's roles may not match the directory. Get a new token (managed identity tokens "
                                               "are cached for about 24 hours).")};
    }
}

} // namespace idex::rules
