#include "mainwindow.h"

#include "aboutdialog.h"
#include "jwt/tokentimes.h"
#include "panels/callpanel.h"
#include "panels/claimspanel.h"
#include "panels/directorypanel.h"
#include "panels/tokenpanel.h"
#include "session/session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace idex::ui {

namespace {
const char *const kGeometryKey = "mainWindow/geometry";
const char *const kStateKey = "mainWindow/state";
const char *const kTabKey = "mainWindow/tab";
const char *const kDocksKey = "mainWindow/docks"; // the docks the saved state knows
} // namespace

MainWindow::MainWindow(Session &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_tabs(new QTabWidget(this))
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
    m_tabs->setIconSize(QSize(20, 20));
    m_tabs->addTab(new TokenPanel(session), QIcon(QStringLiteral(":/icons/token.svg")), QStringLiteral("&Token"));
    m_tabs->addTab(new ClaimsPanel(session), QIcon(QStringLiteral(":/icons/claims.svg")), QStringLiteral("C&laims"));
    m_tabs->addTab(new CallPanel(session), QIcon(QStringLiteral(":/icons/call.svg")), QStringLiteral("Test &call"));
    m_tabs->addTab(
        new DirectoryPanel(session), QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("&Directory"));
    setCentralWidget(m_tabs);

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

    createMenus();
    updateSourceLabel();
    updateTokenLabel();
    restoreWindowState();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *quit = file->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *view = m_viewMenu = menuBar()->addMenu(QStringLiteral("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *action = view->addAction(m_tabs->tabIcon(i), m_tabs->tabText(i).remove(u'&'));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *about = help->addAction(windowIcon(), QStringLiteral("&About Identity Explorer"));
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(QStringLiteral("About &Qt"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
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
        resizeDocks({ dock }, { height() / 4 }, Qt::Vertical);
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
    // Only window layout goes to settings: never tokens, headers or anything else secret.
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

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace idex::ui
