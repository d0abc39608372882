#include "mainwindow.h"

#include "aboutdialog.h"
#include "call/callpanel.h"
#include "call/requestexport.h"
#include "claims/claimspanel.h"
#include "directory/directorypanel.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "jwt/claimsreport.h"
#include "jwt/tokentimes.h"
#include "net/redaction.h"
#include "report/sessionreport.h"
#include "session/session.h"
#include "token/tokenpanel.h"
#include "window/presenterlayout.h"
#include "window/recentfiles.h"
#include "window/shortcutsdialog.h"
#include "window/uizoom.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextEdit>
#include <QTimer>

#include <idex/version.h>

namespace idex::ui {

namespace {
const char *const kGeometryKey = "mainWindow/geometry";
const char *const kStateKey = "mainWindow/state";
const char *const kTabKey = "mainWindow/tab";
const char *const kDocksKey = "mainWindow/docks"; // the docks the saved state knows
constexpr int kMessageMs = 6000;
constexpr QSize kTabIconSize(20, 20);

/*! The text the user selected in the focused widget, if any (never from a password field). */
QString selectedText(QWidget *focus)
{
    if (auto *line = qobject_cast<QLineEdit *>(focus))
        return line->echoMode() == QLineEdit::Normal ? line->selectedText() : QString();
    if (auto *plain = qobject_cast<QPlainTextEdit *>(focus))
        return plain->textCursor().selectedText().replace(QChar::ParagraphSeparator, u'\n');
    if (auto *rich = qobject_cast<QTextEdit *>(focus))
        return rich->textCursor().selectedText().replace(QChar::ParagraphSeparator, u'\n');
    if (auto *label = qobject_cast<QLabel *>(focus))
        return label->selectedText();
    if (auto *view = qobject_cast<QAbstractItemView *>(focus))
        return view->currentIndex().data().toString();
    return {};
}
} // namespace

MainWindow::MainWindow(Session &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_tabs(new QTabWidget(this))
    , m_tokenPanel(new TokenPanel(session))
    , m_claimsPanel(new ClaimsPanel(session))
    , m_callPanel(new CallPanel(session))
    , m_directoryPanel(new DirectoryPanel(session))
    , m_zoom(new UiZoom(this))
    , m_recent(new RecentFiles(this))
    , m_sourceLabel(new QLabel(this))
    , m_tokenLabel(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Identity Explorer"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/identity-explorer.svg")));
    setObjectName(QStringLiteral("MainWindow"));
    // The resource and the source come from the token and the user: shown as written.
    m_sourceLabel->setTextFormat(Qt::PlainText);
    m_tokenLabel->setTextFormat(Qt::PlainText);

    m_tabs->setDocumentMode(true);
    m_tabs->setIconSize(kTabIconSize);
    m_tabs->addTab(m_tokenPanel, QIcon(QStringLiteral(":/icons/token.svg")), QStringLiteral("&Token"));
    m_tabs->addTab(m_claimsPanel, QIcon(QStringLiteral(":/icons/claims.svg")), QStringLiteral("C&laims"));
    m_tabs->addTab(m_callPanel, QIcon(QStringLiteral(":/icons/call.svg")), QStringLiteral("Test &call"));
    m_tabs->addTab(m_directoryPanel, QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("&Directory"));
    // The panels scroll in presenter mode rather than push a 200% window beyond the projector (PresenterLayout).
    auto *central = new FitScrollArea(this);
    central->setObjectName(QStringLiteral("centralArea"));
    central->setWidget(m_tabs);
    setCentralWidget(central);
    m_presenterLayout = new PresenterLayout(this, central);
    // In presenter mode a panel may be taller than the room left to it: the view the room came for is scrolled in.
    connect(
        m_tabs, &QTabWidget::currentChanged, this, [this] { QTimer::singleShot(0, this, [this] { showMainView(); }); });
    // So is a new answer or token, whoever asked for it (a lesson's action too): the room came to see it.
    connect(&m_session, &Session::lastCallChanged, this,
        [this] { QTimer::singleShot(0, this, [this] { showMainView(); }); });
    connect(&m_session, &Session::currentTokenChanged, this,
        [this] { QTimer::singleShot(0, this, [this] { showMainView(); }); });

    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    m_tokenLabel->setObjectName(QStringLiteral("tokenLabel"));
    statusBar()->addWidget(m_sourceLabel, 1);
    statusBar()->addPermanentWidget(m_tokenLabel);

    connect(&m_session, &Session::activeSourceChanged, this, &MainWindow::updateSourceLabel);
    connect(&m_session, &Session::currentTokenChanged, this, &MainWindow::updateTokenLabel);
    // The expiry shown in the status bar is relative ("expires in 41 min"), so it is refreshed as time passes.
    auto *clock = new QTimer(this);
    connect(clock, &QTimer::timeout, this, &MainWindow::updateTokenLabel);
    clock->start(30 * 1000);

    // The graph draws in scene units, not with the application font: it zooms along so names grow with the rest.
    // In presenter mode it opens fitted for the room: the token's path, names at the presenter's size.
    connect(m_zoom, &UiZoom::changed, this, [this](qreal factor, bool presenter) {
        m_presenterLayout->setPresenter(presenter);
        QTimer::singleShot(0, this, [this] { showMainView(); });
        m_tabs->setIconSize(kTabIconSize * factor); // set by hand, so not scaled by the style
        m_directoryPanel->setPresenter(presenter);
        m_directoryPanel->view()->followUiZoom(factor, presenter);
    });

    createMenus();
    takeOverPanelShortcuts();
    updateSourceLabel();
    updateTokenLabel();
    restoreWindowState();
}

