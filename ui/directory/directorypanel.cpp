// Over 500 lines (about 700): the composition of the sub-widgets (DirectorySourceBar, DirectoryDetails,
// AssignmentEditorView) with the three reads (emulator, Graph, snapshot on a worker) and the live edits, which keep
// the directory, the graph, the table and the session in step. TODO(#12): the reads move into a GUI-free loader.
#include "directorypanel.h"

#include "assignmenteditorview.h"
#include "directory/assignmenteditor.h"
#include "directory/graphreader.h"
#include "directory/snapshot.h"
#include "directorydetails.h"
#include "directorysourcebar.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "graph/graphlegend.h"
#include "jwt/decodedtoken.h"
#include "models/directorytablemodel.h"
#include "sceneimage.h"
#include "session/session.h"
#include "session/workflows/emulatorworkflows.h"
#include "tokenpathhighlight.h"
#include "widgets/flowlayout.h"
#include "widgets/plaintext.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace idex::ui {

namespace {
constexpr int collapseThreshold = 150;
const QString graphResource = QStringLiteral("https://graph.microsoft.com");

QPushButton *iconButton(const QString &text, const QString &icon, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    if (!icon.isEmpty())
        b->setIcon(QIcon(icon));
    b->setToolTip(tip);
    return b;
}
} // namespace

