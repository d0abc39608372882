#pragma once

#include <QGroupBox>
#include <QStringList>

class QComboBox;
class QPlainTextEdit;
class QPushButton;

namespace idex {
class Directory;
}

namespace idex::ui {

/*! The Directory panel's editor of the selected client's app role assignments: the roles it may be given (the API
    under test's first, Microsoft's permissions last and never preselected), the ones it holds, and the equivalent
    Graph PowerShell and az rest commands. Remove asks first. It sends requests; the panel runs them. */
class AssignmentEditorView : public QGroupBox
{
    Q_OBJECT
public:
    explicit AssignmentEditorView(QWidget *parent = nullptr);

    /*! The client to edit: \a principalId in \a directory (empty for none), its roles \a wantedRoles offered first;
        \a live false when the directory cannot be written (a snapshot). \a directory must outlive the next call. */
    void setClient(const Directory *directory, const QString &principalId, const QString &principalName,
        const QStringList &wantedRoles, bool live);
    QString commandText() const;

Q_SIGNALS:
    void assignRequested(const QString &principalId, const QString &resourceId, const QString &appRoleId);
    /*! Sent only once the person confirmed the removal. */
    void removeRequested(const QString &assignmentId);

private:
    void updateButtons();
    void updateCommands();
    void confirmRemove();

    const Directory *m_directory = nullptr;
    QString m_principalId;
    QString m_principalName;
    bool m_live = false;
    QComboBox *m_roleCombo;
    QPushButton *m_assign;
    QComboBox *m_heldCombo;
    QPushButton *m_unassign;
    QPlainTextEdit *m_commands;
};

} // namespace idex::ui
