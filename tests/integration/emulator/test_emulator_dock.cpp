// The GUI's Emulator dock on real widgets (offscreen): its buttons drive the in-process emulator, the log shows
// served requests without secrets, and switching scenario restarts the emulator and moves the Session with it.
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "emulatortestsupport.h"
#include "session/session.h"

#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace idex;
using namespace idex::ui;
using namespace idex::emulator::testing;

class TestEmulatorDock : public QObject
{
    Q_OBJECT
private:
    Session m_session;
    EmbeddedEmulator m_embedded { m_session };
    HttpClient m_client;

    QString getToken()
    {
        const Answer a = send(m_client, "GET",
            url(m_embedded.emulator(), QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
            { { "Metadata", "true" } });
        return a.json().value(QStringLiteral("access_token")).toString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_embedded.startNow(emulator::EmulatorOptions {})); }

    void logsRequestsWithoutSecrets()
    {
        EmulatorDock dock(m_embedded);
        dock.show();
        const QString token = getToken();
        QVERIFY(!token.isEmpty());
        QTRY_VERIFY(dock.log()->toPlainText().contains(QStringLiteral("/metadata/identity/oauth2/token -> 200")));
        QVERIFY(!dock.log()->toPlainText().contains(token));
        QVERIFY(dock.statusLabel()->text().contains(QStringLiteral("1 cached token(s)")));
    }

    void adminTokenStaysOutOfTheLog()
    {
        EmulatorDock dock(m_embedded);
        dock.show();
        const QByteArray token = m_embedded.emulator().adminToken();
        QVERIFY(!token.isEmpty());
        QCOMPARE(m_session.emulatorAdminToken(), token);
        QCOMPARE(send(m_client, "GET", url(m_embedded.emulator(), QStringLiteral("/admin/scenario")),
                     adminAuth(m_embedded.emulator()))
                     .status,
            200);
        QCOMPARE(send(m_client, "GET", url(m_embedded.emulator(), QStringLiteral("/admin/scenario"))).status, 401);
        QCOMPARE(
            send(m_client, "GET", url(m_embedded.emulator(), QStringLiteral("/admin/") + QString::fromLatin1(token)),
                adminAuth(m_embedded.emulator()))
                .status,
            404);
        QTRY_VERIFY(dock.log()->toPlainText().contains(QStringLiteral("/admin/[admin token] -> 404")));
        QVERIFY(dock.log()->toPlainText().contains(QStringLiteral("/admin/scenario -> 401")));
        QVERIFY(!dock.log()->toPlainText().contains(QString::fromLatin1(token)));
    }

    void buttonsDriveTheEmulator()
    {
        EmulatorDock dock(m_embedded);
        dock.show();
        getToken();
        QVERIFY(m_embedded.emulator().tokenCacheSize() > 0);
        QTest::mouseClick(dock.flushButton(), Qt::LeftButton);
        QCOMPARE(m_embedded.emulator().tokenCacheSize(), 0);
        QVERIFY(dock.log()->toPlainText().contains(QStringLiteral("flushed")));

        const qsizetype keys = m_embedded.emulator().publishedKeyIds().size();
        QTest::mouseClick(dock.rotateButton(), Qt::LeftButton);
        QCOMPARE(m_embedded.emulator().publishedKeyIds().size(), keys + 1);

        QMenu *menu = dock.faultButton()->menu();
        QVERIFY(menu && menu->actions().size() >= 6);
        menu->actions().at(1)->trigger(); // IMDS throttled twice
        QCOMPARE(m_embedded.emulator().faults().size(), 1);
        const Answer throttled = send(m_client, "GET",
            url(m_embedded.emulator(), QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
            { { "Metadata", "true" } });
        QCOMPARE(throttled.status, 429);
        QTest::mouseClick(dock.clearFaultsButton(), Qt::LeftButton);
        QVERIFY(m_embedded.emulator().faults().isEmpty());
    }

    // The picker explains itself: each item's tooltip and the line under the picker give the scenario's description
    // and expected outcome, as the scenario file says, and the line follows the selection.
    void scenarioPickerShowsDescriptionAndExpectedOutcome()
    {
        EmulatorDock dock(m_embedded);
        dock.resize(900, 300);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QComboBox *box = dock.scenarioBox();
        QLabel *info = dock.scenarioInfoLabel();
        QVERIFY(info->isVisible());
        for (int i = 0; i < box->count(); ++i) {
            emulator::Scenario scenario;
            QString error;
            QVERIFY2(emulator::loadScenario(box->itemText(i), &scenario, &error), qPrintable(error));
            const QString tip = box->itemData(i, Qt::ToolTipRole).toString();
            QVERIFY2(!scenario.description.isEmpty(), qPrintable(box->itemText(i)));
            QVERIFY2(tip.startsWith(scenario.description), qPrintable(tip));
            QVERIFY2(tip.contains(QStringLiteral("Expected: ")), qPrintable(box->itemText(i) + u' ' + tip));
        }
        const struct
        {
            const char *name, *expected;
        } rows[] { { "seed", "GET /api/aad-func answers 200 OK" },
            { "missing-assignment", "GET /api/aad-func answers 403 Forbidden" },
            { "wrong-audience", "GET /api/aad-func answers 401 Unauthorized" },
            { "identity-not-found", "No token: the managed identity endpoint refuses the request" } };
        for (const auto &row : rows) {
            const int index = box->findText(QLatin1String(row.name));
            QVERIFY(index >= 0);
            box->setCurrentIndex(index);
            emulator::Scenario scenario;
            QString error;
            QVERIFY(emulator::loadScenario(QLatin1String(row.name), &scenario, &error));
            QVERIFY2(info->text().startsWith(scenario.description), qPrintable(info->text()));
            QVERIFY2(info->text().endsWith(QStringLiteral("Expected: ") + QLatin1String(row.expected)),
                qPrintable(info->text()));
            const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
            if (!dir.isEmpty())
                dock.grab().save(
                    dir + QStringLiteral("/emulator-dock-") + QLatin1String(row.name) + QStringLiteral(".png"));
        }
        // Selecting is not switching: only activating an item restarts the emulator.
        QCOMPARE(m_embedded.emulator().scenario().name, QStringLiteral("seed"));
    }

    void switchingScenarioRestartsAndMovesTheSession()
    {
        EmulatorDock dock(m_embedded);
        dock.show();
        QSignalSpy urlSpy(&m_session, &Session::emulatorUrlChanged);
        const int index = dock.scenarioBox()->findText(QStringLiteral("missing-assignment"));
        QVERIFY(index > 0);
        dock.scenarioBox()->setCurrentIndex(index);
        Q_EMIT dock.scenarioBox()->activated(index);
        QCOMPARE(m_embedded.emulator().scenario().name, QStringLiteral("missing-assignment"));
        QVERIFY(urlSpy.size() >= 1);
        QCOMPARE(m_session.emulatorUrl(), m_embedded.emulator().baseUrl());
        QVERIFY(m_session.activeSource().startsWith(QStringLiteral("Emulator (missing-assignment)")));
        QVERIFY(dock.statusLabel()->text().contains(QStringLiteral("missing-assignment")));
        QVERIFY(!getToken().isEmpty());
    }
};

QTEST_MAIN(TestEmulatorDock)
#include "test_emulator_dock.moc"
