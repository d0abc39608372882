#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>

class QTableWidget;
class QWidget;

namespace idex::ui {

/*! One line of the shortcut list: the keys, what they do, and where they work. */
struct ShortcutEntry
{
    QKeySequence keys;
    QString what;
    QString where; ///< "Anywhere in the window", "Test call panel", "Directory graph"
};

/*! Help > Keyboard shortcuts: every shortcut of the window's menus (read from the actions themselves, so the list
    cannot drift from what the keys do) followed by the ones that belong to one panel or view. */
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    ShortcutsDialog(const QList<ShortcutEntry> &entries, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

    /*! The window-wide shortcuts of every action in \a window's menu bar (submenus included), in menu order. */
    static QList<ShortcutEntry> menuShortcuts(QWidget *window);
    /*! The shortcuts that work only inside one panel or view (documented here, owned by the panels). */
    static QList<ShortcutEntry> panelShortcuts();

private:
    QTableWidget *m_table;
};

} // namespace idex::ui
