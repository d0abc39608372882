// The menu bar (issue 12): each action does what it says, its keys work wherever the focus is (the emulator dock
// included), Recent files keeps paths only, and presenter mode scales the window and covers the secrets.
#include "call/callpanel.h"
#include "claims/claimspanel.h"
#include "directory/directorypanel.h"
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "mainwindow.h"
#include "session/session.h"
#include "support/guitestapp.h"
#include "support/widgetdriver.h"
#include "token/tokenpanel.h"
#include "window/recentfiles.h"
#include "window/shortcutsdialog.h"
#include "window/uizoom.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialog>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace idex;
using namespace idex::ui;
using namespace idex::testsupport;

namespace {

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/*! An unsigned-looking JWT with the walkthrough's claims: decodes, never verifies. */
QString sampleToken()
{
    const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("RS256") },
        { QStringLiteral("typ"), QStringLiteral("JWT") } };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject payload { { QStringLiteral("aud"), QStringLiteral("api://aad-func") },
        { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/11111111-2222-3333-4444-555555555555/") },
        { QStringLiteral("iat"), now - 60 }, { QStringLiteral("nbf"), now - 60 }, { QStringLiteral("exp"), now + 3600 },
        { QStringLiteral("appid"), QStringLiteral("0b8e4a55-3f7e-4c3f-9d1a-7a6b2c1d0e9f") },
        { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } } };
    return QString::fromLatin1(b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + b64(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + '.' + b64("not-a-real-signature-000000000"));
}

/*! Closes the next modal dialog once it is shown, handing it to \a inspect first. */
void whenDialogOpens(std::function<void(QDialog *)> inspect)
{
    QTimer::singleShot(0, [inspect = std::move(inspect)] {
        QDialog *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        inspect(dialog);
        dialog->reject();
    });
}

} // namespace

class TestMenus : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void openUrl(const QUrl &url) { m_opened.append(url); }

