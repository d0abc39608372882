#pragma once

#include <QMainWindow>

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

/*! The one window: the four panels in tabs, the active token source and the token's state in the status bar. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Panel { TokenTab, ClaimsTab, CallTab, DirectoryTab };

    explicit MainWindow(Session &session, QWidget *parent = nullptr);

    void showPanel(Panel panel);
    /*! Adds a tool dock (the emulator's) at the bottom, with a toggle in the View menu, and gives it the place and
        size it had when the window was last closed. */
    void addToolDock(QDockWidget *dock, const QKeySequence &toggleShortcut);
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreWindowState();
    void updateSourceLabel();
    void updateTokenLabel();
    void showAbout();

    Session &m_session;
    QTabWidget *m_tabs;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_sourceLabel;
    QLabel *m_tokenLabel;
};

} // namespace idex::ui
