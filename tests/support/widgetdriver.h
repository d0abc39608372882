#pragma once
// Drives real widgets as a person does, for the GUI tests: find a request or object in a grouped tree by the start
// of its text, click and double-click it, show a window and wait until it is on screen.
#include <QTest>
#include <QTreeWidget>

namespace idex::testsupport {

/*! The first child of a top-level group of \a tree whose text starts with \a textStart, or nullptr. */
inline QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &textStart)
{
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            if (group->child(i)->text(0).startsWith(textStart))
                return group->child(i);
        }
    }
    return nullptr;
}

/*! Clicks \a item, then double-clicks it (what activates it on every platform); false when there is no item. */
inline bool activateItem(QTreeWidget *tree, QTreeWidgetItem *item)
{
    if (!item)
        return false;
    tree->scrollToItem(item);
    const QRect rect = tree->visualItemRect(item);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    return true;
}

/*! Resizes \a widget to \a size, shows it and waits until it is exposed; false when it never is. */
inline bool showWindow(QWidget &widget, const QSize &size)
{
    widget.resize(size);
    widget.show();
    return QTest::qWaitForWindowExposed(&widget);
}

} // namespace idex::testsupport
