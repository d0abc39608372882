#include "assignmenteditorview.h"

#include "directory/assignmentcommands.h"
#include "directory/directory.h"
#include "jwt/microsoft.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>

namespace idex::ui {

namespace {
const QString microsoftTenant = QStringLiteral("f8cdef31-a31e-4b4a-93e4-5f571e91255a");
}

AssignmentEditorView::AssignmentEditorView(QWidget *parent)
    : QGroupBox(QStringLiteral("App role assignments of the selected client"), parent)
    , m_roleCombo(new QComboBox(this))
    , m_assign(new QPushButton(QStringLiteral("Assign role"), this))
    , m_heldCombo(new QComboBox(this))
    , m_unassign(new QPushButton(QStringLiteral("Remove"), this))
    , m_commands(new QPlainTextEdit(this))
{
    auto *layout = new QFormLayout(this);
    m_roleCombo->setObjectName(QStringLiteral("assignRoleCombo"));
    m_assign->setObjectName(QStringLiteral("assignButton"));
    auto *assignRow = new QHBoxLayout;
    assignRow->addWidget(m_roleCombo, 1);
    assignRow->addWidget(m_assign);
    m_heldCombo->setObjectName(QStringLiteral("heldAssignmentCombo"));
    m_unassign->setObjectName(QStringLiteral("removeAssignmentButton"));
    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_heldCombo, 1);
    removeRow->addWidget(m_unassign);
    layout->addRow(QStringLiteral("Add role:"), assignRow);
    layout->addRow(QStringLiteral("Held:"), removeRow);
    m_commands->setObjectName(QStringLiteral("assignmentCommands"));
    m_commands->setReadOnly(true);
    m_commands->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commands->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_commands->setMinimumHeight(m_commands->fontMetrics().lineSpacing() * 2 + 10);
    m_commands->setPlaceholderText(QStringLiteral("Select a client (a managed identity …) to see the equivalent "
                                                  "Microsoft Graph PowerShell and az rest commands."));
    layout->addRow(m_commands);
    // Beside Remove, not on a row of its own: in a 700 px window the details above need that height.
    auto *copyCommands = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), QString(), this);
    copyCommands->setToolTip(QStringLiteral("Copy commands: the PowerShell and az commands"));
    removeRow->addWidget(copyCommands);

    connect(copyCommands, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_commands->toPlainText()); });
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, &AssignmentEditorView::updateCommands);
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, &AssignmentEditorView::updateButtons);
    connect(m_heldCombo, &QComboBox::currentIndexChanged, this, &AssignmentEditorView::updateCommands);
    connect(m_assign, &QPushButton::clicked, this, [this] {
        const QStringList parts = m_roleCombo->currentData().toStringList();
        if (!m_principalId.isEmpty() && parts.size() == 2)
            Q_EMIT assignRequested(m_principalId, parts.at(0), parts.at(1));
    });
    connect(m_unassign, &QPushButton::clicked, this, &AssignmentEditorView::confirmRemove);
    setClient(nullptr, {}, {}, {}, false);
}

void AssignmentEditorView::setClient(const Directory *directory, const QString &principalId,
    const QString &principalName, const QStringList &wantedRoles, bool live)
{
    m_directory = directory;
    m_principalId = directory ? principalId : QString();
    m_principalName = principalName;
    m_live = live;
    const QSignalBlocker roleBlocker(m_roleCombo);
    const QSignalBlocker heldBlocker(m_heldCombo);
    m_roleCombo->clear();
    m_heldCombo->clear();
    if (!m_principalId.isEmpty()) {
        // Safe defaults: the roles the API under test requires first, then the tenant's own APIs; Microsoft's APIs
        // (Graph permissions, which need admin consent in a real tenant) last, labelled, and never preselected.
        struct Choice
        {
            int rank;
            QString text;
            QStringList data;
        };
        QList<Choice> choices;
        for (const ServicePrincipal &sp : m_directory->servicePrincipals()) {
            const bool microsoft = sp.appOwnerOrganizationId.compare(microsoftTenant, Qt::CaseInsensitive) == 0
                || isMicrosoftFirstPartyAudience(sp.appId);
            for (const AppRole &r : m_directory->rolesOf(sp)) {
                if (!r.allowsApplications() || !m_directory->assignmentsFor(m_principalId, sp.id, r.id).isEmpty())
                    continue;
                const int rank = wantedRoles.contains(r.value) && !microsoft ? 0 : microsoft ? 2 : 1;
                choices.append({ rank,
                    QStringLiteral("%1 · %2%3")
                        .arg(r.value, sp.displayName,
                            microsoft ? QStringLiteral(" (Microsoft API permission)") : QString()),
                    QStringList { sp.id, r.id } });
            }
            if (choices.size() > 500)
                break;
        }
        std::stable_sort(
            choices.begin(), choices.end(), [](const Choice &a, const Choice &b) { return a.rank < b.rank; });
        if (!choices.isEmpty() && choices.first().rank == 2)
            m_roleCombo->addItem(QStringLiteral("Choose an app role\u2026"), QStringList {});
        for (const Choice &choice : std::as_const(choices))
            m_roleCombo->addItem(choice.text, choice.data);
        for (const AppRoleAssignment *a : m_directory->assignmentsHeldBy(m_principalId)) {
            const auto r = m_directory->role(a->resourceId, a->appRoleId);
            m_heldCombo->addItem(
                QStringLiteral("%1 · %2").arg(r ? r->value : a->appRoleId, m_directory->displayNameOf(a->resourceId)),
                a->id);
        }
    }
    const QString why = m_live ? QString() : QStringLiteral(" (load from a Graph first: snapshots are read-only)");
    m_assign->setToolTip(QStringLiteral("POST servicePrincipals/{resource}/appRoleAssignedTo") + why);
    m_unassign->setToolTip(QStringLiteral("DELETE servicePrincipals/{resource}/appRoleAssignedTo/{id}") + why);
    updateButtons();
    updateCommands();
}

