// The GUI's embedded emulator: it publishes itself to the Session when it starts, and a failure to start is
// reported (signal, status text, non-modal notice) without blocking the app.
#include "directory/directorypanel.h"
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "mainwindow.h"
#include "session/session.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::ui;

class TestEmbeddedEmulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishesToTheSession()
    {
        Session session;
        QSignalSpy urlSpy(&session, &Session::emulatorUrlChanged);
        EmbeddedEmulator embedded(session);
        QMainWindow window;
        embedded.startLater(emulator::EmulatorOptions {}, &window);
        QCOMPARE(urlSpy.size(), 0); // keys are generated on a worker thread; the window never waits
        QTRY_COMPARE_WITH_TIMEOUT(urlSpy.size(), 1, 60000);
        QCOMPARE(session.emulator(), &embedded.emulator());
        QCOMPARE(session.emulatorUrl(), embedded.emulator().baseUrl());
        QCOMPARE(session.emulatorUrl().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(session.activeSource(),
            QStringLiteral("Emulator (seed) on 127.0.0.1:%1").arg(session.emulatorUrl().port()));
        // It really serves.
        HttpClient client;
        HttpRequest request;
        request.url = QUrl(session.emulatorUrl().toString() + QStringLiteral("/common/discovery/keys"));
        QCOMPARE(client.sendAndWait(request).response.status, 200);
    }

    void opensASnapshotWhenTheSessionAsks()
    {
        // Directory > File > Open snapshot in the emulator… sends this intent: the emulator restarts on the file and
        // the Session follows the new run; its identities get tokens with the roles the file gives them.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("tenant.json"));
        QString error;
        const Directory tenant = generateTenant({ .objects = 200, .seed = 3 });
        QVERIFY2(snapshot::writeFile(file, tenant, &error), qPrintable(error));
        Session session;
        EmbeddedEmulator embedded(session);
        QVERIFY2(embedded.startNow(emulator::EmulatorOptions {}), qPrintable(embedded.lastError()));
        const int before = session.emulatorRun().generation;
        session.openSnapshotInEmulator(file);
        QCOMPARE(session.emulatorRun().scenario, QStringLiteral("directory"));
        QVERIFY(session.emulatorRun().generation > before);
        const emulator::Scenario &s = embedded.emulator().scenario();
        QCOMPARE(s.tenantId, tenant.tenantId.toLower());
        const QString token = embedded.emulator().issueToken(s.walkthrough.identity, s.walkthrough.resource, &error);
        QVERIFY2(!token.isEmpty(), qPrintable(error));
        // A snapshot it refuses: the error names the file, and the previous kind of run goes on.
        const QString bad = dir.filePath(QStringLiteral("not-a-snapshot.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{nope");
        f.close();
        QVERIFY(!embedded.switchToSnapshot(bad));
        QVERIFY2(embedded.lastError().contains(QLatin1String("not-a-snapshot.json")), qPrintable(embedded.lastError()));
        QVERIFY(embedded.emulator().isRunning());
        QCOMPARE(session.emulator(), &embedded.emulator());
        // Back to a built-in scenario: the snapshot is forgotten.
        QVERIFY(embedded.switchScenario(QStringLiteral("seed")));
        QCOMPARE(session.emulatorRun().scenario, QStringLiteral("seed"));
    }

    void theDirectoryPanelOffersTheEmulator()
    {
        // The whole window: the Directory panel's File menu has the entry, and after the intent it sends the dock
        // names the snapshot's run. With IDEX_SCREENSHOT_DIR set, the states are saved as PNGs (window and menu).
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("tenant.json"));
        QString error;
        QVERIFY2(snapshot::writeFile(file, generateTenant({ .objects = 300, .seed = 5 }), &error), qPrintable(error));
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        auto *dock = new EmulatorDock(embedded, &window);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
        window.show();
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        auto *panel = window.findChild<DirectoryPanel *>();
        QVERIFY(panel);
        for (int i = 0; i < window.tabs()->count(); ++i)
            if (window.tabs()->widget(i) == panel || window.tabs()->widget(i)->isAncestorOf(panel))
                window.tabs()->setCurrentIndex(i);
        QAction *entry = nullptr;
        QMenu *menu = nullptr;
        for (QMenu *m : panel->findChildren<QMenu *>())
            for (QAction *a : m->actions())
                if (a->text() == QStringLiteral("Open snapshot in the emulator…")) {
                    entry = a;
                    menu = m;
                }
        QVERIFY(entry && entry->isEnabled());
        const QString shots = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
        const auto shot = [&](QWidget &w, const QString &name) {
            if (shots.isEmpty())
                return;
            QCoreApplication::processEvents();
            w.grab().save(shots + u'/' + name + QStringLiteral(".png"));
        };
        const QStringList size = qEnvironmentVariable("IDEX_SCREENSHOT_SIZE", QStringLiteral("1280x800")).split(u'x');
        window.resize(size.value(0).toInt(), size.value(1).toInt());
        if (!shots.isEmpty()) {
            menu->popup(panel->mapToGlobal(QPoint(10, 40)));
            QTest::qWait(200);
            shot(*menu, QStringLiteral("directory-file-menu"));
            menu->hide();
        }
        panel->openSnapshotInEmulator(file); // what the entry does once the file is picked
        QCOMPARE(embedded.emulator().scenario().name, QStringLiteral("directory"));
        // The panel shows the same tenant the emulator serves.
        QTRY_VERIFY_WITH_TIMEOUT(session.directory()
                && session.directory()->tenantId.compare(embedded.emulator().scenario().tenantId, Qt::CaseInsensitive)
                    == 0,
            30000);
        QTRY_VERIFY(dock->findChild<QLabel *>() != nullptr);
        bool named = false;
        for (QLabel *label : dock->findChildren<QLabel *>())
            named = named || label->text().contains(QLatin1String("<b>directory</b>"));
        QVERIFY(named);
        shot(window, QStringLiteral("window-after-open-in-emulator"));
    }

    void failureIsReportedWithoutBlocking()
    {
        QTcpServer occupied;
        QVERIFY(occupied.listen(QHostAddress::LocalHost));
        Session session;
        EmbeddedEmulator embedded(session);
        QSignalSpy failed(&embedded, &EmbeddedEmulator::failed);
        QMainWindow window;
        window.show();
        emulator::EmulatorOptions options;
        options.port = occupied.serverPort();
        embedded.startLater(options, &window);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
        QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("cannot listen")));
        QVERIFY(session.emulator() == nullptr);
        QVERIFY(session.emulatorUrl().isEmpty());
        QVERIFY(session.activeSource().startsWith(QStringLiteral("Emulator not running")));
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
        QVERIFY(!box->isModal());
        QVERIFY(box->text().contains(QStringLiteral("cannot listen")));
    }
};

QTEST_MAIN(TestEmbeddedEmulator)
#include "test_embedded_emulator.moc"