DirectoryPanel::DirectoryPanel(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_reader(new GraphReader(session.http(), this))
    , m_editor(new AssignmentEditor(session.http(), this))
    , m_scene(new DirectoryScene(this))
{
    buildUi();
    connect(m_reader, &GraphReader::progress, this, [this](const GraphLoadProgress &p) {
        QString text = QStringLiteral("Loading %1: %L2 objects, %3 pages").arg(p.stage).arg(p.objects).arg(p.pages);
        if (p.currentWaitSeconds > 0)
            text += QStringLiteral(" · throttled, waiting %1 s (Retry-After)").arg(p.currentWaitSeconds, 0, 'f', 1);
        else if (p.throttleWaits > 0)
            text += QStringLiteral(" · %1 throttling waits").arg(p.throttleWaits);
        setStatus(text);
    });
    connect(m_reader, &GraphReader::finished, this, &DirectoryPanel::onLoaded);
    connect(m_editor, &AssignmentEditor::finished, this, &DirectoryPanel::onEdited);
    connect(&m_session, &Session::currentTokenChanged, this, [this] { updateTokenPath(); });
    connect(&m_session, &Session::currentExpectationChanged, this, [this] { updateTokenPath(); });
    // A scenario switch or restart: the old run's directory is gone from the session and from the screen; the new
    // run's Graph is read at once.
    connect(&m_session, &Session::emulatorRunChanged, this,
        [this](const EmulatorRun &previous, const EmulatorRun &current) {
            if (!m_directoryFromEmulator)
                return;
            m_directoryFromEmulator = false;
            setDirectory(Directory());
            setStatus(current.isValid()
                    ? QStringLiteral("The emulator moved from %1 to %2: reading its directory again …")
                          .arg(previous.describe(), current.describe())
                    : QStringLiteral("The emulator stopped; its directory is no longer shown."));
        });
    connect(&m_session, &Session::actionRequested, this, [this](const FindingAction &action) {
        const auto param = [&action](const char *name) { return action.parameters.value(QLatin1String(name)); };
        if (action.kind == FindingAction::Kind::AssignRole)
            addAssignment(param("principalId"), param("resourceId"), param("appRoleId"));
        else if (action.kind == FindingAction::Kind::ShowInDirectory)
            selectObject(param("objectId"));
    });
    // A directory read elsewhere (a lesson's "reload the directory" step) is shown here too: the room sees the edge
    // the step is about.
    connect(&m_session, &Session::directoryChanged, this, [this] {
        const Directory *directory = m_session.directory();
        if (m_publishing || !directory)
            return; // its own, or dropped with an ended run (emulatorRunChanged says so)
        const QScopedValueRollback following(m_publishing, true); // it is the session's already
        m_directoryFromEmulator = m_session.directoryIsFromEmulator();
        setDirectory(*directory);
        setStatus(QStringLiteral("%1: %L2 applications, %L3 service principals, %L4 assignments")
                      .arg(directory->sourceDescription)
                      .arg(directory->applications().size())
                      .arg(directory->servicePrincipals().size())
                      .arg(directory->assignments().size()));
    });
    connect(&m_session, &Session::emulatorDirectoryReloadWanted, this, [this] {
        if (!isLoading())
            startEmulatorLoad();
    });
    connect(m_scene, &DirectoryScene::nodeClicked, this, &DirectoryPanel::showDetails);
    connect(m_scene, &DirectoryScene::nodeDoubleClicked, this, [this](int node) {
        const GraphNode &n = m_scene->graph().nodes.at(node);
        if (n.kind == GraphNode::Kind::Aggregate) {
            m_expandedGroups.insert(n.objectId);
            rebuildGraph(false);
        } else {
            m_focus = n.objectId;
            m_focusButton->setChecked(true);
            rebuildGraph(false);
            selectObject(n.objectId);
        }
    });
    setDirectory(Directory());
    setStatus(QStringLiteral("Load the directory from the emulator, Microsoft Graph or a snapshot file (F5)."));
}

DirectoryPanel::~DirectoryPanel()
{
    // The worker only touches its own copies, but it must not outlive the panel that receives its result.
    if (m_snapshotThread)
        m_snapshotThread->wait();
}

void DirectoryPanel::buildUi()
{
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(8, 8, 8, 8);
    root->setSpacing(6);

    // Row 1: where the directory comes from.
    m_sourceBar = new DirectorySourceBar(this);
    root->addWidget(m_sourceBar);

    // Row 2: what to see.
    auto *viewRow = new FlowLayout; // wraps in presenter mode rather than widen the window
    viewRow->setSpacing(6);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("directorySearch"));
    m_search->setPlaceholderText(QStringLiteral("Search name, id, appId, type or role value (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_collapse = new QCheckBox(QStringLiteral("Collapse groups over %1").arg(collapseThreshold), this);
    m_collapse->setObjectName(QStringLiteral("collapseGroups"));
    m_collapse->setChecked(true);
    m_focusButton = new QPushButton(QStringLiteral("First-degree view"), this);
    m_focusButton->setCheckable(true);
    m_focusButton->setToolTip(QStringLiteral("Show only what touches the selected object (double-click a node)"));
    auto *fit = iconButton(QStringLiteral("Fit"), {}, QStringLiteral("Show the whole graph (F)"), this);
    auto *zoomIn = iconButton(QStringLiteral("+"), {}, QStringLiteral("Zoom in (+)"), this);
    auto *zoomOut = iconButton(QStringLiteral("−"), {}, QStringLiteral("Zoom out (-)"), this);
    zoomIn->setMaximumWidth(32);
    zoomOut->setMaximumWidth(32);
    auto *legend = new QPushButton(QStringLiteral("Legend"), this);
    legend->setCheckable(true);
    legend->setChecked(true);
    legend->setToolTip(QStringLiteral("Show or hide the key to colours, shapes and lines (L)"));
    legend->setShortcut(QKeySequence(Qt::Key_L));
    m_zoomLabel = new QLabel(QStringLiteral("100 %"), this);
    m_zoomLabel->setMinimumWidth(50);
    viewRow->addWidget(m_search);
    viewRow->addWidget(m_collapse);
    viewRow->addWidget(m_focusButton);
    viewRow->addWidget(zoomOut);
    viewRow->addWidget(zoomIn);
    viewRow->addWidget(fit);
    viewRow->addWidget(m_zoomLabel);
    viewRow->addWidget(legend);
    root->addLayout(viewRow);

    // Centre: graph and table | details, token path, edits.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    m_tabs = new QTabWidget(splitter);
    // The legend sits under the graph, never over it: fitting the graph uses the whole view.
    auto *graphPage = new QWidget(m_tabs);
    auto *graphLayout = new QVBoxLayout(graphPage);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(0);
    m_view = new DirectoryView(m_scene, graphPage);
    m_legend = new GraphLegend(graphPage);
    m_legend->setObjectName(QStringLiteral("graphLegend"));
    graphLayout->addWidget(m_view, 1);
    graphLayout->addWidget(m_legend);
    m_tabs->addTab(graphPage, QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("Graph"));
    m_model = new DirectoryTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(DirectoryTableModel::FilterRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView(m_tabs);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DirectoryTableModel::Principal, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_tabs->addTab(m_table, QStringLiteral("Table"));

    auto *side = new QWidget(splitter);
    m_side = side;
    auto *sideLayout = new QVBoxLayout(side);
    m_sideLayout = sideLayout;
    sideLayout->setContentsMargins(4, 0, 0, 0);
    m_details = new DirectoryDetails(side);

    auto *pathBox = new QGroupBox(QStringLiteral("Current token's path"), side);
    m_pathBox = pathBox;
    auto *pathLayout = new QVBoxLayout(pathBox);
    m_pathLabel = new QLabel(pathBox);
    m_pathLabel->setObjectName(QStringLiteral("tokenPathLabel"));
    m_pathLabel->setWordWrap(true);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pathLabel->setTextFormat(Qt::PlainText); // claims and directory names
    pathLayout->addWidget(m_pathLabel);

    m_assignments = new AssignmentEditorView(side);

    // The details are what a person reads: they get the height; the editor keeps what its controls need.
    sideLayout->addWidget(m_details, 4);
    sideLayout->addWidget(pathBox, 0);
    sideLayout->addWidget(m_assignments, 1);
    splitter->addWidget(m_tabs);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 900, 420 }); // at 1024 px the details keep about a third: GUIDs fit in their column
    root->addWidget(splitter, 1);

    // Behaviour.
    connect(m_sourceBar, &DirectorySourceBar::loadRequested, this, &DirectoryPanel::startLoad);
    connect(m_sourceBar, &DirectorySourceBar::cancelRequested, this, &DirectoryPanel::cancelLoad);
    connect(m_sourceBar, &DirectorySourceBar::openSnapshotRequested, this, &DirectoryPanel::importSnapshot);
    connect(m_sourceBar, &DirectorySourceBar::saveSnapshotRequested, this, &DirectoryPanel::exportSnapshot);
    connect(m_sourceBar, &DirectorySourceBar::exportPictureRequested, this, &DirectoryPanel::exportPicture);
    connect(m_sourceBar, &DirectorySourceBar::openSnapshotInEmulatorRequested, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, QStringLiteral("Run the emulator on a directory snapshot"), QString(),
                QStringLiteral("Directory snapshots (*.json);;All files (*)"));
        if (!path.isEmpty())
            openSnapshotInEmulator(path);
    });
    connect(fit, &QPushButton::clicked, m_view, &DirectoryView::fitAll);
    connect(legend, &QPushButton::toggled, m_legend, &QWidget::setVisible);
    connect(zoomIn, &QPushButton::clicked, m_view, [this] { m_view->zoomBy(1.25); });
    connect(zoomOut, &QPushButton::clicked, m_view, [this] { m_view->zoomBy(0.8); });
    connect(m_view, &DirectoryView::zoomChanged, this,
        [this](qreal z) { m_zoomLabel->setText(QStringLiteral("%1 %").arg(z * 100, 0, 'f', z < 0.1 ? 1 : 0)); });
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] {
        m_proxy->setFilterFixedString(m_search->text());
        rebuildGraph(false);
    });
    connect(m_collapse, &QCheckBox::toggled, this, [this] { rebuildGraph(false); });
    connect(m_focusButton, &QPushButton::toggled, this, [this](bool on) {
        if (on) {
            const int node = m_scene->selectedNode();
            if (node < 0) {
                m_focusButton->setChecked(false);
                setStatus(QStringLiteral("Select a node first (click it), then ask for its first-degree view."));
                return;
            }
            m_focus = m_scene->graph().nodes.at(node).objectId;
        } else {
            m_focus.clear();
        }
        const QString keep = m_focus;
        rebuildGraph(false);
        if (!keep.isEmpty())
            selectObject(keep);
    });
    connect(m_assignments, &AssignmentEditorView::assignRequested, this, &DirectoryPanel::addAssignment);
    connect(m_assignments, &AssignmentEditorView::removeRequested, this, &DirectoryPanel::removeAssignment);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString principal = index.data(DirectoryTableModel::PrincipalIdRole).toString();
        m_tabs->setCurrentIndex(0);
        selectObject(principal);
    });

    auto *refresh = new QShortcut(QKeySequence(Qt::Key_F5), this);
    connect(refresh, &QShortcut::activated, this, &DirectoryPanel::startLoad);
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, &DirectoryPanel::cancelLoad);
}

