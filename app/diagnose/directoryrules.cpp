// The rules that need the directory: which assignment would add a missing role, whether the API defines the role at
// all, and whether the token predates the latest assignment change (managed identity tokens are cached ~24 h).
#include "directory/directory.h"
#include "jwt/decodedtoken.h"
#include "jwt/tokentimes.h"
#include "rules.h"

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

/*! iat has whole seconds: an assignment made in the same second as the token may be before or after it, so only a
    later second proves the token older. */
bool laterSecond(const QDateTime &change, const QDateTime &issuedAt)
{
    return change.toSecsSinceEpoch() > issuedAt.toSecsSinceEpoch();
}

/*! The exact assignment, as people type it: Graph PowerShell, then az. */
QStringList assignmentCommands(const ServicePrincipal &caller, const ServicePrincipal &resource, const AppRole &role)
{
    return { QStringLiteral("New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId %1 -PrincipalId %1 "
                            "-ResourceId %2 -AppRoleId %3")
                 .arg(caller.id, resource.id, role.id),
        QStringLiteral("az rest -m POST -u https://graph.microsoft.com/v1.0/servicePrincipals/%1/appRoleAssignments "
                       "-b '{\"principalId\":\"%1\",\"resourceId\":\"%2\",\"appRoleId\":\"%3\"}'")
            .arg(caller.id, resource.id, role.id) };
}

QString assignmentCommand(const ServicePrincipal &caller, const ServicePrincipal &resource, const AppRole &role)
{
    const QStringList commands = assignmentCommands(caller, resource, role);
    return QStringLiteral("%1  (or: %2)").arg(commands.at(0), commands.at(1));
}

FindingAction assignAction(const ServicePrincipal &caller, const ServicePrincipal &resource, const AppRole &role)
{
    return FindingAction { FindingAction::Kind::AssignRole,
        QStringLiteral("Assign %1 to %2")
            .arg(role.value, caller.displayName.isEmpty() ? caller.id : caller.displayName),
        { { QStringLiteral("principalId"), caller.id }, { QStringLiteral("resourceId"), resource.id },
            { QStringLiteral("appRoleId"), role.id }, { QStringLiteral("role"), role.value } },
        assignmentCommands(caller, resource, role) };
}

/*! Flush the caches and get a brand-new token: what a stale token needs. In Azure there is no flush: restart. */
FindingAction flushAction(const DecodedToken &token)
{
    return FindingAction { FindingAction::Kind::FlushAndRefresh,
        QStringLiteral("Flush the token cache and get a new token"),
        { { QStringLiteral("resource"), token.audience() } },
        { QStringLiteral("az webapp restart --name <calling app> --resource-group <its group>   (Azure: the "
                         "platform's cache goes with the process)"),
            QStringLiteral("curl -X DELETE -H \"Authorization: Bearer $IDEX_EMULATOR_ADMIN_TOKEN\" "
                           "$IDEX_EMULATOR_URL/admin/token-cache   (the emulator)") } };
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
        findings << Finding { Severity::Warning, QStringLiteral("audience-not-in-directory"),
            QStringLiteral("No service principal in the directory answers to the audience"),
            QStringLiteral("aud = \"%1\" matches no appId, App ID URI or service principal name of %2.")
                .arg(audiences.join(QStringLiteral("\", \"")), directory.sourceDescription),
            QStringLiteral(
                "The API has no service principal in this tenant (token requests fail with AADSTS500011), or "
                "the audience is misspelled. Create the service principal (enterprise application) of the "
                "API, or correct the resource requested.") };
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
                findings << Finding { Severity::Error, QStringLiteral("role-not-defined"),
                    QStringLiteral("The API defines no app role \"%1\"").arg(value),
                    QStringLiteral("%1 defines %2.")
                        .arg(named(resource->displayName, resource->id),
                            defined.isEmpty()
                                ? QStringLiteral("no app roles")
                                : QStringLiteral("the roles \"%1\"").arg(defined.join(QStringLiteral("\", \"")))),
                    QStringLiteral("Add the app role \"%1\" (allowed member types: Applications) to the API's app "
                                   "registration, or correct the role name the API checks (values are case-sensitive).")
                        .arg(value),
                    { FindingAction { FindingAction::Kind::ShowInDirectory,
                        QStringLiteral("Show %1 in the Directory")
                            .arg(resource->displayName.isEmpty() ? resource->id : resource->displayName),
                        { { QStringLiteral("objectId"), resource->id } },
                        { QStringLiteral(
                            "az rest -u https://graph.microsoft.com/v1.0/servicePrincipals/%1?$select=appRoles")
                                .arg(resource->id) } } } };
            }
            continue;
        }
        const QList<const AppRoleAssignment *> held = directory.assignmentsFor(caller->id, resource->id, role->id);
        if (held.isEmpty()) {
            if (roleFinding) {
                roleFinding->fix
                    = QStringLiteral("No assignment gives %1 the role \"%2\" on %3. Add it: %4. Then get a new token.")
                          .arg(named(caller->displayName, caller->id), value,
                              named(resource->displayName, resource->id), assignmentCommand(*caller, *resource, *role));
                if (!actionOf(*roleFinding, FindingAction::Kind::AssignRole))
                    roleFinding->actions << assignAction(*caller, *resource, *role);
            }
            continue;
        }
        const AppRoleAssignment *assignment = held.first();
        if (!staleReported && roleFinding && issuedAt && assignment->createdDateTime.isValid()
            && laterSecond(assignment->createdDateTime, *issuedAt)) {
            staleReported = true;
            findings << Finding { Severity::Error, QStringLiteral("stale-token"),
                QStringLiteral("The token predates the role assignment"),
                QStringLiteral("The assignment of \"%1\" to %2 was made at %3, %4 after the token was issued (iat %5).")
                    .arg(value, named(caller->displayName, caller->id), formatUtc(assignment->createdDateTime),
                        formatDuration(issuedAt->secsTo(assignment->createdDateTime)), formatUtc(*issuedAt)),
                QStringLiteral(
                    "Get a new token. Managed identity endpoints cache tokens per resource for about 24 hours: "
                    "restart the app (or its host), or wait until the cached token expires (exp). The role "
                    "appears in the next token issued."),
                { flushAction(token) } };
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
        if (latest.isValid() && laterSecond(latest, *issuedAt))
            findings << Finding { Severity::Warning, QStringLiteral("stale-token"),
                QStringLiteral("The token is older than the latest assignment change"),
                QStringLiteral("%1's latest assignment on %2 was made at %3, after the token was issued (iat %4).")
                    .arg(named(caller->displayName, caller->id), named(resource->displayName, resource->id),
                        formatUtc(latest), formatUtc(*issuedAt)),
                QStringLiteral(
                    "The token's roles may not match the directory. Get a new token (managed identity tokens "
                    "are cached for about 24 hours)."),
                { flushAction(token) } };
    }
}

} // namespace idex::rules
