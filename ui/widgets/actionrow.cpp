#include "actionrow.h"

#include "widgets/reflow.h"

#include <QApplication>
#include <QClipboard>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace idex::ui {

ActionRow::ActionRow(const FindingAction &action, QWidget *parent)
    : QWidget(parent)
    , m_action(action)
{
    // The button, the command and its copy button in a row; one above the other in a narrow card, so a finding
    // never holds the answer's panes wider than they are (they would stack).
    auto *layout = new ReflowLayout(this);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(6);
    auto *button = new QPushButton(action.label, this);
    button->setObjectName(QStringLiteral("action-") + action.kindName());
    button->setToolTip(
        QStringLiteral("Does exactly this here. The same in Azure:\n%1").arg(action.commands.join(u'\n')));
    connect(button, &QPushButton::clicked, this, [this] { Q_EMIT triggered(m_action); });
    layout->addWidget(button);
    if (action.commands.isEmpty()) {
        layout->addStretch(1);
        return;
    }
    // The equivalent command, for people who apply the fix in Azure; plain text, elided, whole in the tooltip.
    auto *command = new QLabel(this);
    command->setObjectName(QStringLiteral("actionCommand"));
    command->setTextFormat(Qt::PlainText);
    command->setText(action.commands.first());
    command->setToolTip(action.commands.join(u'\n'));
    command->setStyleSheet(QStringLiteral("color: palette(mid); font-family: monospace;"));
    command->setMinimumWidth(40);
    command->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(command, 1);
    auto *copy = new QToolButton(this);
    copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    copy->setAutoRaise(true);
    copy->setToolTip(QStringLiteral("Copy the equivalent command(s)"));
    const QString commands = action.commands.join(u'\n');
    connect(copy, &QToolButton::clicked, this, [commands] { QApplication::clipboard()->setText(commands); });
    layout->addWidget(copy);
}

} // namespace idex::ui