private:
    QList<QUrl> m_opened;
    QTemporaryDir m_dir;

    QString writeTokenFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("token.jwt"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(sampleToken().toLatin1());
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        prepareGuiTestApplication(QStringLiteral("IdentityExplorerTestMenus"));
        QVERIFY(m_dir.isValid());
        // Help > Documentation must not start a browser (or send a packet) in a test: the URL is caught here.
        QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "openUrl");
    }

    void cleanupTestCase() { QDesktopServices::unsetUrlHandler(QStringLiteral("https")); }

    void theFourMenusHoldTheirActions()
    {
        Session session;
        MainWindow window(session);
        QStringList menus;
        for (QAction *menu : window.menuBar()->actions())
            menus << menu->text().remove(u'&');
        QCOMPARE(menus, (QStringList { "File", "Edit", "View", "Help" }));
        for (const char *name :
            { "openToken", "openSnapshot", "saveClaims", "exportReport", "quit", "copyRedacted", "pasteToken", "find",
                "run", "forceRefresh", "showToken", "showClaims", "showCall", "showDirectory", "zoomIn", "zoomOut",
                "zoomReset", "presenter150", "presenter200", "shortcuts", "documentation", "about" })
            QVERIFY2(window.action(QLatin1String(name)), name);
        QVERIFY(window.findChild<QMenu *>(QStringLiteral("recentMenu")));
    }

    void openTokenDecodesItAndRemembersOnlyThePath()
    {
        const QString path = writeTokenFile();
        QVERIFY(!path.isEmpty());
        {
            Session session;
            MainWindow window(session);
            QVERIFY(showWindow(window, QSize(1280, 800)));
            window.setFileChooser([&](MainWindow::FileRole role, const QString &, const QString &) {
                return role == MainWindow::FileRole::OpenToken ? path : QString();
            });
            window.action(QStringLiteral("openToken"))->trigger();
            QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::ClaimsTab));
            QVERIFY(window.claimsPanel()->token());
            QCOMPARE(window.recentFiles().entries().size(), 1);
            QCOMPARE(window.recentFiles().entries().first().path, path);
            const QList<QAction *> recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"))->actions();
            QVERIFY(recent.first()->text().contains(QStringLiteral("token.jwt")));
            window.close();
        }
        // Settings hold the path and never the token.
        QSettings settings;
        bool sawPath = false;
        for (const QString &key : settings.allKeys()) {
            const QString value = settings.value(key).toStringList().join(u'\n') + settings.value(key).toString();
            QVERIFY2(!value.contains(sampleToken().left(40)), qPrintable(key));
            sawPath = sawPath || value.contains(path);
        }
        QVERIFY(sawPath);

        // A new window offers it again, and opening it from Recent files decodes it.
        Session session;
        MainWindow again(session);
        QMenu *recent = again.findChild<QMenu *>(QStringLiteral("recentMenu"));
        recent->actions().first()->trigger();
        QVERIFY(again.claimsPanel()->token());
        QVERIFY(!again.recentFiles().add(RecentFiles::Kind::Token, sampleToken())); // not a path
    }

    void saveClaimsWritesTheReportWithTheTokenMasked()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        const QString out = m_dir.filePath(QStringLiteral("claims.md"));
        window.setFileChooser([&](MainWindow::FileRole role, const QString &, const QString &) {
            return role == MainWindow::FileRole::SaveClaims ? out : QString();
        });
        window.action(QStringLiteral("saveClaims"))->trigger(); // nothing decoded yet: nothing written
        QVERIFY(!QFile::exists(out));
        QVERIFY(window.claimsPanel()->setTokenText(sampleToken()));
        window.action(QStringLiteral("saveClaims"))->trigger();
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("api://aad-func")));
        QVERIFY(text.contains(QStringLiteral("DoAll")));
        QVERIFY(!text.contains(sampleToken().section(u'.', 1, 1)));
    }

    void exportReportWritesTheSessionWithTheTokenMasked()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        TokenResult token;
        token.accessToken = sampleToken();
        token.sourceName = QStringLiteral("Pasted");
        session.setCurrentToken(token);
        const QString out = m_dir.filePath(QStringLiteral("session.html"));
        window.setFileChooser([&](MainWindow::FileRole role, const QString &, const QString &) {
            return role == MainWindow::FileRole::ExportReport ? out : QString();
        });
        window.action(QStringLiteral("exportReport"))->trigger();
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("Token for api://aad-func")));
        QVERIFY(html.contains(QStringLiteral("roles: DoAll")));
        QVERIFY(!html.contains(sampleToken().section(u'.', 1, 1)));
        QVERIFY(!html.contains(sampleToken().section(u'.', 2, 2)));
    }

    void openSnapshotLoadsTheDirectory()
    {
        const QString path = m_dir.filePath(QStringLiteral("tenant.json"));
        TenantGeneratorOptions options;
        options.objects = 40;
        const Directory tenant = generateTenant(options);
        QString error;
        QVERIFY2(snapshot::writeFile(path, tenant, &error), qPrintable(error));
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        window.setFileChooser([&](MainWindow::FileRole, const QString &, const QString &) { return path; });
        QSignalSpy loaded(window.directoryPanel(), &DirectoryPanel::loadFinished);
        window.action(QStringLiteral("openSnapshot"))->trigger();
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::DirectoryTab));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(window.directoryPanel()->directory().servicePrincipals().size(), tenant.servicePrincipals().size());
        QCOMPARE(window.recentFiles().entries().first().kind, RecentFiles::Kind::Snapshot);
    }

    void pasteTokenAndCopyRedacted()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QApplication::clipboard()->setText(sampleToken());
        QTest::keyClick(&window, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::ClaimsTab));
        QVERIFY(window.claimsPanel()->token());

        // Nothing selected: the panel's content, the token masked.
        window.tabs()->setFocus();
        window.action(QStringLiteral("copyRedacted"))->trigger();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.contains(QStringLiteral("api://aad-func")));
        QVERIFY(!copied.contains(sampleToken().section(u'.', 1, 1)));

        // A selection that holds a token: copied with the token masked.
        auto *input = window.claimsPanel()->findChild<QPlainTextEdit *>(QStringLiteral("tokenInput"));
        input->setFocus();
        input->selectAll();
        QTRY_VERIFY(input->hasFocus());
        QTest::keyClick(input, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!QApplication::clipboard()->text().contains(sampleToken().section(u'.', 1, 1)));
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("JWT")));
    }

    void findGoesToTheDirectorySearch()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        window.tabs()->setCurrentIndex(int(MainWindow::TokenTab));
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::DirectoryTab));
        QTRY_VERIFY(window.directoryPanel()->searchEdit()->hasFocus());
    }

    void zoomAndPresenterModeScaleTheWindowAndBlurSecrets()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        const qreal base = QApplication::font().pointSizeF();
        auto *input = window.claimsPanel()->findChild<QPlainTextEdit *>(QStringLiteral("tokenInput"));
        const qreal inputBase = input->font().pointSizeF();
        QVERIFY(UiZoom::isSecret(input));

        window.action(QStringLiteral("zoomIn"))->trigger();
        QVERIFY(QApplication::font().pointSizeF() > base);
        window.action(QStringLiteral("zoomReset"))->trigger();
        QCOMPARE(QApplication::font().pointSizeF(), base);
        window.action(QStringLiteral("zoomOut"))->trigger();
        QVERIFY(QApplication::font().pointSizeF() < base);
        window.action(QStringLiteral("zoomReset"))->trigger();

        const qreal graphZoom = window.directoryPanel()->view()->zoom();
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier); // presenter mode, 200%
        QVERIFY(window.zoom().isPresenter());
        QCOMPARE(window.zoom().factor(), 2.0);
        QCOMPARE(QApplication::font().pointSizeF(), base * 2);
        QCOMPARE(input->font().pointSizeF(), inputBase * 2); // a widget with a font of its own follows too
        // The graph opens fitted for the room: names at least twice their minimum (the view zooms to match).
        QVERIFY(window.directoryPanel()->view()->zoom() >= window.directoryPanel()->scene()->readableZoom() - 0.001);
        QCOMPARE(window.directoryPanel()->scene()->textScale(), 2.0);
        QVERIFY(UiZoom::isVeiled(input)); // the pasted token is covered
        QVERIFY(window.action(QStringLiteral("presenter200"))->isChecked());

        QTest::keyClick(&window, Qt::Key_F11); // 150%
        QCOMPARE(window.zoom().factor(), 1.5);
        QVERIFY(window.action(QStringLiteral("presenter150"))->isChecked());
        QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier); // reset: presenter mode ends
        QVERIFY(!window.zoom().isPresenter());
        QCOMPARE(QApplication::font().pointSizeF(), base);
        QVERIFY(!UiZoom::isVeiled(input));
        QCOMPARE(window.directoryPanel()->view()->zoom(), graphZoom); // the view of before presenter mode
        QVERIFY(!window.action(QStringLiteral("presenter150"))->isChecked());
    }

    void shortcutListNamesEveryShortcut()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        const QList<ShortcutEntry> menu = ShortcutsDialog::menuShortcuts(&window);
        int expected = 0;
        for (const QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcutContext() == Qt::WindowShortcut && !action->objectName().isEmpty()
                && window.actions().contains(const_cast<QAction *>(action)))
                expected += int(action->shortcuts().size());
        }
        QCOMPARE(int(menu.size()), expected);
        bool sawRun = false;
        for (const ShortcutEntry &entry : menu)
            sawRun = sawRun || entry.keys == QKeySequence(Qt::CTRL | Qt::Key_Return);
        QVERIFY(sawRun);

        int rows = 0;
        whenDialogOpens([&](QDialog *dialog) {
            rows = dialog->findChild<QTableWidget *>(QStringLiteral("shortcutTable"))->rowCount();
        });
        window.action(QStringLiteral("shortcuts"))->trigger();
        QCOMPARE(rows, int(menu.size() + ShortcutsDialog::panelShortcuts().size()));
    }

    void documentationOpensTheCurrentPanelsSection()
    {
        Session session;
        MainWindow window(session);
        m_opened.clear();
        window.tabs()->setCurrentIndex(int(MainWindow::CallTab));
        window.action(QStringLiteral("documentation"))->trigger();
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.first().fragment(), QStringLiteral("calling-the-protected-api-test-call-panel-idex-call"));
        QVERIFY(m_opened.first().toString().startsWith(QStringLiteral("https://github.com/identity-explorer/")));
    }

    void aboutOpensAndQuitCloses()
    {
        Session session;
        MainWindow window(session);
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QString title;
        whenDialogOpens([&](QDialog *dialog) { title = dialog->windowTitle(); });
        window.action(QStringLiteral("about"))->trigger();
        QCOMPARE(title, QStringLiteral("About Identity Explorer"));
        window.action(QStringLiteral("quit"))->trigger();
        QTRY_VERIFY(!window.isVisible());
    }

    void ctrlEnterFromTheEmulatorDockGetsAndSends()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        auto *dock = new EmulatorDock(embedded, &window);
        window.addToolDock(dock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        QVERIFY(showWindow(window, QSize(1280, 800)));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        dock->show();

        // Token tab in front, focus in the dock's log: Ctrl+Enter gets the token.
        window.tabs()->setCurrentIndex(int(MainWindow::TokenTab));
        dock->log()->setFocus();
        QTRY_VERIFY(dock->log()->hasFocus());
        QSignalSpy obtained(window.tokenPanel(), &TokenPanel::tokenObtained);
        QTest::keyClick(dock->log(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(obtained.wait(15000));
        QVERIFY(session.currentToken().isValid());

        // Test call tab in front, focus still in the dock: Ctrl+Enter (keypad Enter too) sends.
        window.tabs()->setCurrentIndex(int(MainWindow::CallTab));
        QTRY_VERIFY(!window.callPanel()->scenarioApis().isEmpty());
        auto *url = window.callPanel()->findChild<QLineEdit *>(QStringLiteral("urlEdit"));
        url->setText(window.callPanel()->scenarioApis().first().url.toString());
        dock->log()->setFocus();
        QTRY_VERIFY(dock->log()->hasFocus());
        QSignalSpy finished(window.callPanel(), &CallPanel::callFinished);
        QTest::keyClick(dock->log(), Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().at(0).value<CallResult>().status(), 200);
        QVERIFY(dock->log()->hasFocus()); // the focus stayed where it was

        // And inside the panel it still works (the panel's own Ctrl+Enter was taken over, not doubled).
        url->setFocus();
        QTRY_VERIFY(url->hasFocus());
        QTest::keyClick(url, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.size(), 2);
    }
};

QTEST_MAIN(TestMenus)
#include "test_menus.moc"
