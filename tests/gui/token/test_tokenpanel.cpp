// The Token panel driven like a user: real widgets (offscreen), a real emulator on loopback, real tokens. About 620
// lines: one emulator and one window serve every case (sources, caches, failures and their lessons); the next split is
// the failure cases into a test of their own.
#include "emulator/emulator.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "net/redaction.h"
#include "session/session.h"
#include "token/tokenpanel.h"
#include "widgets/transcriptview.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

using namespace idex;
using namespace idex::ui;
using idex::emulator::Emulator;
using idex::emulator::Fault;

namespace {

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QLatin1String(name));
    if (!widget)
        qWarning("no child %s", name);
    return widget;
}

bool modelShows(const QAbstractItemModel *model, const QModelIndex &parent, const QString &text)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            if (model->data(index).toString().contains(text) || modelShows(model, index, text))
                return true;
        }
    }
    return false;
}

/*! Whether any label, editor or item view under \a root shows \a text. */
bool treeShows(QWidget *root, const QString &text)
{
    for (QLabel *label : root->findChildren<QLabel *>())
        if (label->text().contains(text))
            return true;
    for (QLineEdit *edit : root->findChildren<QLineEdit *>())
        if (edit->text().contains(text))
            return true;
    for (QPlainTextEdit *edit : root->findChildren<QPlainTextEdit *>())
        if (edit->toPlainText().contains(text))
            return true;
    for (QTextEdit *edit : root->findChildren<QTextEdit *>())
        if (edit->toPlainText().contains(text))
            return true;
    for (QAbstractItemView *view : root->findChildren<QAbstractItemView *>())
        if (view->model() && modelShows(view->model(), {}, text))
            return true;
    return false;
}

void selectSource(TokenPanel &panel, const QString &id)
{
    auto *combo = child<QComboBox>(&panel, "sourceCombo");
    combo->setCurrentIndex(combo->findData(id));
}

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    // IDEX_SCREENSHOT_SIZE=1024x700 checks the small-window layout; unset, the widget keeps the size it has.
    const QStringList size = qEnvironmentVariable("IDEX_SCREENSHOT_SIZE").split(u'x');
    if (size.size() == 2)
        widget->resize(size.value(0).toInt(), size.value(1).toInt());
    QCoreApplication::processEvents(); // pending layout requests first, or the picture shows the previous layout
    widget->grab().save(QDir(dir).filePath(name));
}

} // namespace

