// Every built-in lesson end to end from the Lessons dock alone: pick it in the list, Start lesson, then per step
// press the action button, wait for every check to turn green, Reveal the fix, Next. Only the dock's buttons and
// what it shows are used. The dock drives the window's one embedded emulator, as in the app: the Token panel, Test
// call, the emulator dock and the Lessons dock show the same port. With IDEX_LESSON_SHOTS=<dir> it saves a PNG of
// every passed step (window size from IDEX_LESSON_SHOTS_SIZE, default 1280x800; IDEX_LESSON_PRESENTER=1.5 or 2 in
// presenter mode). tests/gui/lessons/lesson-shots.sh writes all three sets.
#include "applicationwindow.h"
#include "call/callpanel.h"
#include "directory/directorypanel.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "graph/directoryscene.h"
#include "lessons/controlhighlight.h"
#include "lessons/lessonparser.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "session/session.h"
#include "token/tokenpanel.h"
#include "window/uizoom.h"

#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace idex;

namespace {
/*! The window as identity-explorer builds it (ApplicationWindow: the embedded emulator, its dock, the Lessons dock
    driving it), its emulator started at once on keys made once for every test. */
struct Harness
{
    explicit Harness(const emulator::EmulatorKeys &keys)
        : app(ui::EmbeddedEmulator::readyKeys(keys))
    {
        if (!embedded.startNow(emulator::EmulatorOptions {}, keys))
            qFatal("the embedded emulator did not start: %s", qPrintable(embedded.lastError()));
    }

    ui::ApplicationWindow app;
    Session &session = app.session();
    ui::MainWindow &window = app.window();
    ui::EmbeddedEmulator &embedded = app.emulator();
    ui::LessonsDock *dock = &app.lessons();
    ui::EmulatorDock *emulatorDock = window.findChild<ui::EmulatorDock *>();
};

/*! The loopback ports a text names (":41234"), in order. */
QList<int> portsIn(const QString &text)
{
    QList<int> ports;
    static const QRegularExpression port(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
    for (const QRegularExpressionMatch &m : port.globalMatch(text))
        ports << m.captured(1).toInt();
    return ports;
}
} // namespace

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

    emulator::EmulatorKeys m_keys; ///< generated once: every window's emulator starts at once

