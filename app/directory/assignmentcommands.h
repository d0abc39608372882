#pragma once

#include <QString>

namespace idex {

/*! The same change as Identity Explorer makes, written for the tools people already use, so it can be reviewed,
    repeated in production, or handed to an admin. */
struct AssignmentChange
{
    QString principalId; ///< the client service principal (a managed identity ...)
    QString resourceId; ///< the resource service principal (the API)
    QString appRoleId;
    QString assignmentId; ///< for removal
    QString principalName; ///< for the comments only
    QString resourceName;
    QString roleValue;
};

namespace assignmentcommands {

/*! Microsoft Graph PowerShell: New-MgServicePrincipalAppRoleAssignment. */
QString powerShellAdd(const AssignmentChange &change);
/*! Microsoft Graph PowerShell: Remove-MgServicePrincipalAppRoleAssignedTo. */
QString powerShellRemove(const AssignmentChange &change);
/*! az rest -m POST .../servicePrincipals/{principal}/appRoleAssignments. */
QString azRestAdd(const AssignmentChange &change);
/*! az rest -m DELETE .../servicePrincipals/{resource}/appRoleAssignedTo/{id}. */
QString azRestRemove(const AssignmentChange &change);

} // namespace assignmentcommands
} // namespace idex
