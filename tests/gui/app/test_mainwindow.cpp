#include "aboutdialog.h"
#include "mainwindow.h"
#include "session/session.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

using namespace idex;
using namespace idex::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerTest"));
        QSettings().clear();
    }

    void hasFourPanels()
    {
        Session session;
        MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.tabs()->count(), 4);
        QCOMPARE(window.tabs()->tabText(0).remove(u'&'), QStringLiteral("Token"));
        QCOMPARE(window.tabs()->tabText(3).remove(u'&'), QStringLiteral("Directory"));
    }

    void keyboardShortcutsSwitchPanels()
    {
        Session session;
        MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QTRY_COMPARE(window.tabs()->currentIndex(), 2);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QTRY_COMPARE(window.tabs()->currentIndex(), 0);
    }

    void statusBarFollowsSourceAndToken()
    {
        Session session;
        MainWindow window(session);
        auto *source = window.statusBar()->findChild<QLabel *>(QStringLiteral("sourceLabel"));
        auto *token = window.statusBar()->findChild<QLabel *>(QStringLiteral("tokenLabel"));
        QVERIFY(source && token);
        QCOMPARE(token->text(), QStringLiteral("No token"));

        session.setActiveSource(QStringLiteral("Emulator (seed) on 127.0.0.1:4000"));
        QCOMPARE(source->text(), QStringLiteral("Source: Emulator (seed) on 127.0.0.1:4000"));

        TokenResult result;
        result.accessToken = QStringLiteral("eyJ0eXAi.x.y");
        result.resource = QStringLiteral("api://aad-func");
        result.expiresOn = QDateTime::currentDateTimeUtc().addSecs(42 * 60 + 30);
        session.setCurrentToken(result);
        QCOMPARE(token->text(), QStringLiteral("Token for api://aad-func, expires in 42 min"));

        result.expiresOn = QDateTime::currentDateTimeUtc().addSecs(-(3 * 3600 + 5 * 60 + 30));
        session.setCurrentToken(result);
        QCOMPARE(token->text(), QStringLiteral("Token for api://aad-func, expired 3 h 5 min ago"));
    }

    void geometryIsRememberedButNoSecrets()
    {
        {
            Session session;
            MainWindow window(session);
            window.resize(900, 640);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.tabs()->setCurrentIndex(1);
            TokenResult result;
            result.accessToken = QStringLiteral("eyJsecret-token-value");
            session.setCurrentToken(result);
            window.close();
        }
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(QStringLiteral("secret-token")), qPrintable(key));

        Session session;
        MainWindow window(session);
        QCOMPARE(window.size(), QSize(900, 640));
        QCOMPARE(window.tabs()->currentIndex(), 1);
    }

    void toolDockHasAToggleInTheViewMenu()
    {
        Session session;
        MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = new QDockWidget(QStringLiteral("Tool"), &window);
        dock->setObjectName(QStringLiteral("toolDock"));
        window.addToolDock(dock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        QVERIFY(dock->isVisible());
        QVERIFY(dock->height() < window.height() / 2); // the panels keep most of the room

        QAction *toggle = nullptr;
        for (QAction *menu : window.menuBar()->actions()) {
            if (menu->menu() && menu->text() == QLatin1String("&View"))
                toggle = menu->menu()->actions().last();
        }
        QVERIFY(toggle);
        QCOMPARE(toggle, dock->toggleViewAction());
        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!dock->isVisible());
        window.close();

        // The next start remembers that the user closed the dock.
        MainWindow again(session);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        auto *sameDock = new QDockWidget(QStringLiteral("Tool"), &again);
        sameDock->setObjectName(QStringLiteral("toolDock"));
        again.addToolDock(sameDock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        QVERIFY(!sameDock->isVisible());
    }

    void aboutShowsVersions()
    {
        AboutDialog dialog;
        auto *versions = dialog.findChild<QLabel *>(QStringLiteral("versions"));
        QVERIFY(versions);
        QVERIFY(versions->text().contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())));
        QVERIFY(versions->text().contains(QStringLiteral("OpenSSL 3")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