void DirectoryPanel::setStatus(const QString &text, bool error)
{
    m_sourceBar->setStatus(text, error);
}

bool DirectoryPanel::isLoading() const
{
    return m_reader->isRunning() || m_snapshotThread;
}

void DirectoryPanel::cancelLoad()
{
    m_reader->cancel();
}

void DirectoryPanel::startEmulatorLoad()
{
    QUrl base = m_session.emulatorUrl();
    if (base.isEmpty()) {
        failLoad(QStringLiteral("The emulator is not running: start it from the Token panel, or pick another source."));
        return;
    }
    base.setPath(QString());
    m_sourceBar->setLoading(true);
    m_loadingFromEmulator = true;
    setStatus(QStringLiteral("Asking the emulator for its scenario …"));
    // Same road as a real deployment: find the reader identity, then get its Graph token from the IMDS route.
    workflows::emulatorReaderToken(
        m_session, m_sourceBar->readerClientId(), this, [this, base](const QString &token, const QString &error) {
            if (token.isEmpty()) {
                failLoad(error);
                return;
            }
            QUrl graph = base;
            graph.setPath(QStringLiteral("/v1.0/"));
            loadFromGraph(graph, token); // the panel's own reader: progress and Cancel
        });
}

void DirectoryPanel::failLoad(const QString &message)
{
    m_loadingFromEmulator = false;
    m_sourceBar->setLoading(false);
    setStatus(message, true);
    Q_EMIT loadFinished(false, message);
}

