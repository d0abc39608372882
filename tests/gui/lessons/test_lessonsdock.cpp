// Every built-in lesson end to end from the Lessons dock alone: pick it in the list, Start lesson, then per step
// press the action button, wait for every check to turn green, Reveal the fix, Next. Only the dock's buttons and
// what it shows are used. With IDEX_LESSON_SHOTS=<dir> it saves a PNG of every passed step (window size from
// IDEX_LESSON_SHOTS_SIZE, default 1280x800).
#include "lessons/controlhighlight.h"
#include "lessons/lessonparser.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "session/session.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

using namespace idex;

class TestLessonsDock : public QObject
{
    Q_OBJECT
private:
    template<typename T> static T *child(QWidget *dock, const char *name)
    {
        T *w = dock->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no %s in the dock", name);
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The window saves its layout; keep the user's settings out of it.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerLessonsTest"));
        QSettings().clear();
    }

    void everyBuiltInLessonTurnsGreen_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("name");
        const QStringList names = lessons::builtInLessonNames();
        for (int i = 0; i < names.size(); ++i)
            QTest::newRow(qPrintable(names.at(i))) << i << names.at(i);
    }
    void everyBuiltInLessonTurnsGreen()
    {
        QFETCH(int, row);
        QFETCH(QString, name);
        Session session;
        // The real main window: the panels render the same session the lesson drives.
        ui::MainWindow window(session);
        auto *dock = new ui::LessonsDock(session, &window);
        window.addToolDock(dock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        ui::followLessonPointers(*dock, window);
        const QString shots = qEnvironmentVariable("IDEX_LESSON_SHOTS");
        if (!shots.isEmpty())
            QDir().mkpath(shots);
        const QStringList size = qEnvironmentVariable("IDEX_LESSON_SHOTS_SIZE", QStringLiteral("1280x800")).split(u'x');
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resizeDocks({ dock }, { window.height() / 2 }, Qt::Vertical);

        auto *list = child<QListWidget>(dock, "lessonList");
        QCOMPARE(list->count(), lessons::builtInLessonNames().size());
        QVERIFY(list->item(row)->text().contains(u'\n')); // title, then the expected outcome
        list->setCurrentRow(row);
        QTest::mouseClick(child<QPushButton>(dock, "startLesson"), Qt::LeftButton);
        auto *stepTitle = child<QLabel>(dock, "stepTitle");
        QVERIFY2(stepTitle->text().startsWith(QStringLiteral("Step 1 of ")), qPrintable(stepTitle->text()));

        auto *act = child<QPushButton>(dock, "performAction");
        auto *next = child<QPushButton>(dock, "stepNext");
        auto *status = child<QLabel>(dock, "stepStatus");
        auto *checks = child<QListWidget>(dock, "stepChecks");
        auto *teaches = child<QTextBrowser>(dock, "stepTeaches");
        for (int step = 0;; ++step) {
            if (act->isEnabled()) {
                QTest::mouseClick(act, Qt::LeftButton);
            }
            QTRY_VERIFY2_WITH_TIMEOUT(status->text().startsWith(u'\u2713'),
                qPrintable(QStringLiteral("%1, %2: %3 %4")
                               .arg(name, stepTitle->text(), status->text(),
                                   checks->count() ? checks->item(0)->text() : QString())),
                30000);
            for (int i = 0; i < checks->count(); ++i)
                QVERIFY2(
                    !checks->item(i)->text().startsWith(QLatin1String("not yet")), qPrintable(checks->item(i)->text()));
            if (!shots.isEmpty())
                QVERIFY(window.grab().save(QStringLiteral("%1/%2-step%3.png").arg(shots, name).arg(step + 1)));
            QTest::mouseClick(child<QPushButton>(dock, "revealFix"), Qt::LeftButton);
            QVERIFY(!teaches->toPlainText().isEmpty());
            if (!next->isEnabled())
                break;
            QTest::mouseClick(next, Qt::LeftButton);
            // A new step starts with its action not yet done: its checks say "not yet" (or it has none).
            QVERIFY(!status->text().startsWith(u'\u2713') || checks->count() > 0);
        }
    }

    void aBrokenLessonFileIsRefusedWithItsError()
    {
        Session session;
        ui::LessonsDock dock(session);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("broken.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name":"x","title":"t","story":"s","scenario":"seed","outcome":"o","steps":[{"title":"a"}]})");
        f.close();
        QString error;
        QVERIFY(!dock.addLessonFile(f.fileName(), &error));
        QCOMPARE(error, f.fileName() + QStringLiteral(": steps[0].do: is required"));
        QCOMPARE(
            dock.findChild<QListWidget *>(QStringLiteral("lessonList"))->count(), lessons::builtInLessonNames().size());
    }
};

QTEST_MAIN(TestLessonsDock)
#include "test_lessonsdock.moc"