void AssignmentEditorView::updateButtons()
{
    const bool client = !m_principalId.isEmpty();
    m_assign->setEnabled(client && m_live && m_roleCombo->currentData().toStringList().size() == 2);
    m_unassign->setEnabled(client && m_live && m_heldCombo->count() > 0);
}

void AssignmentEditorView::updateCommands()
{
    if (m_principalId.isEmpty() || (m_roleCombo->count() == 0 && m_heldCombo->count() == 0)) {
        m_commands->clear();
        return;
    }
    const auto change = [this](const QString &resourceId, const QString &appRoleId) {
        AssignmentChange c;
        c.principalId = m_principalId;
        c.principalName = m_principalName;
        c.resourceId = resourceId;
        c.resourceName = m_directory->displayNameOf(resourceId);
        c.appRoleId = appRoleId;
        const auto role = m_directory->role(resourceId, appRoleId);
        c.roleValue = role ? role->value : QString();
        return c;
    };
    QStringList text;
    const QStringList parts = m_roleCombo->currentData().toStringList();
    if (parts.size() == 2) {
        const AssignmentChange c = change(parts.at(0), parts.at(1));
        text << QStringLiteral("# Microsoft Graph PowerShell") << assignmentcommands::powerShellAdd(c) << QString()
             << QStringLiteral("# Azure CLI") << assignmentcommands::azRestAdd(c) << QString();
    }
    if (const AppRoleAssignment *a = m_directory->assignment(m_heldCombo->currentData().toString())) {
        AssignmentChange c = change(a->resourceId, a->appRoleId);
        c.principalId = a->principalId;
        c.assignmentId = a->id;
        text << QStringLiteral("# Microsoft Graph PowerShell") << assignmentcommands::powerShellRemove(c) << QString()
             << QStringLiteral("# Azure CLI") << assignmentcommands::azRestRemove(c);
    }
    m_commands->setPlainText(text.join(u'\n'));
}

QString AssignmentEditorView::commandText() const
{
    return m_commands->toPlainText();
}

void AssignmentEditorView::confirmRemove()
{
    const QString id = m_heldCombo->currentData().toString();
    if (id.isEmpty())
        return;
    // Removing an assignment takes a permission away from a running identity: ask first (Enter keeps it).
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Remove the assignment?"),
        QStringLiteral("Remove %1 from %2?")
            .arg(m_heldCombo->currentText(),
                m_directory && !m_principalId.isEmpty() ? m_directory->displayNameOf(m_principalId)
                                                        : QStringLiteral("this identity")),
        QMessageBox::NoButton, this);
    box.setInformativeText(
        QStringLiteral("Tokens issued from now on will not carry this role. Tokens already issued keep it "
                       "until they expire. The equivalent command is shown below the buttons."));
    QPushButton *remove = box.addButton(QStringLiteral("Remove"), QMessageBox::DestructiveRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.setObjectName(QStringLiteral("confirmRemoveAssignment"));
    box.exec();
    if (box.clickedButton() == remove)
        Q_EMIT removeRequested(id);
}

} // namespace idex::ui
