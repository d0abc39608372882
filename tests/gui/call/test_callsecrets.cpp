// The Test call panel keeps secrets: saved requests without token or secret headers, copies redacted unless asked,
// answers' tokens and keys redacted (text and hex) and markup shown literally. Against the seed scenario over loopback.
#include "call/principalview.h"
#include "call/responsebody.h"
#include "callpanelfixture.h"
#include "mainwindow.h"
#include "net/redaction.h"
#include "session/scenariooffer.h"
#include "session/session.h"
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

class TestCallSecrets : public QObject
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

    void savedRequestsKeepNoSecret()
    {
        const QString file = m_dir.filePath(QStringLiteral("secrets-test.json"));
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        {
            Session session;
            CallPanel panel(session);
            panel.setSavedRequestsFile(file);
            QVERIFY(showWindow(panel, QSize(1400, 900)));
            session.setCurrentToken(tokenResult(token, m_facts.audience));
            typeUrl(panel, QStringLiteral("http://127.0.0.1:7071/api/aad-func?code=FUNCTIONKEY&mode=full"));
            auto *headers = panel.findChild<QWidget *>(QStringLiteral("headersTable"))->findChild<QTableWidget *>();
            headers->item(0, 0)->setText(QStringLiteral("x-functions-key"));
            headers->item(0, 1)->setText(QStringLiteral("HEADERKEY"));
            headers->item(1, 0)->setText(QStringLiteral("Accept"));
            headers->item(1, 1)->setText(QStringLiteral("application/json"));
            QVERIFY(panel.currentRequest().header("Authorization").contains(token.toLatin1()));
            QVERIFY(panel.saveRequest(QStringLiteral("aad-func full")));
        }
        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray content = saved.readAll();
        QVERIFY(!content.contains(token.toLatin1().left(60)));
        QVERIFY(!content.contains("FUNCTIONKEY"));
        QVERIFY(!content.contains("HEADERKEY"));
        QVERIFY(!content.contains("Authorization"));
        QVERIFY(content.contains("mode=full"));

        // A later run finds it and loads it.
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(file);
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("requestTree"));
        QTreeWidgetItem *item = findItem(tree, QStringLiteral("aad-func full"));
        QVERIFY(item);
        QVERIFY(activateItem(tree, item));
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("urlEdit"))->text(),
            QStringLiteral("http://127.0.0.1:7071/api/aad-func?mode=full"));
        QCOMPARE(panel.currentRequest().header("Accept"), QByteArray("application/json"));
    }

    void copyAsCurlIsRedactedUnlessAsked()
    {
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        session.setCurrentToken(tokenResult(token, m_facts.audience));
        typeUrl(panel, QStringLiteral("http://127.0.0.1:7071/api/aad-func"));
        QApplication::clipboard()->clear();
        QTest::keyClick(panel.findChild<QLineEdit *>(QStringLiteral("urlEdit")), Qt::Key_C,
            Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("# Set TOKEN")));
        panel.copyAsCurl();
        QVERIFY(QApplication::clipboard()->text().contains(QLatin1String("Bearer $TOKEN")));
        QVERIFY(!QApplication::clipboard()->text().contains(token));
        panel.copyAsPowerShell();
        QVERIFY(QApplication::clipboard()->text().contains(QLatin1String("Invoke-RestMethod")));
        QVERIFY(!QApplication::clipboard()->text().contains(token));
        panel.copyAsCurl(true);
        QVERIFY(QApplication::clipboard()->text().contains(token));
        QApplication::clipboard()->clear();
    }

    void answerSecretsAndMarkupAreRedactedAndShownLiterally()
    {
        const QByteArray jwt = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience).toLatin1();
        const QByteArray body = "{\n  \"message\": \"<img src=x><b>bold</b>\",\n  \"client_secret\": \"CSVALUE0123\",\n"
                                "  \"access_token\": \""
            + jwt + "\"\n}";
        QHttpServer server;
        server.route(QStringLiteral("/leaky"), [&] {
            QHttpServerResponse response(
                QByteArrayLiteral("application/json"), body, QHttpServerResponse::StatusCode::Forbidden);
            response.addHeader("Set-Cookie", "AppServiceAuthSession=COOKIEVALUE0123; path=/; HttpOnly");
            response.addHeader("x-api-key", "APIKEYVALUE0123");
            response.addHeader("Location", "https://app.example.net/cb#access_token=" + jwt);
            return response;
        });
        const quint16 port = server.listen(QHostAddress::LocalHost);
        QVERIFY(port > 0);
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        typeUrl(panel, QStringLiteral("http://127.0.0.1:%1/leaky?code=FUNCKEYVALUE0123&x=1").arg(port));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));

        const QList<QByteArray> secrets
            = { "FUNCKEYVALUE0123", "COOKIEVALUE0123", "APIKEYVALUE0123", "CSVALUE0123", jwt.split('.').at(2) };
        const auto showsNoSecret = [&secrets](const QString &text) {
            for (const QByteArray &secret : secrets) {
                if (text.contains(QString::fromLatin1(secret)))
                    return false;
            }
            return true;
        };
        const QString exchange = panel.findChild<QPlainTextEdit *>(QStringLiteral("exchangeText"))->toPlainText();
        QVERIFY2(showsNoSecret(exchange), qPrintable(exchange));
        QVERIFY2(exchange.contains(QLatin1String("/leaky?code=[secret, 16 chars]&x=1")), qPrintable(exchange));
        QVERIFY2(exchange.contains(QLatin1String("AppServiceAuthSession=[secret, 15 chars]; path=/; HttpOnly")),
            qPrintable(exchange));
        QVERIFY2(exchange.contains(QLatin1String("#access_token=[JWT, ")), qPrintable(exchange));
        auto *stats = panel.findChild<QLabel *>(QStringLiteral("statsLabel"));
        QVERIFY(showsNoSecret(stats->text()) && showsNoSecret(stats->toolTip()));
        auto *headers = panel.findChild<QTableWidget *>(QStringLiteral("responseHeaders"));
        for (int row = 0; row < headers->rowCount(); ++row)
            QVERIFY2(showsNoSecret(headers->item(row, 1)->text()), qPrintable(headers->item(row, 1)->text()));

        auto *bodyView = panel.findChild<QPlainTextEdit *>(QStringLiteral("responseBody"));
        auto *mode = panel.findChild<QComboBox *>(QStringLiteral("bodyModeCombo"));
        auto *showSecrets = panel.findChild<QCheckBox *>(QStringLiteral("showSecretsCheck"));
        QVERIFY(showSecrets && !showSecrets->isChecked());
        QCOMPARE(showSecrets->text(), QStringLiteral("Show secrets"));
        for (const QString &view : { QStringLiteral("Pretty"), QStringLiteral("Raw"), QStringLiteral("Hex") }) {
            mode->setCurrentText(view);
            QVERIFY2(showsNoSecret(bodyView->toPlainText()), qPrintable(view));
        }
        mode->setCurrentText(QStringLiteral("Raw"));
        // Raw keeps the layout of the answer; only the secrets are masked.
        QCOMPARE(bodyView->toPlainText(), QString::fromUtf8(redaction::redactBody(body)));
        QVERIFY(bodyView->toPlainText().contains(QLatin1String("\"client_secret\": \"[secret, 11 chars]\"")));

        // Asked for, per view: the raw body, and a copy marked as a secret.
        QTest::mouseClick(showSecrets, Qt::LeftButton);
        QVERIFY(showSecrets->isChecked());
        QCOMPARE(bodyView->toPlainText(), QString::fromUtf8(body));
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("copyBodyButton")), Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().contains(QLatin1String("CSVALUE0123")));
        QVERIFY(QApplication::clipboard()->mimeData()->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));
        QApplication::clipboard()->clear();
        mode->setCurrentText(QStringLiteral("Hex"));
        QVERIFY2(!showSecrets->isChecked(), "another view starts redacted");
        QVERIFY(bodyView->toPlainText() != hexDump(body));
        QTest::mouseClick(showSecrets, Qt::LeftButton);
        QCOMPARE(bodyView->toPlainText(), hexDump(body));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY2(!showSecrets->isChecked(), "a new answer starts redacted");
        QVERIFY(showsNoSecret(bodyView->toPlainText()));
        for (const QString &key : QSettings().allKeys())
            QVERIFY2(!key.contains(QLatin1String("ecret"), Qt::CaseInsensitive), qPrintable(key));

        // The server's message reaches the findings as text: its markup is shown as written, never rendered.
        const QList<QLabel *> evidence = panel.findChildren<QLabel *>(QStringLiteral("findingEvidence"));
        QVERIFY(!evidence.isEmpty());
        bool literal = false;
        for (const QLabel *label : evidence) {
            QCOMPARE(label->textFormat(), Qt::PlainText);
            literal = literal || label->text().contains(QLatin1String("<img src=x><b>bold</b>"));
        }
        QVERIFY(literal);
        for (const char *name :
            { "statusLabel", "meaningLabel", "statsLabel", "tlsLabel", "certificateLabel", "callMessage", "authInfo" })
            QCOMPARE(panel.findChild<QLabel *>(QLatin1String(name))->textFormat(), Qt::PlainText);
    }

    void binaryBodiesAreRedactedInHexToo()
    {
        const QByteArray jwt = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience).toLatin1();
        const QByteArray body
            = QByteArray("\x00\x01\x02", 3) + "password=PWVALUE0123&t=" + jwt + QByteArray("\xff\xfe", 2);
        QHttpServer server;
        server.route(QStringLiteral("/blob"),
            [&] { return QHttpServerResponse(QByteArrayLiteral("application/octet-stream"), body); });
        const quint16 port = server.listen(QHostAddress::LocalHost);
        QVERIFY(port > 0);
        Session session;
        CallPanel panel(session);
        panel.setSavedRequestsFile(m_dir.filePath(QStringLiteral("saved.json")));
        QVERIFY(showWindow(panel, QSize(1400, 900)));
        typeUrl(panel, QStringLiteral("http://127.0.0.1:%1/blob").arg(port));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        auto *bodyView = panel.findChild<QPlainTextEdit *>(QStringLiteral("responseBody"));
        QCOMPARE(panel.findChild<QComboBox *>(QStringLiteral("bodyModeCombo"))->currentText(), QStringLiteral("Hex"));
        QCOMPARE(bodyView->toPlainText(), hexDump(redaction::redactBody(body)));
        QVERIFY(bodyView->toPlainText() != hexDump(body));
        QVERIFY(!bodyView->toPlainText().contains(QLatin1String("PWVALUE")));
    }

private:
    emulator::Emulator m_emulator;
    HttpClient m_http;
    SeedFacts m_facts;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCallSecrets)
#include "test_callsecrets.moc"
