// MainWindow's menus. Every action belongs to the window (Qt::WindowShortcut), so its keys work wherever the focus
// is, the emulator dock included; a panel's own shortcut for the same keys is taken over (takeOverPanelShortcuts).
#include "call/callpanel.h"
#include "claims/claimspanel.h"
#include "directory/directorypanel.h"
#include "mainwindow.h"
#include "token/tokenpanel.h"
#include "window/recentfiles.h"
#include "window/uizoom.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QTabWidget>

namespace idex::ui {

QAction *MainWindow::addAction(
    QMenu *menu, const QString &name, const QString &text, const QList<QKeySequence> &keys, std::function<void()> slot)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    // Owned by the window too: a menu's shortcuts alone would not fire while the menu bar is hidden (presenter).
    QWidget::addAction(action);
    if (slot)
        connect(action, &QAction::triggered, this, [slot = std::move(slot)] { slot(); });
    return action;
}

QAction *MainWindow::action(const QString &name) const
{
    return findChild<QAction *>(name);
}

void MainWindow::createMenus()
{
    createFileMenu();
    createEditMenu();
    createViewMenu();
    createHelpMenu();
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    addAction(file, QStringLiteral("openToken"), QStringLiteral("&Open token\u2026"), { QKeySequence::Open }, [this] {
        const QString path = chooseFile(FileRole::OpenToken, QStringLiteral("Open a token"),
            QStringLiteral("Tokens (*.jwt *.txt *.token *.json);;All files (*)"));
        if (!path.isEmpty())
            openTokenFile(path);
    });
    addAction(file, QStringLiteral("openSnapshot"), QStringLiteral("Open directory &snapshot\u2026"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O) }, [this] {
            const QString path = chooseFile(FileRole::OpenSnapshot, QStringLiteral("Open a directory snapshot"),
                QStringLiteral("Directory snapshots (*.json);;All files (*)"));
            if (!path.isEmpty())
                openSnapshot(path);
        });
    m_recentMenu = file->addMenu(QStringLiteral("Recent &files"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recent, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addSeparator();
    addAction(file, QStringLiteral("saveClaims"), QStringLiteral("Save token claims / &export\u2026"),
        { QKeySequence(Qt::CTRL | Qt::Key_E) }, [this] {
            if (!m_claimsPanel->token()) {
                showMessage(QStringLiteral("No token to save yet: get one, paste one (Ctrl+Shift+V) or open one."));
                return;
            }
            const QString path = chooseFile(FileRole::SaveClaims, QStringLiteral("Save the token's claims"),
                QStringLiteral("Markdown (*.md);;JSON (*.json)"));
            if (!path.isEmpty())
                saveClaims(path);
        });
    addAction(file, QStringLiteral("exportReport"), QStringLiteral("Export &report\u2026"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R) }, [this] {
            const QString path = chooseFile(FileRole::ExportReport, QStringLiteral("Export the session report"),
                QStringLiteral("HTML (*.html);;Markdown (*.md)"));
            if (!path.isEmpty())
                exportReport(path);
        });
    file->addSeparator();
    QAction *quit
        = addAction(file, QStringLiteral("quit"), QStringLiteral("&Quit"), { QKeySequence::Quit }, [this] { close(); });
    quit->setIcon(QIcon::fromTheme(QStringLiteral("application-exit")));
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QList<RecentFiles::Entry> entries = m_recent->entries();
    for (const RecentFiles::Entry &entry : entries) {
        const bool token = entry.kind == RecentFiles::Kind::Token;
        QAction *item = m_recentMenu->addAction(QStringLiteral("%1  %2").arg(
            token ? QStringLiteral("Token") : QStringLiteral("Snapshot"), QFileInfo(entry.path).fileName()));
        item->setToolTip(entry.path);
        item->setStatusTip(entry.path);
        connect(item, &QAction::triggered, this, [this, entry, token] {
            if (token)
                openTokenFile(entry.path);
            else
                openSnapshot(entry.path);
        });
    }
    if (entries.isEmpty()) {
        m_recentMenu->addAction(QStringLiteral("No recent files"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(QStringLiteral("Clear the list"), m_recent, &RecentFiles::clear);
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    addAction(edit, QStringLiteral("copyRedacted"), QStringLiteral("&Copy redacted"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C) }, [this] { copyRedacted(); });
    addAction(edit, QStringLiteral("pasteToken"), QStringLiteral("&Paste token"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V) }, [this] {
            showPanel(ClaimsTab);
            m_claimsPanel->setTokenText(QApplication::clipboard()->text());
        });
    addAction(edit, QStringLiteral("find"), QStringLiteral("&Find in the directory"), { QKeySequence::Find }, [this] {
        showPanel(DirectoryTab);
        m_directoryPanel->searchEdit()->setFocus(Qt::ShortcutFocusReason);
        m_directoryPanel->searchEdit()->selectAll();
    });
    edit->addSeparator();
    addAction(edit, QStringLiteral("run"), QStringLiteral("&Get token / Send (the current panel)"),
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) },
        [this] { runCurrentPanel(); });
    addAction(edit, QStringLiteral("forceRefresh"), QStringLiteral("Get a &new token (force refresh)"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter) },
        [this] {
            showPanel(TokenTab);
            m_tokenPanel->getToken(true);
        });
}

