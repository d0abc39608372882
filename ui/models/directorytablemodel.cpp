#include "directorytablemodel.h"

namespace idex::ui {

DirectoryTableModel::DirectoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void DirectoryTableModel::setDirectory(const Directory *directory)
{
    beginResetModel();
    m_rows.clear();
    if (directory) {
        m_rows.reserve(directory->assignments().size());
        for (const AppRoleAssignment &a : directory->assignments()) {
            Row row;
            const ServicePrincipal *sp = directory->servicePrincipal(a.principalId);
            row.principal = sp ? sp->displayName : a.principalDisplayName;
            row.principalType = sp ? sp->kindLabel() : a.principalType;
            const auto role = directory->role(a.resourceId, a.appRoleId);
            row.role = role ? role->value
                            : (a.appRoleId == Directory::defaultAccessRoleId() ? QStringLiteral("(default access)")
                                                                               : QStringLiteral("(unknown role)"));
            row.roleDescription
                = role ? (role->description.isEmpty() ? role->displayName : role->description) : QString();
            const ServicePrincipal *resource = directory->servicePrincipal(a.resourceId);
            row.api = resource ? resource->displayName : a.resourceDisplayName;
            row.created = a.createdDateTime.isValid() ? a.createdDateTime.toString(Qt::ISODate) : QString();
            row.principalId = a.principalId;
            row.appRoleId = a.appRoleId;
            row.resourceId = a.resourceId;
            row.assignmentId = a.id;
            m_rows.append(row);
        }
    }
    endResetModel();
}

int DirectoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DirectoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DirectoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Principal: return r.principal;
        case PrincipalType: return r.principalType;
        case Role: return r.role;
        case RoleDescription: return r.roleDescription;
        case Api: return r.api;
        case Created: return r.created;
        case PrincipalId: return r.principalId;
        case AppRoleId: return r.appRoleId;
        case ResourceId: return r.resourceId;
        case AssignmentId: return r.assignmentId;
        }
        return {};
    case FilterRole:
        return QStringList { r.principal, r.principalType, r.role, r.roleDescription, r.api, r.principalId, r.appRoleId,
            r.resourceId, r.assignmentId }
            .join(u'\n');
    case AssignmentIdRole: return r.assignmentId;
    case PrincipalIdRole: return r.principalId;
    }
    return {};
}

QVariant DirectoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Principal: return QStringLiteral("Principal");
    case PrincipalType: return QStringLiteral("Type");
    case Role: return QStringLiteral("Role");
    case RoleDescription: return QStringLiteral("Description");
    case Api: return QStringLiteral("API");
    case Created: return QStringLiteral("Assigned");
    case PrincipalId: return QStringLiteral("Principal id");
    case AppRoleId: return QStringLiteral("App role id");
    case ResourceId: return QStringLiteral("Resource id");
    case AssignmentId: return QStringLiteral("Assignment id");
    }
    return {};
}

} // namespace idex::ui