void DirectoryPanel::startLoad()
{
    if (isLoading())
        return;
    using Source = DirectorySourceBar::Source;
    const Source source = m_sourceBar->source();
    if (source == Source::Snapshot) {
        importSnapshot();
        return;
    }
    if (source == Source::Emulator) {
        startEmulatorLoad();
        return;
    }
    const TokenResult &current = m_session.currentToken();
    const DecodeResult decoded = decodeToken(current.accessToken);
    const QString aud = decoded.ok() ? decoded.token.audience() : QString();
    if (!current.isValid()
        || !(aud.startsWith(graphResource) || aud == QLatin1String("00000003-0000-0000-c000-000000000000"))) {
        failLoad(QStringLiteral(
            "Microsoft Graph needs a token for https://graph.microsoft.com: get one in the Token panel (resource "
            "https://graph.microsoft.com) with Application.Read.All, then load again."));
        return;
    }
    loadFromGraph(QUrl(QStringLiteral("https://graph.microsoft.com/v1.0/")), current.accessToken);
}

void DirectoryPanel::loadFromGraph(const QUrl &graphBase, const QString &token)
{
    m_graphBase = graphBase;
    m_graphToken = token;
    GraphReaderOptions options;
    options.baseUrl = graphBase;
    options.accessToken = token;
    m_sourceBar->setLoading(true, true);
    setStatus(QStringLiteral("Loading from %1 …").arg(graphBase.toString()));
    m_reader->start(options);
}

void DirectoryPanel::onLoaded(const GraphLoadResult &result)
{
    m_sourceBar->setLoading(false);
    if (!result.ok) {
        m_loadingFromEmulator = false;
        setStatus(result.canceled ? QStringLiteral("Loading canceled; the previous directory stays.") : result.error,
            !result.canceled);
        Q_EMIT loadFinished(false, result.error);
        return;
    }
    m_directoryFromEmulator = std::exchange(m_loadingFromEmulator, false);
    setDirectory(result.directory);
    QString text = QStringLiteral("%1: %L2 applications, %L3 service principals, %L4 assignments (%5 pages")
                       .arg(result.directory.sourceDescription)
                       .arg(result.directory.applications().size())
                       .arg(result.directory.servicePrincipals().size())
                       .arg(result.directory.assignments().size())
                       .arg(result.stats.pages);
    if (result.stats.throttleWaits > 0)
        text += QStringLiteral(", %1 throttling waits, %2 s")
                    .arg(result.stats.throttleWaits)
                    .arg(result.stats.waitedSeconds, 0, 'f', 1);
    text += u')';
    setStatus(text);
    Q_EMIT loadFinished(true, text);
}