class TestTokenPanel : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerTest"));
        QSettings().clear();
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
    }

    void init() { m_emulator.clearFaults(); }

    void getsATokenFromTheEmulator()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(child<QComboBox>(&panel, "sourceCombo")->currentData().toString(), QStringLiteral("emulator"));
        // The scenario's API is offered and preselected: the seed walkthrough's resource.
        QCOMPARE(child<QComboBox>(&panel, "resourceCombo")->currentText(), m_emulator.scenario().walkthrough.resource);

        QSignalSpy published(&session, &Session::currentTokenChanged);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, 15000);

        const TokenResult token = session.currentToken();
        QVERIFY(token.isValid());
        QCOMPARE(token.sourceId, QStringLiteral("emulator"));
        QCOMPARE(token.resource, m_emulator.scenario().walkthrough.resource);
        QCOMPARE(session.tokenHistory().size(), 1);
        QCOMPARE(
            child<QStackedWidget>(&panel, "resultCards")->currentWidget()->objectName(), QStringLiteral("resultCard"));
        QVERIFY(child<QLabel>(&panel, "expiryLabel")->text().contains(QLatin1String("in 23 h")));
        QVERIFY(child<QLabel>(&panel, "resultIdentity")->text().contains(QLatin1String("system-assigned")));

        // Shown and copyable text is redacted; the raw token appears nowhere on screen.
        auto *transcript = child<TranscriptView>(&panel, "transcriptView");
        QVERIFY(transcript->text().contains(QLatin1String("GET http://127.0.0.1")));
        QVERIFY(transcript->text().contains(QLatin1String("Metadata: true")));
        QVERIFY(!treeShows(&panel, token.accessToken));
        QVERIFY(!treeShows(&panel, token.accessToken.mid(40, 60)));
        saveScreenshot(&panel, QStringLiteral("token-panel-success.png"));

        // The mask says what the token is and how long, and shows none of its characters.
        const QString mask = child<QLabel>(&panel, "maskedToken")->text();
        QCOMPARE(mask, redaction::maskToken(token.accessToken));
        QVERIFY2(mask.startsWith(QLatin1String("[JWT, ")) && mask.endsWith(QLatin1String(" chars]")), qPrintable(mask));
        QVERIFY(!mask.contains(token.accessToken.left(8)));

        // Copy token is the one explicit way out for the raw token, marked as a secret for clipboard managers.
        QTest::mouseClick(child<QToolButton>(&panel, "copyTokenButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), token.accessToken);
        const QMimeData *copied = QApplication::clipboard()->mimeData();
        QVERIFY(copied);
        QCOMPARE(copied->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(copied->hasFormat(QStringLiteral("application/x-nspasteboard-concealed-type")));
        QVERIFY(copied->hasFormat(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing")));
        QTest::mouseClick(child<QToolButton>(&panel, "copyTranscriptButton"), Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().contains(QLatin1String("[JWT, ")));
        // A redacted copy is no secret: it carries no hint.
        QVERIFY(!QApplication::clipboard()->mimeData()->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));
        QVERIFY(!QApplication::clipboard()->text().contains(token.accessToken));
    }

    void secondRequestComesFromTheCacheUntilForced()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        QTest::keyClick(&panel, Qt::Key_Return, Qt::ControlModifier); // Ctrl+Enter
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);
        QVERIFY(!obtained.at(0).at(0).value<TokenResult>().fromCache);
        const quint64 requests = m_emulator.requestCount();

        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 2, 15000);
        QVERIFY(obtained.at(1).at(0).value<TokenResult>().fromCache);
        QVERIFY(child<QLabel>(&panel, "fromCacheLabel")->text().contains(QLatin1String("cache")));
        QCOMPARE(m_emulator.requestCount(), requests);

        QTest::mouseClick(child<QPushButton>(&panel, "forceRefreshButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 3, 15000);
        QVERIFY(!obtained.at(2).at(0).value<TokenResult>().fromCache);
        QVERIFY(m_emulator.requestCount() > requests);

        // Force refresh went past this app's cache only: the emulator (like the platform) answered with the same
        // token. The panel says so, and offers the one action that goes past both.
        auto *cache = child<QLabel>(&panel, "fromCacheLabel");
        QCOMPARE(obtained.at(2).at(0).value<TokenResult>().accessToken,
            obtained.at(0).at(0).value<TokenResult>().accessToken);
        QCOMPARE(cache->property("freshness").toString(), QStringLiteral("endpoint-cache"));
        QVERIFY2(cache->text().contains(QLatin1String("its own cache")), qPrintable(cache->text()));
        auto *bypass = child<QPushButton>(&panel, "bypassCachesButton");
        QVERIFY(bypass->isVisible());
        saveScreenshot(&panel, QStringLiteral("token-panel-endpoint-cache.png"));

        QTest::qWait(1100); // iat has whole seconds: let the brand-new token be issued in a later one
        QTest::mouseClick(bypass, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 4, 15000);
        QVERIFY(obtained.at(3).at(0).value<TokenResult>().accessToken
            != obtained.at(0).at(0).value<TokenResult>().accessToken);
        QCOMPARE(cache->property("freshness").toString(), QStringLiteral("new"));
        QVERIFY(!bypass->isVisible());
    }

    void presetsPutOnlyTheResourceInTheField()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *combo = child<QComboBox>(&panel, "resourceCombo");
        auto *hint = child<QLabel>(&panel, "resourceHint");
        QVERIFY(combo->count() > 4);
        combo->setFocus();
        const int before = combo->currentIndex();
        QTest::keyClick(combo, Qt::Key_Down);
        QVERIFY(combo->currentIndex() != before);
        QVERIFY2(!combo->currentText().contains(QStringLiteral(" — ")), qPrintable(combo->currentText()));
        QVERIFY(combo->currentText().contains(QLatin1String("://")));
        QTRY_VERIFY(hint->isVisible());
        QVERIFY(combo->itemText(combo->currentIndex()).startsWith(hint->text()));

        combo->setEditText(QStringLiteral("https://vault.azure.net/.default"));
        QVERIFY(hint->text().contains(QLatin1String("resource https://vault.azure.net (Key Vault)")));
        combo->setEditText(QStringLiteral("https://a/.default https://b/.default"));
        QVERIFY(hint->text().contains(QLatin1String("one resource at a time")));
    }

    void scenarioSwitchKeepsWhatTheUserTypedAndSkipsTheOldCache()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);

        Emulator other; // another scenario, as the emulator dock's scenario switch does
        emulator::EmulatorOptions options;
        options.scenario = QStringLiteral("missing-assignment");
        QString error;
        QVERIFY2(other.start(options, &error), qPrintable(error));
        session.setEmulator(&other);
        QCOMPARE(child<QComboBox>(&panel, "resourceCombo")->currentText(), other.scenario().walkthrough.resource);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 2, 15000);
        const TokenResult token = obtained.at(1).at(0).value<TokenResult>();
        QVERIFY(!token.fromCache); // the old emulator's token is not reused for the new one
        QVERIFY(token.endpoint.startsWith(other.baseUrl().toString()));

        child<QComboBox>(&panel, "resourceCombo")->setEditText(QStringLiteral("https://vault.azure.net"));
        session.setEmulator(&m_emulator);
        QCOMPARE(child<QComboBox>(&panel, "resourceCombo")->currentText(), QStringLiteral("https://vault.azure.net"));
        session.setEmulator(nullptr);
    }

    void historyKeepsRecentTokensNewestFirst()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        auto *resource = child<QComboBox>(&panel, "resourceCombo");
        auto *get = child<QPushButton>(&panel, "getTokenButton");
        resource->setEditText(QStringLiteral("https://vault.azure.net"));
        QTest::mouseClick(get, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);
        resource->setEditText(QStringLiteral("https://storage.azure.com/"));
        QTest::mouseClick(get, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 2, 15000);
        QCOMPARE(session.tokenHistory().size(), 2);
        QCOMPARE(session.tokenHistory().at(0).resource, QStringLiteral("https://storage.azure.com/"));

        resource->setEditText(
            QStringLiteral("https://vault.azure.net")); // from the cache: moves to the front, no duplicate
        QTest::mouseClick(get, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 3, 15000);
        QCOMPARE(session.tokenHistory().size(), 2);
        QCOMPARE(session.tokenHistory().at(0).resource, QStringLiteral("https://vault.azure.net"));
        QCOMPARE(session.currentToken().resource, QStringLiteral("https://vault.azure.net"));
    }

    void failureIsExplainedWithTheFix()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        child<QComboBox>(&panel, "resourceCombo")->setEditText(QStringLiteral("api://no-such-api"));
        QSignalSpy failed(&panel, &TokenPanel::tokenFailed);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QCOMPARE(
            child<QStackedWidget>(&panel, "resultCards")->currentWidget()->objectName(), QStringLiteral("failureCard"));
        QVERIFY(child<QLabel>(&panel, "failureTitle")->text().contains(QLatin1String("resource")));
        QVERIFY(child<QLabel>(&panel, "failureDetail")->text().contains(QLatin1String("AADSTS500011")));
        QVERIFY(child<QLabel>(&panel, "failureFix")->text().contains(m_emulator.scenario().walkthrough.resource));
        QVERIFY(child<QLabel>(&panel, "failureMeta")->text().contains(QLatin1String("unknown-resource")));
        QVERIFY(!session.currentToken().isValid()); // a failure publishes nothing
        QVERIFY(child<QPushButton>(&panel, "getTokenButton")->isEnabled());
        saveScreenshot(&panel, QStringLiteral("token-panel-failure.png"));
    }

    // A failure a built-in lesson teaches offers it on the failure card; the button opens the Lessons dock on it.
    void failureOpensItsLesson_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<int>("fault"); ///< a Fault::Kind, or -1 for none
        QTest::addColumn<QString>("lesson"); ///< empty: no lesson teaches the failure, no button
        const QString api = m_emulator.scenario().walkthrough.resource;
        QTest::addRow("AADSTS500011") << QStringLiteral("api://no-such-api") << -1
                                      << QStringLiteral("no-service-principal");
        QTest::addRow("identity not found")
            << api << int(Fault::Kind::IdentityNotFound) << QStringLiteral("identity-not-found");
        QTest::addRow("server error") << api << int(Fault::Kind::Status) << QString();
    }
    void failureOpensItsLesson()
    {
        QFETCH(QString, resource);
        QFETCH(int, fault);
        QFETCH(QString, lesson);
        if (fault >= 0) {
            Fault f;
            f.kind = Fault::Kind(fault);
            f.status = 500;
            m_emulator.setFault(f);
        }
        Session session;
        session.setEmulator(&m_emulator);
        MainWindow window(session);
        auto *lessons = new LessonsDock(session, &window);
        window.addToolDock(lessons, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        lessons->hide();
        window.showPanel(MainWindow::TokenTab);
        auto *panel = window.findChild<TokenPanel *>();
        panel->setRetryTimeScale(0.01); // a 500 is retried: quickly here
        child<QComboBox>(panel, "resourceCombo")->setEditText(resource);
        QSignalSpy failed(panel, &TokenPanel::tokenFailed);
        QTest::mouseClick(child<QPushButton>(panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QWidget *card = child<QWidget>(panel, "failureCard");
        QVERIFY(card->isVisible());
        auto *open = card->findChild<QPushButton *>(QStringLiteral("action-open-lesson"));
        if (lesson.isEmpty()) {
            QVERIFY2(!open, qPrintable(child<QLabel>(panel, "failureMeta")->text()));
            return;
        }
        QVERIFY2(open, qPrintable(child<QLabel>(panel, "failureMeta")->text()));
        QVERIFY(open->isVisible());
        QCOMPARE(open->text(), QStringLiteral("Open the lesson for this failure"));
        QCOMPARE(card->findChild<QLabel *>(QStringLiteral("actionCommand"))->text(),
            QStringLiteral("idex lesson show ") + lesson);
        saveScreenshot(panel, QStringLiteral("token-panel-failure-lesson-%1.png").arg(lesson));

        QVERIFY(!lessons->isVisible());
        QTest::mouseClick(open, Qt::LeftButton);
        QTRY_VERIFY(lessons->isVisible());
        auto *list = child<QListWidget>(lessons, "lessonList");
        QVERIFY(list->currentItem());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toString(), lesson);
        // Selected, not started: the emulator still runs the scenario the failure happened in.
        QCOMPARE(m_emulator.scenario().name, QStringLiteral("seed"));
    }

    void retryCountdownThenSuccess()
    {
        Fault fault;
        fault.kind = Fault::Kind::Status;
        fault.status = 410;
        fault.count = 1;
        fault.route = QStringLiteral("imds");
        m_emulator.setFault(fault);
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.setRetryTimeScale(0.2); // 10 s -> 2 s: long enough to see the countdown, even on a loaded machine
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        QTest::mouseClick(child<QPushButton>(&panel, "forceRefreshButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(&panel, "statusLabel")->text().contains(QLatin1String("Next attempt in")), 5000);
        QVERIFY(child<QLabel>(&panel, "statusLabel")->text().contains(QLatin1String("410")));
        QVERIFY(child<QPushButton>(&panel, "cancelButton")->isEnabled());
        saveScreenshot(&panel, QStringLiteral("token-panel-retrying.png"));
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);
        QCOMPARE(child<TranscriptView>(&panel, "transcriptView")->exchangeCount(), 2);
    }

    void cancelStopsTheRequest()
    {
        Fault fault;
        fault.kind = Fault::Kind::Latency;
        fault.latencyMs = 4000;
        fault.route = QStringLiteral("imds");
        m_emulator.setFault(fault);
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy failed(&panel, &TokenPanel::tokenFailed);
        QTest::mouseClick(child<QPushButton>(&panel, "forceRefreshButton"), Qt::LeftButton);
        QVERIFY(panel.isBusy());
        QVERIFY(!child<QPushButton>(&panel, "getTokenButton")->isEnabled());
        QTest::keyClick(child<QPushButton>(&panel, "cancelButton"), Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 2000);
        QCOMPARE(child<QLabel>(&panel, "failureTitle")->text(), QStringLiteral("Canceled"));
        QVERIFY(!panel.isBusy());
        QVERIFY(child<QPushButton>(&panel, "getTokenButton")->isEnabled());
    }

    void userAssignedThroughAppServiceOnTheEmulator()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        selectSource(panel, QStringLiteral("appservice"));
        auto *useEmulator = child<QCheckBox>(&panel, "useEmulatorCheck");
        QVERIFY(useEmulator->isVisible());
        useEmulator->setChecked(true);
        auto *kind = child<QComboBox>(&panel, "identityKindCombo");
        kind->setCurrentIndex(kind->findData(int(IdentitySelector::Kind::ClientId)));
        const QString clientId = m_emulator.scenario().identityByName(QStringLiteral("idex-reader"))->clientId;
        QTest::keyClicks(child<QLineEdit>(&panel, "identityEdit"), clientId);
        child<QComboBox>(&panel, "resourceCombo")->setEditText(QStringLiteral("https://graph.microsoft.com/.default"));
        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);
        const TokenResult token = session.currentToken();
        QCOMPARE(token.sourceId, QStringLiteral("appservice"));
        QCOMPARE(token.clientId, clientId);
        QCOMPARE(token.resource, QStringLiteral("https://graph.microsoft.com"));
        QVERIFY(child<TranscriptView>(&panel, "transcriptView")
                    ->text()
                    .contains(QLatin1String("X-IDENTITY-HEADER: [secret, ")));
        saveScreenshot(&panel, QStringLiteral("token-panel-appservice.png"));
        QVERIFY(
            !child<TranscriptView>(&panel, "transcriptView")->text().contains(m_emulator.scenario().identityHeader));
    }

    // The identity picker: a user-assigned identity by name, its IDs filled in; typing an ID still works.
    void userAssignedIdentityPickedByName()
    {
        Session session;
        session.setEmulator(&m_emulator);
        TokenPanel panel(session);
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const emulator::Identity *reader = m_emulator.scenario().identityByName(QStringLiteral("idex-reader"));
        QVERIFY(reader);
        auto *kind = child<QComboBox>(&panel, "identityKindCombo");
        kind->setCurrentIndex(kind->findData(int(IdentitySelector::Kind::ClientId)));
        auto *picker = child<QComboBox>(&panel, "identityPicker");
        QVERIFY(picker->isVisible());
        int index = -1;
        for (int i = 0; i < picker->count(); ++i) {
            if (picker->itemText(i).startsWith(QStringLiteral("idex-reader")))
                index = i;
        }
        QVERIFY2(index > 0, "the scenario's user-assigned identity is offered by name");
        picker->setCurrentIndex(index);
        Q_EMIT picker->activated(index);
        auto *id = child<QLineEdit>(&panel, "identityEdit");
        QCOMPARE(id->text(), reader->clientId);
        kind->setCurrentIndex(kind->findData(int(IdentitySelector::Kind::ObjectId)));
        QCOMPARE(id->text(), reader->principalId); // the same identity, by the kind of ID chosen
        kind->setCurrentIndex(kind->findData(int(IdentitySelector::Kind::ClientId)));

        QSignalSpy obtained(&panel, &TokenPanel::tokenObtained);
        child<QComboBox>(&panel, "resourceCombo")->setEditText(QStringLiteral("https://graph.microsoft.com"));
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(obtained.count(), 1, 15000);
        QCOMPARE(session.currentToken().clientId, reader->clientId);
        saveScreenshot(&panel, QStringLiteral("token-panel-identity-picker.png"));

        // A GUID typed by hand replaces the name (it names another identity).
        id->clear();
        QTest::keyClicks(id, QStringLiteral("0b8e4a55-3f7e-4c3f-9d1a-7a6b2c1d0e9f"));
        QCOMPARE(picker->currentIndex(), 0);
        QCOMPARE(id->text(), QStringLiteral("0b8e4a55-3f7e-4c3f-9d1a-7a6b2c1d0e9f"));
    }

    void unsupportedIdentityIsFlaggedBeforeSending()
    {
        Session session;
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        selectSource(panel, QStringLiteral("arc"));
        auto *hint = child<QLabel>(&panel, "identityHint");
        QVERIFY(!hint->isVisible());
        auto *kind = child<QComboBox>(&panel, "identityKindCombo");
        kind->setCurrentIndex(kind->findData(int(IdentitySelector::Kind::ClientId)));
        QVERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(QLatin1String("system-assigned")));
    }

    void autoShowsWhatDecided()
    {
        qputenv("MSI_ENDPOINT", "http://127.0.0.1:1/cloudshell/oauth2/token");
        Session session;
        TokenPanel panel(session);
        panel.resize(1300, 820);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        selectSource(panel, QStringLiteral("auto"));
        saveScreenshot(&panel, QStringLiteral("token-panel-auto.png"));
        const QString help = child<QLabel>(&panel, "sourceHelp")->text();
        qunsetenv("MSI_ENDPOINT");
        QVERIFY2(help.contains(QLatin1String("Cloud Shell")), qPrintable(help));
        QVERIFY(help.contains(QLatin1String("MSI_ENDPOINT=http://127.0.0.1:1/cloudshell/oauth2/token")));
    }

    void emulatorNotRunningIsExplained()
    {
        Session session; // no emulator
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(child<QLabel>(&panel, "sourceHelp")->text().contains(QLatin1String("not running")));
        QSignalSpy failed(&panel, &TokenPanel::tokenFailed);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QCOMPARE(failed.at(0).at(0).value<TokenFailure>().code, QStringLiteral("emulator-not-running"));
    }

    void pastedTokenBecomesCurrent()
    {
        Session session;
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        selectSource(panel, QStringLiteral("pasted"));
        const QString issued
            = m_emulator.issueToken(QStringLiteral("caller-func"), QStringLiteral("https://vault.azure.net"));
        QVERIFY(!issued.isEmpty());
        auto *edit = child<QPlainTextEdit>(&panel, "pastedEdit");
        QVERIFY(edit->isVisible());
        edit->setPlainText(QStringLiteral("Bearer ") + issued);
        QSignalSpy published(&session, &Session::currentTokenChanged);
        QTest::mouseClick(child<QPushButton>(&panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, 5000);
        QCOMPARE(session.currentToken().accessToken, issued);
    }

    // One truth: a token another part of the program makes current (a lesson, the Claims panel) is shown here too.
    void tokenMadeCurrentElsewhereIsShown()
    {
        Session session;
        TokenPanel panel(session);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        TokenResult token;
        token.accessToken
            = m_emulator.issueToken(QStringLiteral("caller-func"), QStringLiteral("https://vault.azure.net"));
        token.sourceName = QStringLiteral("Lesson");
        token.obtainedAt = QDateTime::currentDateTimeUtc();
        token.expiresOn = token.obtainedAt.addSecs(3600);
        QVERIFY(token.isValid());
        session.setCurrentToken(token);
        QVERIFY(child<QWidget>(&panel, "resultCard")->isVisible());
        QCOMPARE(child<QLabel>(&panel, "resultSource")->text(), QStringLiteral("Lesson"));
        QCOMPARE(child<QLabel>(&panel, "maskedToken")->text(), redaction::maskToken(token.accessToken));
    }

    void tokenReachesTheClaimsPanel()
    {
        Session session;
        session.setEmulator(&m_emulator);
        MainWindow window(session);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPanel(MainWindow::TokenTab);
        auto *panel = window.findChild<TokenPanel *>();
        QVERIFY(panel);
        QSignalSpy published(&session, &Session::currentTokenChanged);
        QTest::mouseClick(child<QPushButton>(panel, "getTokenButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(published.count(), 1, 15000);
        saveScreenshot(&window, QStringLiteral("main-window-token.png"));

        window.showPanel(MainWindow::ClaimsTab);
        QWidget *claims = window.tabs()->widget(MainWindow::ClaimsTab);
        const QString principal = m_emulator.scenario().identityByName(QStringLiteral("caller-func"))->principalId;
        if (treeShows(claims, QStringLiteral("issue #5")) && !treeShows(claims, principal))
            QSKIP("The Claims panel (issue #5) is still a placeholder in this build");
        // The claims panel decodes the session's token by itself: the identity's object ID shows up there.
        QTRY_VERIFY_WITH_TIMEOUT(treeShows(claims, principal), 5000);
        saveScreenshot(&window, QStringLiteral("main-window-claims.png"));
    }
};

QTEST_MAIN(TestTokenPanel)
#include "test_tokenpanel.moc"
