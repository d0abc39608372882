#include "assignmentcommands.h"

namespace idex::assignmentcommands {

namespace {
QString comment(const AssignmentChange &c, const char *verb)
{
    return QStringLiteral("# %1 app role %2 of %3 %4 %5\n")
        .arg(QLatin1String(verb), c.roleValue.isEmpty() ? c.appRoleId : c.roleValue,
            c.resourceName.isEmpty() ? c.resourceId : c.resourceName, QLatin1String(verb[0] == 'A' ? "to" : "from"),
            c.principalName.isEmpty() ? c.principalId : c.principalName);
}
} // namespace

QString powerShellAdd(const AssignmentChange &c)
{
    return comment(c, "Assign")
        + QStringLiteral("Connect-MgGraph -Scopes \"AppRoleAssignment.ReadWrite.All\",\"Application.Read.All\"\n"
                         "New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId %1 -PrincipalId %1 -ResourceId "
                         "%2 -AppRoleId %3")
              .arg(c.principalId, c.resourceId, c.appRoleId);
}

QString powerShellRemove(const AssignmentChange &c)
{
    return comment(c, "Remove")
        + QStringLiteral("Connect-MgGraph -Scopes \"AppRoleAssignment.ReadWrite.All\",\"Application.Read.All\"\n"
                         "Remove-MgServicePrincipalAppRoleAssignedTo -ServicePrincipalId %1 -AppRoleAssignmentId %2")
              .arg(c.resourceId, c.assignmentId);
}

QString azRestAdd(const AssignmentChange &c)
{
    return comment(c, "Assign")
        + QStringLiteral("az rest -m POST -u https://graph.microsoft.com/v1.0/servicePrincipals/%1/appRoleAssignments "
                         "--headers Content-Type=application/json "
                         "-b '{\"principalId\":\"%1\",\"resourceId\":\"%2\",\"appRoleId\":\"%3\"}'")
              .arg(c.principalId, c.resourceId, c.appRoleId);
}

QString azRestRemove(const AssignmentChange &c)
{
    return comment(c, "Remove")
        + QStringLiteral(
            "az rest -m DELETE -u https://graph.microsoft.com/v1.0/servicePrincipals/%1/appRoleAssignedTo/%2")
              .arg(c.resourceId, c.assignmentId);
}

} // namespace idex::assignmentcommands
