// The Test call panel driven like a person drives it, against the emulator's seed scenario over loopback.
#include "call/principalview.h"
#include "call/responsebody.h"
#include "callpanelfixture.h"
#include "mainwindow.h"
#include "net/redaction.h"
#include "session/scenariooffer.h"
#include "session/session.h"
#include "session/workflows/emulatorworkflows.h"
#include "support/widgetdriver.h"
#include "widgets/findingsview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace idex;
using namespace idex::ui;
using namespace idex::testing;
using namespace idex::testsupport;

class TestCallPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(startSeedEmulator(m_emulator, m_facts, &error), qPrintable(error));
        QVERIFY(m_dir.isValid());
    }

    void init() { m_emulator.clearFaults(); }

    void offersTheScenarioFunctionsAndCalls200()
    {
        QStringList served;
        QObject guard;
        connect(&m_emulator, &emulator::Emulator::requestServed, &guard,
            [&served](const QString &summary) { served << summary; });
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + m_facts.function->path));
        QCOMPARE(panel.scenarioApis().first().audience, m_facts.audience);
        // The session's one reading of the scenario, the full expectation included; no read over the admin API.
        const QList<ProtectedApi> &offered = session.scenarioOffer().apis;
        QCOMPARE(panel.scenarioApis().size(), offered.size());
        for (qsizetype i = 0; i < offered.size(); ++i) {
            QCOMPARE(panel.scenarioApis().at(i).url, offered.at(i).url);
            QCOMPARE(panel.scenarioApis().at(i).issuer, offered.at(i).issuer);
            QCOMPARE(panel.scenarioApis().at(i).requiredRoles, offered.at(i).requiredRoles);
            QCOMPARE(panel.scenarioApis().at(i).allowedApplications, offered.at(i).allowedApplications);
        }
        QCoreApplication::processEvents();
        QVERIFY2(!served.join(u'\n').contains(QLatin1String("/admin/scenario")), qPrintable(served.join(u'\n')));

        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        session.setCurrentToken(tokenResult(token, m_facts.audience));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + m_facts.function->path)));
        auto *url = panel.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
        QCOMPARE(url->text(), m_emulator.baseUrl().resolved(QUrl(m_facts.function->path)).toString());
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("authInfo"))->text().contains(m_facts.requiredRole));

        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("200")));
        const QString body = panel.findChild<QPlainTextEdit *>(QStringLiteral("responseBody"))->toPlainText();
        QVERIFY(body.contains(QStringLiteral("\"roles\": [")));
        QVERIFY(body.contains(u'"' + m_facts.requiredRole + u'"'));
        QVERIFY(!body.contains(token));
        const QStringList codes = panel.findChild<FindingsView *>(QStringLiteral("findingsView"))->codes();
        QVERIFY2(codes.contains(QStringLiteral("call-succeeded")), qPrintable(codes.join(u',')));
        screenshot(panel, QStringLiteral("call-200"));
    }

    void authMeAndClientPrincipal()
    {
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET /.auth/me")));
        session.setCurrentToken(
            tokenResult(imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience), m_facts.audience));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET /.auth/me"))));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        auto *principal = panel.findChild<PrincipalView *>(QStringLiteral("principalView"));
        QVERIFY(principal->isVisible()); // its tab is brought forward
        QVERIFY(principal->principal().roles().contains(m_facts.requiredRole));
        QCOMPARE(principal->principal().value(QStringLiteral("appid")), m_facts.callerClientId);

        // A value copied from an app's logs: Base64 JSON with Easy Auth's long claim names.
        const QByteArray json
            = "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"http://schemas.microsoft.com/identity/claims/"
              "tenantid\",\"val\":\"t-1\"},{\"typ\":\"roles\",\"val\":\"ReadAll\"}]}";
        auto *input = panel.findChild<QLineEdit *>(QStringLiteral("principalInput"));
        QTest::keyClicks(input, QString::fromLatin1(json.toBase64()));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("principalDecodeButton")), Qt::LeftButton);
        QCOMPARE(principal->principal().value(QStringLiteral("tid")), QStringLiteral("t-1"));
        QCOMPARE(principal->principal().roles(), QStringList { QStringLiteral("ReadAll") });
        auto *claims = panel.findChild<QTableWidget *>(QStringLiteral("principalClaims"));
        QCOMPARE(claims->rowCount(), 2);
        QCOMPARE(claims->item(0, 0)->text(), QStringLiteral("tid"));
        screenshot(panel, QStringLiteral("call-principal"));

        input->clear();
        QTest::keyClicks(input, QStringLiteral("not base64!"));
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("principalSummary"))
                    ->text()
                    .startsWith(QLatin1String("Not a client principal")));
        QCOMPARE(claims->rowCount(), 0);
    }

    void wrongAudienceGives401AndPublishesTheExpectation()
    {
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        const QString other = QStringLiteral("https://management.azure.com/");
        session.setCurrentToken(tokenResult(imdsToken(m_http, m_emulator.baseUrl(), other), other));
        typeUrl(panel, m_emulator.baseUrl().resolved(QUrl(m_facts.function->path)).toString());

        QSignalSpy expectation(&session, &Session::currentExpectationChanged);
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::keyClick(panel.findChild<QLineEdit *>(QStringLiteral("urlEdit")), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(finished.wait(10000));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("401")));
        const QStringList codes = panel.findChild<FindingsView *>(QStringLiteral("findingsView"))->codes();
        QVERIFY2(codes.contains(QStringLiteral("call-audience-rejected")), qPrintable(codes.join(u',')));
        QVERIFY(!codes.contains(QStringLiteral("missing-roles"))); // moot while the audience is wrong
        QCOMPARE(expectation.size(), 1);
        QVERIFY(session.currentExpectation().audiences.contains(m_facts.function->appId));
        screenshot(panel, QStringLiteral("call-401"));
    }

    void identityWithoutAssignmentGives403ThroughAPastedToken()
    {
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + m_facts.function->path));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + m_facts.function->path)));

        auto *auth = panel.findChild<QComboBox *>(QStringLiteral("authCombo"));
        auth->setCurrentIndex(auth->findData(QStringLiteral("pasted")));
        auto *pasted = panel.findChild<QLineEdit *>(QStringLiteral("pastedTokenEdit"));
        QVERIFY(pasted->isVisible());
        QCOMPARE(pasted->echoMode(), QLineEdit::Password);
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience, m_facts.noAccessClientId);
        QTest::keyClicks(pasted, QStringLiteral("Bearer ") + token);
        QCOMPARE(panel.currentRequest().header("Authorization"), QByteArray("Bearer ") + token.toLatin1());

        QSignalSpy expectation(&session, &Session::currentExpectationChanged);
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("403")));
        const QStringList codes = panel.findChild<FindingsView *>(QStringLiteral("findingsView"))->codes();
        QVERIFY2(codes.contains(QStringLiteral("call-missing-role")), qPrintable(codes.join(u',')));
        QVERIFY(session.currentExpectation().roles.contains(m_facts.requiredRole));
        screenshot(panel, QStringLiteral("call-403"));
    }

    void expiredTokenGives401WithTheLifetimeFinding()
    {
        emulator::Fault fault;
        fault.kind = emulator::Fault::Kind::ExpiredToken;
        fault.route = QStringLiteral("imds");
        m_emulator.setFault(fault);
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        session.setCurrentToken(
            tokenResult(imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience), m_facts.audience));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("authInfo"))->text().contains(QLatin1String("expired")));
        typeUrl(panel, m_emulator.baseUrl().resolved(QUrl(m_facts.function->path)).toString());
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("401")));
        const QStringList codes = panel.findChild<FindingsView *>(QStringLiteral("findingsView"))->codes();
        QVERIFY2(codes.contains(QStringLiteral("call-token-expired")), qPrintable(codes.join(u',')));
        screenshot(panel, QStringLiteral("call-401-expired"));
    }

    void historyShowsAndReruns()
    {
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        session.setCurrentToken(
            tokenResult(imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience), m_facts.audience));
        typeUrl(panel, m_emulator.baseUrl().resolved(QUrl(m_facts.function->path)).toString());
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        // Then a call without token (401), and the first one again from the history.
        auto *auth = panel.findChild<QComboBox *>(QStringLiteral("authCombo"));
        auth->setCurrentIndex(auth->findData(QStringLiteral("none")));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().first().value<CallResult>().status(), 401);
        QCOMPARE(panel.historySize(), 2);

        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        // The history lists the newest first: the 200 is the second entry.
        QTreeWidgetItem *historyGroup = tree->topLevelItem(2);
        QCOMPARE(historyGroup->childCount(), 2);
        QVERIFY(historyGroup->child(0)->text(0).endsWith(u"\u2192 401"));
        QTreeWidgetItem *first = historyGroup->child(1);
        QVERIFY(first->text(0).endsWith(u"\u2192 200"));
        tree->setCurrentItem(first);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("200")));
        auto *rerun = panel.findChild<QPushButton *>(QStringLiteral("rerunButton"));
        QVERIFY(rerun->isEnabled());
        QTest::mouseClick(rerun, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().first().value<CallResult>().status(), 200); // same token as the first time
        QCOMPARE(panel.historySize(), 3);
    }

    void showsACallMadeElsewhere()
    {
        // A lesson's action calls through the session's workflow, not through this panel: Test call still shows the
        // answer and keeps it in its history (one truth: the session's latest call).
        Session session;
        session.setEmulator(&m_emulator);
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved-elsewhere.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        session.setCurrentToken(
            tokenResult(imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience), m_facts.audience));
        bool done = false;
        workflows::callEmulator(session, m_facts.function->path, &panel, [&done](const CallResult &) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QCOMPARE(panel.historySize(), 1);
        QVERIFY2(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text().startsWith(QLatin1String("200")),
            qPrintable(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text()));
        // The editor names the request this answer is to (it stayed empty), without the token in its headers.
        const QString url = panel.findChild<QLineEdit *>(QStringLiteral("urlEdit"))->text();
        QVERIFY2(url.endsWith(m_facts.function->path), qPrintable(url));
        QVERIFY(QUrl(url).host() == QLatin1String("127.0.0.1"));
        const auto *headers = panel.findChild<QWidget *>(QStringLiteral("headersTable"))->findChild<QTableWidget *>();
        QVERIFY(headers->rowCount() > 0);
        for (int row = 0; row < headers->rowCount(); ++row) {
            const QTableWidgetItem *name = headers->item(row, 0);
            QVERIFY(!name || name->text().compare(QLatin1String("authorization"), Qt::CaseInsensitive) != 0);
        }
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QVERIFY(tree->topLevelItem(2)->child(0)->text(0).endsWith(u"\u2192 200"));
        // The history's entry re-runs like any other.
        tree->setCurrentItem(tree->topLevelItem(2)->child(0));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("rerunButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().first().value<CallResult>().status(), 200);
        QCOMPARE(panel.historySize(), 2); // its own call is recorded once, not twice

        // What a person is writing stays when a lesson calls meanwhile: the answer shows, the editor keeps the text.
        const QString typed = m_emulator.baseUrl().toString() + QStringLiteral("/api/typed-by-hand");
        typeUrl(panel, typed);
        done = false;
        workflows::callEmulator(session, m_facts.function->path, &panel, [&done](const CallResult &) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QCOMPARE(panel.historySize(), 3);
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("urlEdit"))->text(), typed);
        QVERIFY(
            panel.findChild<QLabel *>(QStringLiteral("callMessage"))->text().contains(QLatin1String("as you left")));
    }

    void ignoringTlsErrorsShowsAWarning()
    {
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        typeUrl(panel, m_emulator.serviceFabricEndpoint().toString());
        auto *ignore = panel.findChild<QCheckBox *>(QStringLiteral("ignoreTlsCheck"));
        auto *warning = panel.findChild<QLabel *>(QStringLiteral("tlsWarning"));
        QVERIFY(!ignore->isChecked());
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("statusLabel"))->text(), QStringLiteral("No answer"));
        auto *certificate = panel.findChild<QLabel *>(QStringLiteral("certificateLabel"));
        QVERIFY(certificate->isVisible());
        QVERIFY2(certificate->text().contains(QLatin1String("self-signed")), qPrintable(certificate->text()));

        ignore->setChecked(true);
        QVERIFY(!warning->isHidden()); // on the TLS tab, and the tab's title says it too
        auto *requestTabs = panel.findChild<QTabWidget *>(QStringLiteral("requestTabs"));
        QVERIFY(requestTabs->tabText(3).contains(QLatin1String("TLS errors ignored")));
        QVERIFY(panel.currentRequest().ignoreTlsErrors);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("tlsLabel"))->isVisible());
        QVERIFY(panel.findChild<FindingsView *>(QStringLiteral("findingsView"))
                    ->codes()
                    .contains(QStringLiteral("call-tls-errors-ignored")));
    }

    void earlierTokensOfTheSessionCanBeSent()
    {
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        const QString first = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        const QString second = imdsToken(m_http, m_emulator.baseUrl(), QStringLiteral("https://management.azure.com/"));
        QVERIFY(!first.isEmpty() && !second.isEmpty() && first != second);
        session.rememberToken(tokenResult(first, m_facts.audience));
        session.rememberToken(tokenResult(second, QStringLiteral("https://management.azure.com/")));
        session.setCurrentToken(tokenResult(second, QStringLiteral("https://management.azure.com/")));
        typeUrl(panel, QStringLiteral("http://127.0.0.1:7071/api/x"));
        QCOMPARE(panel.currentRequest().header("Authorization"), QByteArray("Bearer ") + second.toLatin1());

        auto *auth = panel.findChild<QComboBox *>(QStringLiteral("authCombo"));
        int earlier = -1;
        for (int i = 0; i < auth->count(); ++i) {
            if (auth->itemText(i).startsWith(QLatin1String("Earlier: ") + m_facts.audience))
                earlier = i;
        }
        QVERIFY2(earlier >= 0, "the earlier token is offered");
        auth->setCurrentIndex(earlier);
        QCOMPARE(panel.currentRequest().header("Authorization"), QByteArray("Bearer ") + first.toLatin1());
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("authInfo"))
                    ->text()
                    .contains(QLatin1String("aud ") + m_facts.audience));
        auth->setCurrentIndex(auth->findData(QStringLiteral("none")));
        QVERIFY(panel.currentRequest().header("Authorization").isEmpty());
    }

    void largeAndBinaryBodies()
    {
        QHttpServer server;
        server.route(QStringLiteral("/big"), [] { return QByteArray(3 * 1024 * 1024, 'x'); });
        server.route(QStringLiteral("/binary"), [] {
            return QHttpServerResponse(
                QByteArrayLiteral("application/octet-stream"), QByteArray("\x00\x01\x02PNG\xff", 7));
        });
        const quint16 port = server.listen(QHostAddress::LocalHost);
        QVERIFY(port > 0);
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *body = panel.findChild<QPlainTextEdit *>(QStringLiteral("responseBody"));
        auto *mode = panel.findChild<QComboBox *>(QStringLiteral("bodyModeCombo"));
        QSignalSpy finished(&panel, &CallPanel::callFinished);

        typeUrl(panel, QStringLiteral("http://127.0.0.1:%1/big").arg(port));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QVERIFY(body->toPlainText().endsWith(QStringLiteral("the body is 3.0 MiB; the first 1.0 MiB are shown.")));
        QVERIFY(body->toPlainText().size() < 1024 * 1024 + 200);

        typeUrl(panel, QStringLiteral("http://127.0.0.1:%1/binary").arg(port));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(mode->currentText(), QStringLiteral("Hex"));
        QVERIFY(body->toPlainText().startsWith(QLatin1String("00000000  00 01 02 50 4e 47 ff")));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("statsLabel"))->toolTip().contains(QLatin1String("7 B")));
    }

    // Attacks of issue 11: a server answer full of secrets and markup. Every view of the Call panel is redacted
    // (URL, headers, exchange, Pretty/Raw/Hex body), labels show markup as written, and the raw body is shown
    // only while "Show secrets" is ticked for that view.
    void cancelStopsWaiting()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        typeUrl(panel, QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort()));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(panel.isSending());
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled());
        QVERIFY(panel.findChild<QWidget *>(QStringLiteral("callProgress"))->isVisible());
        QTest::keyClick(panel.findChild<QLineEdit *>(QStringLiteral("urlEdit")), Qt::Key_Escape);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<CallResult>().response().failure, HttpFailure::Canceled);
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled());
    }

    void inTheMainWindowAtItsDefaultSize()
    {
        QSettings().clear(); // the default window size
        Session session;
        session.setEmulator(&m_emulator);
        MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QTRY_COMPARE(window.tabs()->currentIndex(), 2);
        auto *panel = qobject_cast<CallPanel *>(window.tabs()->currentWidget());
        QVERIFY(panel);
        panel->setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        auto *tree = panel->findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QTRY_VERIFY(findItem(tree, QStringLiteral("GET ") + m_facts.function->path));
        session.setCurrentToken(tokenResult(
            imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience, m_facts.noAccessClientId), m_facts.audience));
        QVERIFY(activateItem(tree, findItem(tree, QStringLiteral("GET ") + m_facts.function->path)));
        QSignalSpy finished(panel, &CallPanel::callFinished);
        QTest::keyClick(panel->findChild<QLineEdit *>(QStringLiteral("urlEdit")), Qt::Key_Enter, Qt::ControlModifier);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<CallResult>().status(), 403);
        screenshot(window, QStringLiteral("mainwindow-403"));
        window.close();
    }

    void fitsSmallWindows()
    {
        // The main window can be made as small as 900 x 640: the panel must not hold it wider.
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        QVERIFY2(panel.minimumSizeHint().width() <= 880, qPrintable(QString::number(panel.minimumSizeHint().width())));
        QVERIFY2(
            panel.minimumSizeHint().height() <= 560, qPrintable(QString::number(panel.minimumSizeHint().height())));
        // Nor after an answer to a long URL (a realistic one: a finding that quotes a 2000-character path without a
        // space still widens the findings cards; they scroll).
        typeUrl(panel,
            m_emulator.baseUrl().toString()
                + QStringLiteral("/api/orders-service-v2/tenants/5eed0000-0000-4000-8000-000000000001/items"
                                 "?api-version=2024-01-01&filter=recent"));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY2(panel.minimumSizeHint().width() <= 880, qPrintable(QString::number(panel.minimumSizeHint().width())));
    }

    void withoutEmulatorSaysHowToGetReadyMadeRequests()
    {
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QVERIFY(findItem(tree, QStringLiteral("Start the emulator")));
        QVERIFY(panel.scenarioApis().isEmpty());
        // No URL: Send explains instead of failing silently.
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(!panel.isSending());
        QVERIFY(
            panel.findChild<QLabel *>(QStringLiteral("callMessage"))->text().contains(QLatin1String("Type the URL")));
        screenshot(panel, QStringLiteral("call-empty"));
    }

private:
    emulator::Emulator m_emulator;
    HttpClient m_http;
    SeedFacts m_facts;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCallPanel)
#include "test_callpanel.moc"