void MainWindow::createViewMenu()
{
    QMenu *view = m_viewMenu = menuBar()->addMenu(QStringLiteral("&View"));
    static const char *const names[] = { "showToken", "showClaims", "showCall", "showDirectory" };
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *action = addAction(view, QLatin1String(names[i]), m_tabs->tabText(i).remove(u'&'),
            { QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)) }, [this, i] { m_tabs->setCurrentIndex(i); });
        action->setIcon(m_tabs->tabIcon(i));
    }
    view->addSeparator();
    addAction(view, QStringLiteral("zoomIn"), QStringLiteral("Zoom &in"),
        { QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal) }, [this] { m_zoom->zoomIn(); });
    addAction(view, QStringLiteral("zoomOut"), QStringLiteral("Zoom &out"), { QKeySequence::ZoomOut },
        [this] { m_zoom->zoomOut(); });
    addAction(view, QStringLiteral("zoomReset"), QStringLiteral("&Reset zoom"), { QKeySequence(Qt::CTRL | Qt::Key_0) },
        [this] { m_zoom->setPresenter(0); });

    // Presenter mode: one of two sizes, or off. Secrets are veiled while it is on (UiZoom::markSecret()).
    auto *presenter = new QActionGroup(this);
    presenter->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const auto addPresenter = [&](const QString &name, const QString &text, qreal factor, const QKeySequence &keys) {
        QAction *action = addAction(view, name, text, { keys }, nullptr);
        action->setCheckable(true);
        presenter->addAction(action);
        connect(action, &QAction::triggered, this, [this, factor](bool on) { m_zoom->setPresenter(on ? factor : 0); });
    };
    view->addSeparator();
    addPresenter(
        QStringLiteral("presenter150"), QStringLiteral("&Presenter mode, 150%"), 1.5, QKeySequence(Qt::Key_F11));
    addPresenter(QStringLiteral("presenter200"), QStringLiteral("Presenter mode, &200%"), 2.0,
        QKeySequence(Qt::SHIFT | Qt::Key_F11));
    connect(m_zoom, &UiZoom::changed, this, [presenter](qreal, bool on) {
        if (!on && presenter->checkedAction())
            presenter->checkedAction()->setChecked(false);
    });
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    addAction(help, QStringLiteral("shortcuts"), QStringLiteral("&Keyboard shortcuts"),
        { QKeySequence(Qt::CTRL | Qt::Key_Slash), QKeySequence::HelpContents }, [this] { showShortcuts(); });
    addAction(help, QStringLiteral("documentation"), QStringLiteral("&Documentation (this panel)"), {},
        [this] { QDesktopServices::openUrl(documentationUrl()); });
    help->addSeparator();
    QAction *about = addAction(
        help, QStringLiteral("about"), QStringLiteral("&About Identity Explorer"), {}, [this] { showAbout(); });
    about->setIcon(windowIcon());
    addAction(help, QStringLiteral("aboutQt"), QStringLiteral("About &Qt"), {}, [] { QApplication::aboutQt(); });
}

void MainWindow::takeOverPanelShortcuts()
{
    QList<QKeySequence> owned;
    for (const QAction *action : QWidget::actions())
        owned += action->shortcuts();
    const QList<QWidget *> panels { static_cast<QWidget *>(m_tokenPanel), m_claimsPanel, m_callPanel,
        m_directoryPanel };
    for (QWidget *panel : panels) {
        for (QShortcut *shortcut : panel->findChildren<QShortcut *>()) {
            if (owned.contains(shortcut->key()))
                shortcut->setEnabled(false);
        }
        for (QAction *action : panel->findChildren<QAction *>()) {
            QList<QKeySequence> keys = action->shortcuts();
            if (keys.removeIf([&](const QKeySequence &k) { return owned.contains(k); }) > 0)
                action->setShortcuts(keys);
        }
    }
}

} // namespace idex::ui
