#pragma once

#include "directory/directory.h"
#include "directory/directorygraph.h"
#include "directory/tokenpath.h"

#include <QUrl>
#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QThread;
class QTimer;

namespace idex {
class Session;
class GraphReader;
class AssignmentEditor;
struct GraphLoadResult;
struct AssignmentEditResult;
struct TokenResult;
} // namespace idex

namespace idex::ui {

class AssignmentEditorView;
class DirectoryDetails;
class DirectoryScene;
class DirectorySourceBar;
class DirectoryView;
class DirectoryTableModel;
class GraphLegend;

/*! See which identity holds which app role on which API: the directory as a layered graph and as a table, with
    the current token's path, details of every object, and live edits of app role assignments. A composition: the
    source bar, the graph and table tabs, the details (DirectoryDetails) and the assignment editor
    (AssignmentEditorView); the panel loads, edits through Graph and keeps them in step. */
class DirectoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DirectoryPanel(Session &session, QWidget *parent = nullptr);
    ~DirectoryPanel() override;

    const Directory &directory() const { return m_directory; }
    void setDirectory(const Directory &directory);
    /*! Loads through Graph (or the emulator's Graph at {base}/v1.0/) with a token for https://graph.microsoft.com. */
    void loadFromGraph(const QUrl &graphBase, const QString &token);
    bool loadSnapshot(const QString &path, QString *error = nullptr);
    /*! Reads the snapshot and lays out its graph on a worker thread, so a 100,000-object tenant does not freeze the
        window; loadFinished() tells when it is shown. */
    void loadSnapshotInBackground(const QString &path);
    /*! File > Open snapshot in the emulator: the emulator restarts on \a path (Session intent) and the panel shows it.
     */
    void openSnapshotInEmulator(const QString &path);
    bool exportImage(const QString &path, QString *error = nullptr); ///< .png or .svg
    void cancelLoad();
    bool isLoading() const;

    DirectoryScene *scene() const { return m_scene; }
    DirectoryView *view() const { return m_view; }
    QSortFilterProxyModel *tableProxy() const { return m_proxy; }
    QLineEdit *searchEdit() const { return m_search; }
    const TokenPath &tokenPath() const { return m_tokenPath; }
    QString commandText() const;

    /*! Presenter mode (a 1280x720 projector at 150% or 200%): the graph takes the panel's whole width, the token's
        path under them; the details and the assignment editor wait in a tab of their own beside Graph and Table.
        Off, they are beside the graph again, the splitter where it was. */
    void setPresenter(bool on);

    /*! Selects the node showing \a objectId (first one) and shows its details; false when not shown. */
    bool selectObject(const QString &objectId);
    void selectNode(int node);
    /*! Live edits through the Graph the directory came from. */
    void addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId);
    void removeAssignment(const QString &assignmentId);

Q_SIGNALS:
    void loadFinished(bool ok, const QString &message);
    void assignmentEdited(bool ok, const QString &message);

private:
    void buildUi();
    void startLoad();
    void onLoaded(const GraphLoadResult &result);
    void onEdited(const AssignmentEditResult &result);
    void rebuildGraph(bool keepView);
    void applyGraph(DirectoryGraph graph, bool keepView);
    GraphOptions graphOptions() const;
    void showDirectory(const Directory &directory, DirectoryGraph graph);
    void showSnapshot(const QString &path, const Directory &directory, DirectoryGraph graph);
    void showDetails(int node);
    void updateTokenPath();
    void updateEditControls();
    void setStatus(const QString &text, bool error = false);
    void importSnapshot();
    void exportSnapshot();
    void exportPicture();
    void startEmulatorLoad();
    void failLoad(const QString &message);
    void publish(); ///< hands the directory to the Session for the other panels

    Session &m_session;
    Directory m_directory;
    bool m_directoryFromEmulator = false; ///< m_directory was read from the emulator's Graph (its run may end)
    bool m_loadingFromEmulator = false;
    QUrl m_graphBase;
    QString m_graphToken; // in memory only, for live edits
    TokenPath m_tokenPath;
    QSet<QString> m_expandedGroups;
    QString m_focus;

    GraphReader *m_reader;
    AssignmentEditor *m_editor;
    DirectoryScene *m_scene;
    DirectoryView *m_view;
    GraphLegend *m_legend;
    DirectoryTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QTabWidget *m_tabs;
    QSplitter *m_splitter;
    QWidget *m_side; ///< details, token path, assignment editor: beside the graph, or a tab in presenter mode
    QBoxLayout *m_sideLayout;
    QGroupBox *m_pathBox;
    QList<int> m_splitterSizes; ///< before presenter mode
    bool m_presenter = false;
    bool m_publishing = false; ///< handing the directory to the session, or showing the session's: not back again
    DirectorySourceBar *m_sourceBar;
    QLineEdit *m_search;
    QCheckBox *m_collapse;
    QPushButton *m_focusButton;
    QLabel *m_zoomLabel;
    DirectoryDetails *m_details;
    QLabel *m_pathLabel;
    AssignmentEditorView *m_assignments;
    QTimer *m_searchDelay;
    QThread *m_snapshotThread = nullptr; ///< the background snapshot load, while it runs
};

} // namespace idex::ui
