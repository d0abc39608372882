// One truth across the panels (issue 12): the whole window, real widgets, the embedded emulator and its dock.
// A scenario switch restarts the emulator on a new port; with no user step, the Test call panel's request follows
// it, the previous run's token is marked and diagnosed as such, and the directory read from the old run is read
// again from the new one. A new token from the Token panel then calls the new scenario's API.
#include "call/callpanel.h"
#include "claims/claimspanel.h"
#include "directory/directorypanel.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "session/session.h"
#include "support/emulatortoken.h"
#include "support/guitestapp.h"
#include "support/widgetdriver.h"
#include "token/tokenpanel.h"
#include "widgets/findingsview.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace idex;
using namespace idex::ui;
using namespace idex::testsupport;

namespace {
/*! The window with the embedded emulator and its dock (not yet shown, the emulator not started). */
struct WindowWithEmulatorDock
{
    Session session;
    MainWindow window { session };
    EmbeddedEmulator embedded { session }; // after the window: destroyed before it, as in identity-explorer
    EmulatorDock *dock = new EmulatorDock(embedded, &window);

    WindowWithEmulatorDock() { window.addToolDock(dock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)); }
};
} // namespace

class TestSessionFollows : public QObject
{
    Q_OBJECT
private:
    template<typename T> static T *child(QWidget *root, const char *name)
    {
        T *widget = root->findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }

    /*! With IDEX_SCREENSHOT_DIR set: the window as it is, at IDEX_SCREENSHOT_SIZE (default 1280x800). */
    static void screenshot(QWidget &window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        const QStringList size = qEnvironmentVariable("IDEX_SCREENSHOT_SIZE", QStringLiteral("1280x800")).split(u'x');
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        QCoreApplication::processEvents();
        window.grab().save(dir + u'/' + name + QStringLiteral(".png"));
    }

    static void getToken(MainWindow &window, TokenPanel *panel)
    {
        window.tabs()->setCurrentIndex(0);
        QSignalSpy obtained(panel, &TokenPanel::tokenObtained);
        QTest::mouseClick(child<QPushButton>(panel, "getTokenButton"), Qt::LeftButton);
        QVERIFY(obtained.wait(15000));
    }

    static QStringList send(MainWindow &window, CallPanel *panel)
    {
        window.tabs()->setCurrentIndex(2);
        QSignalSpy finished(panel, &CallPanel::callFinished);
        QTest::mouseClick(child<QPushButton>(panel, "sendButton"), Qt::LeftButton);
        if (!finished.wait(15000))
            return { QStringLiteral("no answer") };
        return child<FindingsView>(panel, "findingsView")->codes();
    }

private Q_SLOTS:
    void initTestCase() { prepareGuiTestApplication(QStringLiteral("IdentityExplorerTest")); }

