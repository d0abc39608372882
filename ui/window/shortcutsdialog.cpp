#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

void collect(const QMenu *menu, const QString &path, QList<ShortcutEntry> &entries)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        const QString name = path + QStringLiteral(" \u203a ") + action->text().remove(u'&');
        if (action->menu()) {
            collect(action->menu(), name, entries);
            continue;
        }
        for (const QKeySequence &keys : action->shortcuts())
            entries.append({ keys, name, QStringLiteral("Anywhere in the window") });
    }
}

} // namespace

QList<ShortcutEntry> ShortcutsDialog::menuShortcuts(QWidget *window)
{
    QList<ShortcutEntry> entries;
    const QMenuBar *bar = window->findChild<QMenuBar *>();
    if (!bar)
        return entries;
    for (QAction *top : bar->actions()) {
        if (top->menu())
            collect(top->menu(), top->text().remove(u'&'), entries);
    }
    return entries;
}

QList<ShortcutEntry> ShortcutsDialog::panelShortcuts()
{
    // Keys that act on one place only (they would mean nothing elsewhere). Kept beside the panels' own definitions:
    // tests/gui/app/test_mainwindow.cpp presses each of them.
    const QString call = QStringLiteral("Test call panel");
    const QString graph = QStringLiteral("Directory graph");
    return {
        { QKeySequence(Qt::Key_Escape), QStringLiteral("Cancel the request, the retry or the load"),
            QStringLiteral("Token, Test call and Directory panels") },
        { QKeySequence(Qt::CTRL | Qt::Key_L), QStringLiteral("Go to the URL"), call },
        { QKeySequence::Save, QStringLiteral("Save the request (without token or secret headers)"), call },
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), QStringLiteral("Verify the signature"),
            QStringLiteral("Claims panel") },
        { QKeySequence(Qt::Key_F5), QStringLiteral("Load the directory again"), QStringLiteral("Directory panel") },
        { QKeySequence(Qt::Key_Plus), QStringLiteral("Zoom the graph in"), graph },
        { QKeySequence(Qt::Key_Minus), QStringLiteral("Zoom the graph out"), graph },
        { QKeySequence(Qt::Key_F), QStringLiteral("Fit the whole graph"), graph },
        { QKeySequence(Qt::Key_L), QStringLiteral("Show or hide the legend"), graph },
    };
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutEntry> &entries, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(int(entries.size()), 3, this))
{
    setWindowTitle(QStringLiteral("Keyboard shortcuts"));
    setObjectName(QStringLiteral("ShortcutsDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        QStringLiteral("Window-wide shortcuts work wherever the focus is, the emulator dock included."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table->setObjectName(QStringLiteral("shortcutTable"));
    m_table->setHorizontalHeaderLabels({ QStringLiteral("Keys"), QStringLiteral("Does"), QStringLiteral("Where") });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutEntry &entry = entries.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(entry.keys.toString(QKeySequence::NativeText)));
        m_table->setItem(row, 1, new QTableWidgetItem(entry.what));
        m_table->setItem(row, 2, new QTableWidgetItem(entry.where));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 560);
}

} // namespace idex::ui