void DirectoryPanel::setDirectory(const Directory &directory)
{
    m_expandedGroups.clear();
    m_focus.clear();
    showDirectory(directory, DirectoryGraph::build(directory, graphOptions()));
}

void DirectoryPanel::showDirectory(const Directory &directory, DirectoryGraph graph)
{
    m_directory = directory;
    m_expandedGroups.clear();
    m_focus.clear();
    m_focusButton->setChecked(false);
    m_model->setDirectory(&m_directory);
    if (m_directory.assignments().size() < 5000)
        m_table->resizeColumnsToContents(); // measures every row: only for small tables
    applyGraph(std::move(graph), false);
    publish();
}

void DirectoryPanel::publish()
{
    if (m_publishing)
        return;
    const QScopedValueRollback publishing(m_publishing, true);
    if (m_directory.isEmpty())
        m_session.clearDirectory();
    else
        m_session.setDirectory(m_directory, m_directoryFromEmulator);
}

GraphOptions DirectoryPanel::graphOptions() const
{
    GraphOptions options;
    options.filter = m_search->text();
    options.focusObjectId = m_focus;
    options.collapseThreshold = m_collapse->isChecked() ? collapseThreshold : 0;
    options.expandedGroups = m_expandedGroups;
    return options;
}

void DirectoryPanel::rebuildGraph(bool keepView)
{
    applyGraph(DirectoryGraph::build(m_directory, graphOptions()), keepView);
}

void DirectoryPanel::applyGraph(DirectoryGraph graph, bool keepView)
{
    const QString selectedObject
        = m_scene->selectedNode() >= 0 ? m_scene->graph().nodes.at(m_scene->selectedNode()).objectId : QString();
    m_scene->setGraph(std::move(graph));
    if (!keepView)
        m_view->fitAll();
    if (!selectedObject.isEmpty() && !selectObject(selectedObject))
        showDetails(-1);
    else if (selectedObject.isEmpty())
        showDetails(-1);
    updateTokenPath();
}

void DirectoryPanel::setPresenter(bool on)
{
    if (on == m_presenter)
        return;
    m_presenter = on;
    if (on) {
        // Beside the graph at 200% the details would leave it half the projector; the path is what the room reads.
        m_splitterSizes = m_splitter->sizes();
        qobject_cast<QBoxLayout *>(layout())->addWidget(m_pathBox); // under the tabs: the legend keeps its page
        m_tabs->addTab(m_side, QStringLiteral("Details"));
        m_tabs->setCurrentIndex(0);
        return;
    }
    m_tabs->removeTab(m_tabs->indexOf(m_side));
    m_sideLayout->insertWidget(1, m_pathBox, 0);
    m_splitter->addWidget(m_side);
    m_side->show();
    m_splitter->setSizes(m_splitterSizes);
}

bool DirectoryPanel::selectObject(const QString &objectId)
{
    const QList<int> nodes = m_scene->graph().nodesOf(objectId);
    if (nodes.isEmpty())
        return false;
    selectNode(nodes.first());
    return true;
}

void DirectoryPanel::selectNode(int node)
{
    m_scene->setSelectedNode(node);
    showDetails(node);
    if (node >= 0)
        m_view->showNode(node);
}

void DirectoryPanel::showDetails(int node)
{
    m_details->showNode(m_directory, m_scene->graph(), node);
    updateEditControls();
}

