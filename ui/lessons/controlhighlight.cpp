#include "controlhighlight.h"

#include "lessonsdock.h"
#include "mainwindow.h"

#include <QAbstractButton>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QPointer>
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

} // namespace

bool highlightControl(QWidget *root, const QString &text, int ms)
{
    if (!root)
        return false;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisible() || shownText(w).compare(text, Qt::CaseInsensitive) != 0)
            continue;
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
            }
            // After the tab switch is laid out, so that the control is visible.
            QTimer::singleShot(0, root, [root, control] { highlightControl(root, control); });
        });
}

} // namespace idex::ui
