#include "controlhighlight.h"

#include "lessonsdock.h"
#include "mainwindow.h"

#include <QAbstractButton>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QPointer>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>

namespace idex::ui {

namespace {

QString shownText(const QWidget *w)
{
    QString text;
    if (const auto *b = qobject_cast<const QAbstractButton *>(w))
        text = b->text();
    else if (const auto *l = qobject_cast<const QLabel *>(w))
        text = l->text();
    else if (const auto *g = qobject_cast<const QGroupBox *>(w))
        text = g->title();
    text.remove(u'&');
    if (text.endsWith(u':'))
        text.chop(1);
    return text.trimmed();
}

/*! The pages of the tab widgets between \a w and \a root that are not in front; empty when \a w is hidden for
    another reason (or not under \a root). Presenter mode keeps the directory's details in such a tab. */
QList<QPair<QTabWidget *, QWidget *>> tabsHiding(QWidget *w, const QWidget *root)
{
    QList<QPair<QTabWidget *, QWidget *>> pages;
    for (QWidget *a = w; a && a != root; a = a->parentWidget()) {
        if (!a->isHidden())
            continue;
        auto *stack = qobject_cast<QStackedWidget *>(a->parentWidget());
        auto *tabs = stack ? qobject_cast<QTabWidget *>(stack->parentWidget()) : nullptr;
        if (!tabs || tabs->indexOf(a) < 0)
            return {};
        pages.append({ tabs, a });
    }
    return pages;
}

/*! Brings \a w into view: the tabs it is on in front, every scroll area it is in scrolled to it (presenter mode). */
void reveal(QWidget *w, const QWidget *root)
{
    for (const auto &[tabs, page] : tabsHiding(w, root))
        tabs->setCurrentWidget(page);
    for (QWidget *a = w->parentWidget(); a; a = a->parentWidget()) {
        if (auto *area = qobject_cast<QScrollArea *>(a))
            area->ensureWidgetVisible(w);
    }
}

} // namespace

bool highlightControl(QWidget *root, const QString &text, int ms)
{
    if (!root)
        return false;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    // A visible control first; else one on a tab that is not in front (brought there).
    QWidget *found = nullptr;
    for (QWidget *w : widgets) {
        if (w->isVisible() && shownText(w).compare(text, Qt::CaseInsensitive) == 0) {
            found = w;
            break;
        }
    }
    for (qsizetype i = 0; !found && i < widgets.size(); ++i) {
        QWidget *w = widgets.at(i);
        if (root->isVisible() && shownText(w).compare(text, Qt::CaseInsensitive) == 0 && !tabsHiding(w, root).isEmpty())
            found = w;
    }
    if (found) {
        QWidget *w = found;
        reveal(w, root);
        // A label names the control next to it (its buddy): point at that one.
        if (auto *label = qobject_cast<QLabel *>(w); label && label->buddy())
            w = label->buddy();
        QPointer<QWidget> target(w);
        const QString before = w->styleSheet();
        w->setStyleSheet(before + QStringLiteral(";border: 3px solid #e08a00; border-radius: 3px;"));
        if (qobject_cast<QAbstractButton *>(w))
            w->setFocus(Qt::OtherFocusReason);
        QTimer::singleShot(ms, w, [target, before] {
            if (target)
                target->setStyleSheet(before);
        });
        return true;
    }
    return false;
}

void followLessonPointers(LessonsDock &dock, MainWindow &window)
{
    QObject::connect(
        &dock, &LessonsDock::pointerShown, &window, [&window](const QString &panel, const QString &control) {
            QWidget *root = &window;
            if (panel == QLatin1String("emulator")) {
                for (QDockWidget *d : window.findChildren<QDockWidget *>())
                    if (d->objectName() != QLatin1String("lessonsDock")
                        && d->windowTitle().contains(QLatin1String("mulator"))) {
                        d->show();
                        d->raise();
                        root = d;
                    }
            } else {
                const MainWindow::Panel tab = panel == QLatin1String("claims") ? MainWindow::ClaimsTab
                    : panel == QLatin1String("call")                           ? MainWindow::CallTab
                    : panel == QLatin1String("directory")                      ? MainWindow::DirectoryTab
                                                                               : MainWindow::TokenTab;
                window.showPanel(tab);
                root = window.tabs()->currentWidget(); // the panel: its own tabs may be brought to the front
            }
            // After the tab switch is laid out, so that the control is visible.
            QTimer::singleShot(0, root, [root, panel, control] {
                // A lesson file (a built-in one, or a trainer's own) that names a control the window does not have
                // leaves the room looking for it: say so where its author looks.
                if (!highlightControl(root, control))
                    qWarning(
                        "lesson pointer \"%s\" (%s panel) matches no control", qPrintable(control), qPrintable(panel));
            });
        });
}

} // namespace idex::ui
