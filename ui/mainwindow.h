#pragma once

#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QKeySequence;
class QLabel;
class QMenu;
class QTabWidget;

namespace idex {
class Session;
}

namespace idex::ui {

class TokenPanel;
class ClaimsPanel;
class CallPanel;
class DirectoryPanel;
class RecentFiles;
class UiZoom;
class PresenterLayout;

/*! The one window: the four panels in tabs, the menus whose shortcuts work wherever the focus is (they belong to
    the window, not to a panel), the zoom and presenter mode, and the active source and the token's state in the
    status bar. Menus are built in mainwindowmenus.cpp. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Panel { TokenTab, ClaimsTab, CallTab, DirectoryTab };
    enum class FileRole { OpenToken, OpenSnapshot, SaveClaims, ExportReport };
    /*! Asks for a file (a QFileDialog by default; tests answer without a dialog). Empty: the user cancelled. */
    using FileChooser = std::function<QString(FileRole role, const QString &title, const QString &filter)>;

    explicit MainWindow(Session &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPanel(Panel panel);
    /*! The view \a panel is about (the token's result, the claims, the answer, the graph): presenter mode scrolls it
        into sight. */
    QWidget *mainView(Panel panel) const;
    /*! Adds a tool dock (the emulator's) at the bottom, with a toggle in the View menu, and gives it the place and
        size it had when the window was last closed. */
    void addToolDock(QDockWidget *dock, const QKeySequence &toggleShortcut);
    QTabWidget *tabs() const { return m_tabs; }
    TokenPanel *tokenPanel() const { return m_tokenPanel; }
    ClaimsPanel *claimsPanel() const { return m_claimsPanel; }
    CallPanel *callPanel() const { return m_callPanel; }
    DirectoryPanel *directoryPanel() const { return m_directoryPanel; }
    UiZoom &zoom() const { return *m_zoom; }
    RecentFiles &recentFiles() const { return *m_recent; }

    /*! A menu action by its objectName ("openToken", "copyRedacted", "presenter200", ...), for tests and docs. */
    QAction *action(const QString &name) const;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    /*! File > Open token: decodes the file in the Claims panel and shows it. False with a status message. */
    bool openTokenFile(const QString &path);
    /*! File > Open directory snapshot: loads it in the Directory panel (in the background) and shows it. */
    void openSnapshot(const QString &path);
    /*! File > Save token claims: the claims report of the decoded token (.json or Markdown), raw token masked. */
    bool saveClaims(const QString &path);
    /*! File > Export report: the session's journal as a redacted, self-contained report (.html, else Markdown). */
    bool exportReport(const QString &path);
    /*! Edit > Copy redacted: the selected text, or else the current panel's content, through the redaction layer. */
    void copyRedacted();
    /*! Ctrl+Enter: the current panel's main action (get the token, verify, send), wherever the focus is. */
    void runCurrentPanel();
    /*! The README section that documents the current panel (Help > Documentation opens it). */
    QUrl documentationUrl() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createHelpMenu();
    QAction *addAction(QMenu *menu, const QString &name, const QString &text, const QList<QKeySequence> &keys,
        std::function<void()> slot);
    /*! The panels' own shortcuts for keys the window now owns would make those keys ambiguous (and dead): they go. */
    void takeOverPanelShortcuts();
    void rebuildRecentMenu();
    void restoreWindowState();
    void showMainView();
    void updateSourceLabel();
    void updateTokenLabel();
    void showAbout();
    void showShortcuts();
    void showMessage(const QString &message);
    QString chooseFile(FileRole role, const QString &title, const QString &filter);

    Session &m_session;
    QTabWidget *m_tabs;
    TokenPanel *m_tokenPanel;
    ClaimsPanel *m_claimsPanel;
    CallPanel *m_callPanel;
    DirectoryPanel *m_directoryPanel;
    UiZoom *m_zoom;
    PresenterLayout *m_presenterLayout = nullptr;
    RecentFiles *m_recent;
    FileChooser m_chooseFile;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_sourceLabel;
    QLabel *m_tokenLabel;
};

} // namespace idex::ui