void DirectoryPanel::updateEditControls()
{
    const int node = m_scene->selectedNode();
    const GraphNode *n = node >= 0 ? &m_scene->graph().nodes.at(node) : nullptr;
    // Clients are on the graph's first layer; an aggregate stands for many of them and is no one to assign to.
    const bool client
        = n && n->layer == 0 && n->kind != GraphNode::Kind::Aggregate && m_directory.servicePrincipal(n->objectId);
    m_assignments->setClient(client ? &m_directory : nullptr, client ? n->objectId : QString(),
        client ? n->label : QString(), m_session.currentExpectation().roles, !m_graphToken.isEmpty());
}

QString DirectoryPanel::commandText() const
{
    return m_assignments->commandText();
}

void DirectoryPanel::addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId)
{
    AssignmentChange c;
    c.principalId = principalId;
    c.resourceId = resourceId;
    c.appRoleId = appRoleId;
    m_editor->setBaseUrl(m_graphBase);
    m_editor->setAccessToken(m_graphToken);
    setStatus(QStringLiteral("Assigning the role …"));
    m_editor->add(c);
}

void DirectoryPanel::removeAssignment(const QString &assignmentId)
{
    const AppRoleAssignment *a = m_directory.assignment(assignmentId);
    if (!a)
        return;
    AssignmentChange c;
    c.principalId = a->principalId;
    c.resourceId = a->resourceId;
    c.appRoleId = a->appRoleId;
    c.assignmentId = a->id;
    m_editor->setBaseUrl(m_graphBase);
    m_editor->setAccessToken(m_graphToken);
    setStatus(QStringLiteral("Removing the assignment …"));
    m_editor->remove(c);
}

void DirectoryPanel::onEdited(const AssignmentEditResult &result)
{
    if (!result.ok) {
        setStatus(result.error, true);
        Q_EMIT assignmentEdited(false, result.error);
        return;
    }
    const QString selected
        = m_scene->selectedNode() >= 0 ? m_scene->graph().nodes.at(m_scene->selectedNode()).objectId : QString();
    if (result.added)
        m_directory.addAssignment(result.assignment);
    else
        m_directory.removeAssignment(result.assignment.id);
    m_model->setDirectory(&m_directory);
    publish();
    const QTransform keepTransform = m_view->transform();
    const QPointF keepCentre = m_view->mapToScene(m_view->viewport()->rect().center());
    rebuildGraph(true);
    m_view->setTransform(keepTransform);
    m_view->centerOn(keepCentre);
    if (!selected.isEmpty()) {
        const QList<int> nodes = m_scene->graph().nodesOf(selected);
        if (!nodes.isEmpty()) {
            m_scene->setSelectedNode(nodes.first());
            showDetails(nodes.first());
        }
    }
    const QString message = result.added
        ? QStringLiteral("Assigned (assignment %1). Tokens issued from now on carry the role; cached tokens do not.")
              .arg(result.assignment.id)
        : QStringLiteral("Assignment %1 removed. Tokens already issued keep the role until they expire.")
              .arg(result.assignment.id);
    setStatus(message);
    Q_EMIT assignmentEdited(true, message);
}