MainWindow::~MainWindow()
{
    // The zoom is the application's (its font and style): a window that goes leaves them at 100% for the next.
    m_zoom->setPresenter(0);
}

QWidget *MainWindow::mainView(Panel panel) const
{
    // The panels' own names for the view each one is about (the result, the claims, the answer, the graph).
    switch (panel) {
    case TokenTab: return m_tokenPanel->findChild<QWidget *>(QStringLiteral("resultCards"));
    case ClaimsTab: return m_claimsPanel->findChild<QWidget *>(QStringLiteral("claimsView"));
    case CallTab: return m_callPanel->findChild<QWidget *>(QStringLiteral("responseView"));
    case DirectoryTab: return m_directoryPanel->view();
    }
    return nullptr;
}

void MainWindow::showMainView()
{
    auto *central = qobject_cast<FitScrollArea *>(centralWidget());
    QWidget *view = mainView(Panel(m_tabs->currentIndex()));
    if (!central || !view || !central->scrolls())
        return;
    // In every scroll area it is in (the panel's own, then the window's), scrolled as little as shows it whole, and
    // no further than its top left corner: what is above it (the tabs, the panel's tool row) stays when it can.
    for (QWidget *w = view->parentWidget(); w; w = w->parentWidget()) {
        auto *area = qobject_cast<QScrollArea *>(w);
        if (!area || !area->widget() || !area->widget()->isAncestorOf(view))
            continue;
        const QPoint at = view->mapTo(area->widget(), QPoint(0, 0));
        const QSize room = area->viewport()->size();
        area->horizontalScrollBar()->setValue(qMax(0, qMin(at.x(), at.x() + view->width() - room.width())));
        area->verticalScrollBar()->setValue(qMax(0, qMin(at.y(), at.y() + view->height() - room.height())));
        if (area == central)
            break;
    }
    // The graph fitted for the room fits again into what the window now shows of it.
    if (view == m_directoryPanel->view() && m_directoryPanel->view()->isFitted())
        m_directoryPanel->view()->fitAll();
}

void MainWindow::showPanel(Panel panel)
{
    m_tabs->setCurrentIndex(int(panel));
}

void MainWindow::addToolDock(QDockWidget *dock, const QKeySequence &toggleShortcut)
{
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    QAction *toggle = dock->toggleViewAction();
    toggle->setShortcut(toggleShortcut);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(toggle);
    // Docks added after the constructor missed its restoreState(): apply the saved layout again, now that the dock
    // (found by its objectName) exists. A layout saved without this dock would hide it, so it is applied only when it
    // knew the dock; otherwise the dock starts small and the panels keep most of the height.
    QSettings settings;
    if (settings.value(QLatin1String(kDocksKey)).toStringList().contains(dock->objectName())) {
        restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    } else {
        dock->show();
        resizeDocks({ dock }, { height() / 5 }, Qt::Vertical);
    }
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QLatin1String(kTabKey), 0).toInt());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Only window layout goes to settings: never tokens, headers or anything else secret. The layout saved is the
    // window's own, not presenter mode's (one dock, scaled).
    if (m_zoom->isPresenter())
        m_zoom->setPresenter(0);
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    settings.setValue(QLatin1String(kTabKey), m_tabs->currentIndex());
    QStringList docks;
    for (const QDockWidget *dock : findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly))
        docks.append(dock->objectName());
    settings.setValue(QLatin1String(kDocksKey), docks);
    QMainWindow::closeEvent(event);
}

void MainWindow::updateSourceLabel()
{
    const QString source = m_session.activeSource();
    m_sourceLabel->setText(
        source.isEmpty() ? QStringLiteral("Source: none selected") : QStringLiteral("Source: %1").arg(source));
}

void MainWindow::updateTokenLabel()
{
    const TokenResult &token = m_session.currentToken();
    if (!token.isValid()) {
        m_tokenLabel->setText(QStringLiteral("No token"));
        return;
    }
    if (!token.expiresOn.isValid()) {
        m_tokenLabel->setText(QStringLiteral("Token for %1").arg(token.resource));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 seconds = now.secsTo(token.expiresOn);
    const QString when = seconds >= 0 ? QStringLiteral("expires in %1").arg(formatDuration(seconds))
                                      : QStringLiteral("expired %1 ago").arg(formatDuration(-seconds));
    m_tokenLabel->setText(QStringLiteral("Token for %1, %2").arg(token.resource, when));
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, kMessageMs);
}

