#pragma once

#include "directory/directory.h"

#include <QAbstractTableModel>

namespace idex::ui {

/*! One row per app role assignment (who holds which role on which API), for people who prefer rows. Sort and filter
    through a QSortFilterProxyModel; FilterRole carries every searchable text of the row. */
class DirectoryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Principal,
        PrincipalType,
        Role,
        RoleDescription,
        Api,
        Created,
        PrincipalId,
        AppRoleId,
        ResourceId,
        AssignmentId,
        ColumnCount
    };
    enum Roles { FilterRole = Qt::UserRole + 1, AssignmentIdRole, PrincipalIdRole };

    explicit DirectoryTableModel(QObject *parent = nullptr);

    void setDirectory(const Directory *directory); ///< not owned; call again after the directory changes

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString principal, principalType, role, roleDescription, api, created, principalId, appRoleId, resourceId,
            assignmentId;
    };
    QList<Row> m_rows;
};

} // namespace idex::ui