    void scenarioSwitchThenCallWorksOnTheNewPort()
    {
        WindowWithEmulatorDock w;
        auto &[session, window, embedded, dock] = w;
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        auto *tokens = window.findChild<TokenPanel *>();
        auto *call = window.findChild<CallPanel *>();
        auto *directory = window.findChild<DirectoryPanel *>();
        QVERIFY(tokens && call && directory);
        const QString functionPath = embedded.emulator().scenario().functions.first().path;

        // The classic walkthrough on the seed scenario: token, call, 200; the directory read from the emulator.
        getToken(window, tokens);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + functionPath));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + functionPath)));
        QVERIFY2(send(window, call).contains(QStringLiteral("call-succeeded")), "the seed scenario's call succeeds");
        QSignalSpy loaded(directory, &DirectoryPanel::loadFinished);
        QTest::mouseClick(child<QPushButton>(directory, "loadDirectory"), Qt::LeftButton);
        QVERIFY(loaded.wait(15000));
        QVERIFY(loaded.last().at(0).toBool());
        QVERIFY(session.directoryIsFromEmulator());
        const QUrl oldBase = session.emulatorUrl();

        // Switch the scenario from the dock: a new emulator run on a new port.
        const int index = dock->scenarioBox()->findText(QStringLiteral("missing-assignment"));
        QVERIFY(index > 0);
        dock->scenarioBox()->setCurrentIndex(index);
        Q_EMIT dock->scenarioBox()->activated(index);
        QCOMPARE(embedded.emulator().scenario().name, QStringLiteral("missing-assignment"));
        const QUrl newBase = session.emulatorUrl();
        QVERIFY(newBase.port() != oldBase.port());

        // No user step: the request follows the emulator; the old token is marked as the previous run's.
        auto *url = child<QLineEdit>(call, "urlEdit");
        QCOMPARE(QUrl(url->text()).port(), newBase.port());
        QVERIFY(session.currentTokenEndedRun().isValid());
        QVERIFY2(child<QLabel>(call, "authInfo")->text().contains(QLatin1String("previous run")),
            qPrintable(child<QLabel>(call, "authInfo")->text()));
        QStringList codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("token-from-ended-emulator-run")), qPrintable(codes.join(u',')));
        QVERIFY2(!codes.contains(QStringLiteral("no answer")), "the call reached the new port");

        // The directory of the old run is read again from the new one, without F5.
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() >= 2, 15000);
        QVERIFY(loaded.last().at(0).toBool());
        QVERIFY(session.directoryIsFromEmulator());

        // A new token for the new run: the scenario's own outcome (the identity lacks the role), nothing stale.
        getToken(window, tokens);
        QVERIFY(!session.currentTokenEndedRun().isValid());
        QVERIFY(!child<QLabel>(call, "authInfo")->text().contains(QLatin1String("previous run")));
        codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("call-missing-role")), qPrintable(codes.join(u',')));
        QVERIFY(!codes.contains(QStringLiteral("token-from-ended-emulator-run")));
    }

    void emulatorDockTurnsAnIdentityOffAndShiftsTheClock()
    {
        // What the lessons point at (Identities, Clock skew) is in the emulator dock, and it changes the emulator
        // the panels use; a change made elsewhere (a lesson, the admin API) shows there too.
        WindowWithEmulatorDock w;
        auto &[session, window, embedded, dock] = w;
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        emulator::Emulator &e = embedded.emulator();
        const QString resource = e.scenario().applications.first().identifierUris.value(0);
        auto callerIdentity = [&e]() -> const emulator::Identity * {
            for (const emulator::Identity &identity : e.scenario().identities)
                if (identity.name == QLatin1String("caller-func"))
                    return &identity;
            return nullptr;
        };
        QVERIFY(callerIdentity() && callerIdentity()->enabled);
        const QString principalBefore = callerIdentity()->principalId;

        QMenu *menu = dock->identitiesButton()->menu();
        QVERIFY(menu && dock->identitiesButton()->isEnabled());
        auto callerAction = [menu]() -> QAction * {
            Q_EMIT menu->aboutToShow(); // what opening it does: the list is read from the scenario then
            for (QAction *action : menu->actions())
                if (action->text().startsWith(QLatin1String("caller-func")))
                    return action;
            return nullptr;
        };
        QAction *off = callerAction();
        QVERIFY(off && off->isCheckable() && off->isChecked());
        off->trigger();
        QVERIFY(!callerIdentity()->enabled);
        // IMDS over loopback, as the function app asks: no identity, no token.
        QVERIFY(imdsToken(session.http(), e.baseUrl(), resource).isEmpty());
        QAction *on = callerAction();
        QVERIFY(on && !on->isChecked());
        on->trigger();
        QVERIFY(callerIdentity()->enabled);
        QVERIFY(callerIdentity()->principalId != principalBefore); // Azure makes a new service principal
        QVERIFY(!imdsToken(session.http(), e.baseUrl(), resource).isEmpty());
        // Turned off elsewhere (a lesson's action, the admin API: the same operation), the menu says so when opened.
        QVERIFY(e.setSystemIdentityEnabled(QStringLiteral("caller-func"), false));
        QAction *offElsewhere = callerAction();
        QVERIFY(offElsewhere && !offElsewhere->isChecked());
        QVERIFY(e.setSystemIdentityEnabled(QStringLiteral("caller-func"), true));

        QSpinBox *skew = dock->clockSkewBox();
        QCOMPARE(skew->value(), 0);
        skew->setFocus();
        skew->selectAll();
        QTest::keyClicks(skew, QStringLiteral("600"));
        QCOMPARE(e.clockSkew(), 0); // typing alone sends nothing
        QTest::keyClick(skew, Qt::Key_Return);
        QCOMPARE(e.clockSkew(), 600);
        e.setClockSkew(-300); // as the admin API or a lesson does
        QCOMPARE(skew->value(), -300);
        QCOMPARE(e.clockSkew(), -300);
        window.resizeDocks({ dock }, { 260 }, Qt::Vertical);
        screenshot(window, QStringLiteral("emulator-dock-controls"));
    }

    // A failure on screen leads to the lesson about it: the 403 of the missing-assignment scenario offers "Open the
    // lesson for this failure", and pressing it shows the Lessons dock with that lesson selected (not started).
    void findingOpensItsLesson()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        auto *lessons = new LessonsDock(session, &window);
        window.addToolDock(lessons, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        QVERIFY(showWindow(window, QSize(1280, 800)));
        lessons->hide();
        emulator::EmulatorOptions options;
        options.scenario = QStringLiteral("missing-assignment");
        QVERIFY(embedded.startNow(options));
        auto *tokens = window.findChild<TokenPanel *>();
        auto *call = window.findChild<CallPanel *>();
        const QString functionPath = embedded.emulator().scenario().functions.first().path;

        getToken(window, tokens);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + functionPath));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + functionPath)));
        const QStringList codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("call-missing-role")), qPrintable(codes.join(u',')));
        auto *card = child<QWidget>(call, "finding-call-missing-role");
        auto *open = card->findChild<QPushButton *>(QStringLiteral("action-open-lesson"));
        QVERIFY(open);
        QCOMPARE(open->text(), QStringLiteral("Open the lesson for this failure"));
        QStringList commands;
        for (const QLabel *label : card->findChildren<QLabel *>(QStringLiteral("actionCommand")))
            commands << label->text();
        QVERIFY2(
            commands.contains(QStringLiteral("idex lesson show missing-assignment")), qPrintable(commands.join(u'|')));
        screenshot(window, QStringLiteral("finding-lesson-button"));

        QVERIFY(!lessons->isVisible());
        QTest::mouseClick(open, Qt::LeftButton);
        QTRY_VERIFY(lessons->isVisible());
        auto *list = child<QListWidget>(lessons, "lessonList");
        QVERIFY(list->currentItem());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toString(), QStringLiteral("missing-assignment"));
        // Selected, not started: the emulator still runs the user's scenario.
        QCOMPARE(embedded.emulator().scenario().name, QStringLiteral("missing-assignment"));
        screenshot(window, QStringLiteral("lesson-opened"));
    }

    // The stale-token walkthrough from the Test call panel alone: each step is a finding's action button.
    void staleTokenIsFixedByTheFindingsActions()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        emulator::EmulatorOptions options;
        options.scenario = QStringLiteral("stale-token");
        QVERIFY(embedded.startNow(options));
        auto *tokens = window.findChild<TokenPanel *>();
        auto *call = window.findChild<CallPanel *>();
        auto *directory = window.findChild<DirectoryPanel *>();
        const QString functionPath = embedded.emulator().scenario().functions.first().path;
        auto *findings = child<FindingsView>(call, "findingsView");

        // 403: no assignment yet. With the directory loaded, the finding names the assignment and offers it.
        getToken(window, tokens);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + functionPath));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + functionPath)));
        QSignalSpy loaded(directory, &DirectoryPanel::loadFinished);
        QTest::mouseClick(child<QPushButton>(directory, "loadDirectory"), Qt::LeftButton);
        QVERIFY(loaded.wait(15000));
        QStringList codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("call-missing-role")), qPrintable(codes.join(u',')));
        auto *assign = findings->findChild<QPushButton *>(QStringLiteral("action-assign-role"));
        QVERIFY2(assign, qPrintable(codes.join(u',')));
        QVERIFY(assign->text().contains(QLatin1String("DoAll")));
        QVERIFY(findings->findChild<QLabel *>(QStringLiteral("actionCommand"))
                    ->text()
                    .startsWith(QLatin1String("New-MgServicePrincipalAppRoleAssignment")));

        // Assign (the token's iat is in whole seconds: let the assignment come in a later second than the token).
        QTest::qWait(1100);
        QSignalSpy edited(directory, &DirectoryPanel::assignmentEdited);
        QTest::mouseClick(assign, Qt::LeftButton);
        QVERIFY(edited.wait(15000));
        QVERIFY2(edited.last().at(0).toBool(), qPrintable(edited.last().at(1).toString()));
        // The answer on screen is re-diagnosed at once: no more "assign DoAll", the stale token is named.
        QTRY_VERIFY2(
            findings->codes().contains(QStringLiteral("stale-token")), qPrintable(findings->codes().join(u',')));
        QVERIFY(!findings->findChild<QPushButton *>(QStringLiteral("action-assign-role")));

        // Still 403: the token predates the assignment. Test call says so itself, with the flush-and-refresh action.
        codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("stale-token")), qPrintable(codes.join(u',')));
        auto *flush = findings->findChild<QPushButton *>(QStringLiteral("action-flush-and-refresh"));
        QVERIFY(flush);
        screenshot(window, QStringLiteral("call-stale-token-actions"));

        // One click: the emulator's cache is flushed, a brand-new token is fetched and the call is sent again: 200.
        const QString staleToken = session.currentToken().accessToken;
        QSignalSpy finished(call, &CallPanel::callFinished);
        QTest::mouseClick(flush, Qt::LeftButton);
        QVERIFY(finished.wait(15000));
        QVERIFY(session.currentToken().accessToken != staleToken);
        codes = findings->codes();
        QVERIFY2(codes.contains(QStringLiteral("call-succeeded")), qPrintable(codes.join(u',')));
        QVERIFY(!codes.contains(QStringLiteral("stale-token")));
    }

    // A finding's "get a token" whose token request fails: the Test call panel stops waiting for the next token, so
    // a token obtained later for another reason does not send the call behind the user's back.
    void failedTokenRequestStopsTheCallAgain()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        auto *tokens = window.findChild<TokenPanel *>();
        auto *call = window.findChild<CallPanel *>();
        const QString functionPath = embedded.emulator().scenario().functions.first().path;

        // A token for the wrong API: 401, and the finding offers a token for the right one.
        window.tabs()->setCurrentIndex(0);
        child<QComboBox>(tokens, "resourceCombo")->setEditText(QStringLiteral("https://vault.azure.net"));
        getToken(window, tokens);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + functionPath));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + functionPath)));
        const QStringList codes = send(window, call);
        auto *findings = child<FindingsView>(call, "findingsView");
        auto *getRight = findings->findChild<QPushButton *>(QStringLiteral("action-get-token"));
        QVERIFY2(getRight, qPrintable(codes.join(u',')));

        // The endpoint now fails: the action's token request ends without a token.
        emulator::Fault fault;
        fault.kind = emulator::Fault::Kind::IdentityNotFound;
        embedded.emulator().setFault(fault);
        QSignalSpy failed(&session, &Session::tokenRequestFailed);
        QSignalSpy finished(call, &CallPanel::callFinished);
        QTest::mouseClick(getRight, Qt::LeftButton);
        QVERIFY(failed.wait(15000));
        QVERIFY(child<QLabel>(call, "callMessage")->text().contains(QStringLiteral("was not sent again")));

        // A token obtained afterwards, by hand: no call goes out with it.
        embedded.emulator().clearFaults();
        getToken(window, tokens);
        QCoreApplication::processEvents(); // a queued send, if any, would start here
        QVERIFY(!call->isSending());
        QCOMPARE(finished.size(), 0);
    }

    // One verdict per token: verified in Claims, the latest call's findings stop saying it was not checked.
    void verifiedInClaimsIsVerifiedInTestCall()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        auto *tokens = window.findChild<TokenPanel *>();
        auto *call = window.findChild<CallPanel *>();
        auto *claims = window.findChild<ClaimsPanel *>();
        const QString functionPath = embedded.emulator().scenario().functions.first().path;
        getToken(window, tokens);
        auto *tree = child<QTreeWidget>(call, "requestTree");
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + functionPath));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + functionPath)));
        QStringList codes = send(window, call);
        QVERIFY2(codes.contains(QStringLiteral("signature-not-checked")), qPrintable(codes.join(u',')));
        QVERIFY(claims->findings().size() > 0);

        window.tabs()->setCurrentIndex(1);
        claims->verifyByDiscovery();
        QTRY_VERIFY_WITH_TIMEOUT(claims->token()->verification.isChecked(), 15000);
        auto *findings = child<FindingsView>(call, "findingsView");
        QTRY_VERIFY2(!findings->codes().contains(QStringLiteral("signature-not-checked")),
            qPrintable(findings->codes().join(u',')));
        QVERIFY(session.signatureVerdictOf(session.currentToken().accessToken).isValid());
        for (const Finding &finding : claims->findings())
            QVERIFY2(finding.code != QLatin1String("signature-not-checked"), qPrintable(finding.code));
    }
};

QTEST_MAIN(TestSessionFollows)
#include "test_sessionfollows.moc"