QString MainWindow::chooseFile(FileRole role, const QString &title, const QString &filter)
{
    if (m_chooseFile)
        return m_chooseFile(role, title, filter);
    if (role == FileRole::SaveClaims)
        return QFileDialog::getSaveFileName(this, title, QStringLiteral("claims.md"), filter);
    return QFileDialog::getOpenFileName(this, title, QString(), filter);
}

bool MainWindow::openTokenFile(const QString &path)
{
    showPanel(ClaimsTab);
    if (!m_claimsPanel->openTokenFile(path)) {
        showMessage(m_claimsPanel->errorText());
        return false;
    }
    m_recent->add(RecentFiles::Kind::Token, QFileInfo(path).absoluteFilePath());
    showMessage(QStringLiteral("Decoded the token of %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::openSnapshot(const QString &path)
{
    showPanel(DirectoryTab);
    const QString absolute = QFileInfo(path).absoluteFilePath();
    // Remembered once it has loaded: a file that is not a snapshot does not belong in Recent files.
    connect(
        m_directoryPanel, &DirectoryPanel::loadFinished, this,
        [this, absolute](bool ok, const QString &message) {
            if (ok)
                m_recent->add(RecentFiles::Kind::Snapshot, absolute);
            showMessage(message);
        },
        Qt::SingleShotConnection);
    m_directoryPanel->loadSnapshotInBackground(path);
}

bool MainWindow::saveClaims(const QString &path)
{
    QString error;
    const ReportFormat format
        = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? ReportFormat::Json : ReportFormat::Markdown;
    const bool ok = m_claimsPanel->saveReport(path, format, &error);
    showMessage(ok ? QStringLiteral("Saved the claims (raw token masked) to %1").arg(path) : error);
    return ok;
}

bool MainWindow::exportReport(const QString &path)
{
    const report::Format format = report::formatFromName(QFileInfo(path).suffix()).value_or(report::Format::Markdown);
    report::ReportHeader header;
    header.subtitle = m_session.activeSource();
    const QString text = report::render(format, m_session.journal().entries(), header);
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0 && file.commit();
    showMessage(ok ? QStringLiteral("Exported the session report (tokens masked) to %1").arg(path)
                   : QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    return ok;
}

void MainWindow::copyRedacted()
{
    QString text = selectedText(QApplication::focusWidget());
    QString what = QStringLiteral("the selection");
    if (text.isEmpty()) {
        switch (m_tabs->currentIndex()) {
        case TokenTab:
        case ClaimsTab:
            text = m_claimsPanel->token() ? m_claimsPanel->exportText(ReportFormat::Markdown) : QString();
            what = QStringLiteral("the claims as Markdown");
            break;
        case CallTab:
            text = toCurl(m_callPanel->currentRequest());
            what = QStringLiteral("the request as curl");
            break;
        case DirectoryTab:
            text = m_directoryPanel->commandText();
            what = QStringLiteral("the commands");
            break;
        default: break;
        }
    }
    if (text.isEmpty()) {
        showMessage(QStringLiteral("Nothing to copy here yet."));
        return;
    }
    QApplication::clipboard()->setText(redaction::redactText(text));
    showMessage(QStringLiteral("Copied %1, secrets masked.").arg(what));
}

void MainWindow::runCurrentPanel()
{
    switch (m_tabs->currentIndex()) {
    case TokenTab: m_tokenPanel->getToken(false); break;
    case ClaimsTab: m_claimsPanel->verifyByDiscovery(); break;
    case CallTab: m_callPanel->send(); break;
    default:
        showMessage(
            QStringLiteral("Ctrl+Enter gets a token (Token), verifies it (Claims) or sends the call (Test call)."));
        break;
    }
}

QUrl MainWindow::documentationUrl() const
{
    // The README's section for the panel in front of the user (GitHub's anchors of its headings).
    static const char *const anchors[] = {
        "getting-a-token-token-panel-idex-token",
        "reading-verifying-and-explaining-a-token-claims-panel-idex-decode-idex-verify-idex-diagnose",
        "calling-the-protected-api-test-call-panel-idex-call",
        "who-holds-which-role-on-which-api-directory-panel-idex-directory",
    };
    const int tab = qBound(0, m_tabs->currentIndex(), 3);
    QUrl url(QStringLiteral(IDEX_HOMEPAGE_URL "#") + QLatin1String(anchors[tab]));
    return url;
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(ShortcutsDialog::menuShortcuts(this) + ShortcutsDialog::panelShortcuts(), this);
    dialog.exec();
}

} // namespace idex::ui
