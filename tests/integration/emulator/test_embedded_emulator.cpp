// The GUI's embedded emulator: it publishes itself to the Session when it starts, and a failure to start is
// reported (signal, status text, non-modal notice) without blocking the app.
#include "emulator/embeddedemulator.h"
#include "session/session.h"

#include <QApplication>
#include <QMainWindow>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTcpServer>
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
