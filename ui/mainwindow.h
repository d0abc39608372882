#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace idex::ui {

class Workspace;
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

    explicit MainWindow(Workspace &workspace, QWidget *parent = nullptr);

    void showPanel(Panel panel);
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreWindowState();
    void updateSourceLabel();
    void updateTokenLabel();
    void showAbout();

    Workspace &m_workspace;
    QTabWidget *m_tabs;
    QLabel *m_sourceLabel;
    QLabel *m_tokenLabel;
};

} // namespace idex::ui