    /*! Runs lesson \a row from the dock's buttons alone; every check must turn green. */
    static void runLesson(Harness &h, int row, const QString &name, const QString &shots)
    {
        ui::LessonsDock *dock = h.dock;
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
            // A step that reads the directory shows it in the Directory panel: the room sees the edge it is about.
            const lessons::LessonStep &current = dock->engine().lesson().steps.at(dock->engine().currentStep());
            if (current.action && current.action->kind == lessons::LessonAction::Kind::ReloadDirectory) {
                QVERIFY(h.session.directory());
                QVERIFY(h.window.directoryPanel()->tableProxy()->rowCount() > 0);
                QVERIFY2(!h.window.directoryPanel()->scene()->graph().nodes.isEmpty(),
                    qPrintable(name + QStringLiteral(": the directory panel shows nothing")));
            }
            if (!shots.isEmpty())
                QVERIFY(h.window.grab().save(QStringLiteral("%1/%2-step%3.png").arg(shots, name).arg(step + 1)));
            QTest::mouseClick(child<QPushButton>(dock, "revealFix"), Qt::LeftButton);
            QVERIFY(!teaches->toPlainText().isEmpty());
            if (!next->isEnabled())
                break;
            QTest::mouseClick(next, Qt::LeftButton);
            // A new step starts with its action not yet done: its checks say "not yet" (or it has none).
            QVERIFY(!status->text().startsWith(u'\u2713') || checks->count() > 0);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The window saves its layout; keep the user's settings out of it.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerLessonsTest"));
        QSettings().clear();
        QString error;
        m_keys = emulator::Emulator::generateKeys(&error);
        QVERIFY2(m_keys.isValid(), qPrintable(error));
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
        // Every step's pointer lands on a control of the window ("Assign role" once matched none).
        QTest::failOnWarning(QRegularExpression(QStringLiteral("matches no control")));
        Harness h(m_keys);
        const QString shots = qEnvironmentVariable("IDEX_LESSON_SHOTS");
        if (!shots.isEmpty())
            QDir().mkpath(shots);
        const QStringList size = qEnvironmentVariable("IDEX_LESSON_SHOTS_SIZE", QStringLiteral("1280x800")).split(u'x');
        h.window.resize(size.value(0).toInt(), size.value(1).toInt());
        h.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&h.window));
        h.window.resizeDocks({ h.dock }, { h.window.height() / 2 }, Qt::Vertical);
        // IDEX_LESSON_PRESENTER=1.5 or 2: the same run in presenter mode (the dock a compact step bar).
        if (const qreal presenter = qEnvironmentVariable("IDEX_LESSON_PRESENTER").toDouble(); presenter > 0) {
            h.window.zoom().setPresenter(presenter);
            // At 100% the window could not be that small (its minimum grew it): in presenter mode it can.
            h.window.resize(size.value(0).toInt(), size.value(1).toInt());
        }
        const int seedPort = h.embedded.emulator().baseUrl().port();
        runLesson(h, row, name, shots);
        if (QTest::currentTestFailed())
            return;
        // The lesson ran on the window's emulator, switched to its scenario: no second emulator.
        QCOMPARE(h.session.emulator(), &h.embedded.emulator());
        QCOMPARE(h.session.emulatorRun().scenario, h.dock->engine().lesson().scenario);
        QVERIFY(h.embedded.emulator().baseUrl().port() != seedPort);
    }

    void panelsAndDocksShowTheLessonsPort()
    {
        Harness h(m_keys);
        h.window.resize(1280, 800);
        h.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&h.window));
        const int seedPort = h.embedded.emulator().baseUrl().port();
        const int row = lessons::builtInLessonNames().indexOf(QStringLiteral("missing-assignment"));
        QVERIFY(row >= 0);
        runLesson(h, row, QStringLiteral("missing-assignment"), {});
        if (QTest::currentTestFailed())
            return;
        const int port = h.embedded.emulator().baseUrl().port();
        QVERIFY(port != seedPort); // Start lesson switched the window's emulator to a fresh run
        // The Lessons dock, the emulator dock, the Token panel's last token and Test call's request: one port.
        QCOMPARE(portsIn(child<QLabel>(h.dock, "lessonEmulator")->text()), QList<int> { port });
        QCOMPARE(portsIn(h.emulatorDock->statusLabel()->text()), QList<int> { port });
        QCOMPARE(portsIn(child<QLabel>(h.window.tokenPanel(), "resultEndpoint")->text()), QList<int> { port });
        // Test call: its ready-made requests are the lesson's run's; opening one puts that port in the editor.
        ui::CallPanel *call = h.window.callPanel();
        QTRY_VERIFY(!call->scenarioApis().isEmpty());
        for (const ProtectedApi &api : call->scenarioApis())
            QCOMPARE(api.url.port(), port);
        h.window.showPanel(ui::MainWindow::CallTab);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        const QList<QTreeWidgetItem *> apis
            = tree->findItems(QStringLiteral("GET /api/aad-func"), Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY(!apis.isEmpty());
        tree->setFocus();
        tree->setCurrentItem(apis.first());
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(call->currentRequest().url.port(), port);
        // A scenario switched in the emulator dock ends the lesson's run: its next action refuses, not acts on it.
        h.embedded.switchScenario(QStringLiteral("seed"));
        QVERIFY(!portsIn(child<QLabel>(h.dock, "lessonEmulator")->text()).contains(port));
        auto *back = child<QPushButton>(h.dock, "stepBack");
        QTest::mouseClick(back, Qt::LeftButton);
        auto *act = child<QPushButton>(h.dock, "performAction");
        QVERIFY(act->isEnabled());
        QTest::mouseClick(act, Qt::LeftButton);
        QTRY_VERIFY(child<QLabel>(h.dock, "actionResult")->text().contains(QLatin1String("Reset lesson")));
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