void DirectoryPanel::updateTokenPath()
{
    PathHighlight highlight;
    m_tokenPath = TokenPath();
    const TokenResult &current = m_session.currentToken();
    if (!current.isValid()) {
        m_pathLabel->setText(QStringLiteral("No current token: get one in the Token panel to see its path here."));
        m_scene->setPathHighlight(highlight);
        return;
    }
    const DecodeResult decoded = decodeToken(current.accessToken);
    if (!decoded.ok()) {
        m_pathLabel->setText(QStringLiteral("The current token cannot be decoded: %1").arg(decoded.message));
        m_scene->setPathHighlight(highlight);
        return;
    }
    if (m_directory.isEmpty()) {
        m_pathLabel->setText(QStringLiteral("Load a directory to trace the current token's path."));
        m_scene->setPathHighlight(highlight);
        return;
    }
    // The roles the API under test requires (published by the Test call panel), else those it offers applications.
    m_tokenPath
        = traceTokenPath(m_directory, TokenPathInput::fromToken(decoded.token, m_session.currentExpectation().roles));
    highlight = tokenPathHighlight(m_scene->graph(), m_tokenPath);
    m_scene->setPathHighlight(highlight);
    m_pathLabel->setText(
        (m_tokenPath.isComplete() ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + m_tokenPath.explanation);
    m_pathLabel->setStyleSheet(
        m_tokenPath.isComplete() ? QStringLiteral("color: #1e7d32;") : QStringLiteral("color: #b3261e;"));
}

bool DirectoryPanel::loadSnapshot(const QString &path, QString *error)
{
    Directory d;
    QString message;
    if (!snapshot::readFile(path, d, &message)) {
        setStatus(message, true);
        if (error)
            *error = message;
        return false;
    }
    m_expandedGroups.clear();
    m_focus.clear();
    showSnapshot(path, d, DirectoryGraph::build(d, graphOptions()));
    return true;
}

void DirectoryPanel::showSnapshot(const QString &path, const Directory &directory, DirectoryGraph graph)
{
    m_graphToken.clear(); // a snapshot is read-only: edits would go nowhere
    m_graphBase.clear();
    showDirectory(directory, std::move(graph));
    setStatus(QStringLiteral("%1: %L2 applications, %L3 service principals, %L4 assignments (snapshot, read-only)")
                  .arg(QFileInfo(path).fileName())
                  .arg(directory.applications().size())
                  .arg(directory.servicePrincipals().size())
                  .arg(directory.assignments().size()));
}

void DirectoryPanel::loadSnapshotInBackground(const QString &path)
{
    if (isLoading())
        return;
    struct Loaded
    {
        Directory directory;
        DirectoryGraph graph;
        QString error;
    };
    auto loaded = std::make_shared<Loaded>();
    GraphOptions options = graphOptions();
    options.focusObjectId.clear();
    options.expandedGroups.clear();
    // Parsing and layout are pure functions of value types: they run on a worker, the widgets stay on this thread.
    m_snapshotThread = QThread::create([loaded, path, options] {
        if (snapshot::readFile(path, loaded->directory, &loaded->error))
            loaded->graph = DirectoryGraph::build(loaded->directory, options);
    });
    connect(m_snapshotThread, &QThread::finished, this, [this, loaded, path] {
        m_snapshotThread->deleteLater();
        m_snapshotThread = nullptr;
        m_sourceBar->setLoading(false);
        if (!loaded->error.isEmpty()) {
            setStatus(loaded->error, true);
            Q_EMIT loadFinished(false, loaded->error);
            return;
        }
        m_directoryFromEmulator = false;
        showSnapshot(path, loaded->directory, std::move(loaded->graph));
        Q_EMIT loadFinished(true, m_sourceBar->status());
    });
    m_sourceBar->setLoading(true);
    setStatus(QStringLiteral("Reading %1…").arg(QFileInfo(path).fileName()));
    m_snapshotThread->start();
}

void DirectoryPanel::openSnapshotInEmulator(const QString &path)
{
    m_session.openSnapshotInEmulator(path); // its identities then get tokens with their roles in the file
    loadSnapshotInBackground(path); // and the panel shows the tenant the emulator now serves
}

void DirectoryPanel::importSnapshot()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open directory snapshot"), QString(),
        QStringLiteral("Directory snapshots (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadSnapshotInBackground(path);
}

void DirectoryPanel::exportSnapshot()
{
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save directory snapshot"),
        QStringLiteral("directory.json"), QStringLiteral("Directory snapshots (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (snapshot::writeFile(path, m_directory, &error))
        setStatus(QStringLiteral("Saved %1 (no tokens or secrets are in it).").arg(QFileInfo(path).fileName()));
    else
        setStatus(error, true);
}

void DirectoryPanel::exportPicture()
{
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export picture"),
        QStringLiteral("directory.svg"), QStringLiteral("SVG (*.svg);;PNG (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportImage(path, &error))
        setStatus(QStringLiteral("Exported %1.").arg(QFileInfo(path).fileName()));
    else
        setStatus(error, true);
}

bool DirectoryPanel::exportImage(const QString &path, QString *error)
{
    return exportSceneImage(*m_scene, m_directory.sourceDescription, path, error);
}

} // namespace idex::ui
