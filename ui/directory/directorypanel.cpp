// Over 500 lines (1131): the source bar, the graph and table tabs, the details and the assignment editor. TODO(#12):
// the details and the assignment editor become sub-widgets.
#include "directorypanel.h"

#include "directory/assignmenteditor.h"
#include "directory/graphreader.h"
#include "directory/snapshot.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "graph/graphlegend.h"
#include "jwt/decodedtoken.h"
#include "jwt/microsoft.h"
#include "models/directorytablemodel.h"
#include "session/session.h"
#include "session/workflows/emulatorworkflows.h"
#include "widgets/plaintext.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTableView>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
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
    auto *sourceRow = new QHBoxLayout;
    sourceRow->setSpacing(6);
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("directorySource"));
    m_source->addItem(
        QIcon(QStringLiteral(":/icons/emulator.svg")), QStringLiteral("Emulator's Graph"), int(Source::Emulator));
    m_source->addItem(QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("Microsoft Graph (current token)"),
        int(Source::MicrosoftGraph));
    m_source->addItem(QStringLiteral("Snapshot file…"), int(Source::Snapshot));
    m_source->setToolTip(
        QStringLiteral("Where to read applications, service principals and app role assignments from"));
    m_readerClientId = new QLineEdit(this);
    m_readerClientId->setPlaceholderText(QStringLiteral("reader identity client id (optional)"));
    m_readerClientId->setToolTip(
        QStringLiteral("Emulator: the identity whose Graph token is used (needs Application.Read.All). "
                       "Empty = the first identity of the scenario that holds it."));
    m_readerClientId->setMaximumWidth(300);
    m_load = iconButton(QStringLiteral("&Load"), QStringLiteral(":/icons/directory.svg"),
        QStringLiteral("Load the directory (F5)"), this);
    m_load->setObjectName(QStringLiteral("loadDirectory"));
    m_cancel = iconButton(
        QStringLiteral("Cancel"), QStringLiteral(":/icons/error.svg"), QStringLiteral("Stop loading (Esc)"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("directoryStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText); // Graph errors and file names
    // Long messages must not widen the window: they are elided by the layout and shown whole in the tooltip.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(80);
    auto *fileButton = new QToolButton(this);
    fileButton->setText(QStringLiteral("File"));
    fileButton->setPopupMode(QToolButton::InstantPopup);
    auto *fileMenu = new QMenu(fileButton);
    fileMenu->addAction(QStringLiteral("Open snapshot…"), this, &DirectoryPanel::importSnapshot);
    fileMenu->addAction(QStringLiteral("Save snapshot…"), this, &DirectoryPanel::exportSnapshot);
    fileMenu->addAction(QStringLiteral("Open snapshot in the emulator…"), this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, QStringLiteral("Run the emulator on a directory snapshot"), QString(),
                QStringLiteral("Directory snapshots (*.json);;All files (*)"));
        if (!path.isEmpty())
            openSnapshotInEmulator(path);
    });
    fileMenu->addSeparator();
    fileMenu->addAction(QStringLiteral("Export picture (PNG or SVG)…"), this, &DirectoryPanel::exportPicture);
    fileButton->setMenu(fileMenu);
    sourceRow->addWidget(new QLabel(QStringLiteral("Source:"), this));
    sourceRow->addWidget(m_source);
    sourceRow->addWidget(m_readerClientId);
    sourceRow->addWidget(m_load);
    sourceRow->addWidget(m_cancel);
    sourceRow->addWidget(m_progress);
    sourceRow->addWidget(m_status, 1);
    sourceRow->addWidget(fileButton);
    root->addLayout(sourceRow);

    // Row 2: what to see.
    auto *viewRow = new QHBoxLayout;
    viewRow->setSpacing(6);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("directorySearch"));
    m_search->setPlaceholderText(QStringLiteral("Search name, id, appId, type or role value (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_collapse = new QCheckBox(QStringLiteral("Collapse groups over %1").arg(collapseThreshold), this);
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
    viewRow->addWidget(m_search, 1);
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
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(4, 0, 0, 0);
    auto *detailsBox = new QGroupBox(QStringLiteral("Details"), side);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    m_details = new QTreeWidget(detailsBox);
    m_details->setObjectName(QStringLiteral("directoryDetails"));
    m_details->setColumnCount(2);
    m_details->setHeaderLabels({ QStringLiteral("Property"), QStringLiteral("Value") });
    m_details->setRootIsDecorated(false);
    m_details->setAlternatingRowColors(true);
    m_details->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *copyValue = iconButton(QStringLiteral("Copy value"), QStringLiteral(":/icons/copy.svg"),
        QStringLiteral("Copy the selected value (Ctrl+C)"), detailsBox);
    auto *copyAll = iconButton(QStringLiteral("Copy all"), QStringLiteral(":/icons/copy.svg"),
        QStringLiteral("Copy every property as text"), detailsBox);
    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(copyValue);
    copyRow->addWidget(copyAll);
    copyRow->addStretch();
    detailsLayout->addWidget(m_details);
    detailsLayout->addLayout(copyRow);
    connect(copyValue, &QPushButton::clicked, this, [this] {
        if (auto *item = m_details->currentItem())
            QApplication::clipboard()->setText(item->text(1));
    });
    connect(copyAll, &QPushButton::clicked, this, [this] {
        QStringList lines;
        for (int i = 0; i < m_details->topLevelItemCount(); ++i)
            lines << m_details->topLevelItem(i)->text(0) + QStringLiteral(": ") + m_details->topLevelItem(i)->text(1);
        QApplication::clipboard()->setText(lines.join(u'\n'));
    });
    connect(m_details, &QTreeWidget::itemDoubleClicked, this,
        [](QTreeWidgetItem *item) { QApplication::clipboard()->setText(item->text(1)); });

    auto *pathBox = new QGroupBox(QStringLiteral("Current token's path"), side);
    auto *pathLayout = new QVBoxLayout(pathBox);
    m_pathLabel = new QLabel(pathBox);
    m_pathLabel->setObjectName(QStringLiteral("tokenPathLabel"));
    m_pathLabel->setWordWrap(true);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pathLabel->setTextFormat(Qt::PlainText); // claims and directory names
    pathLayout->addWidget(m_pathLabel);

    auto *editBox = new QGroupBox(QStringLiteral("App role assignments of the selected client"), side);
    auto *editLayout = new QFormLayout(editBox);
    m_roleCombo = new QComboBox(editBox);
    m_roleCombo->setObjectName(QStringLiteral("assignRoleCombo"));
    m_assign = new QPushButton(QStringLiteral("Assign"), editBox);
    m_assign->setObjectName(QStringLiteral("assignButton"));
    auto *assignRow = new QHBoxLayout;
    assignRow->addWidget(m_roleCombo, 1);
    assignRow->addWidget(m_assign);
    m_heldCombo = new QComboBox(editBox);
    m_heldCombo->setObjectName(QStringLiteral("heldAssignmentCombo"));
    m_unassign = new QPushButton(QStringLiteral("Remove"), editBox);
    m_unassign->setObjectName(QStringLiteral("removeAssignmentButton"));
    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_heldCombo, 1);
    removeRow->addWidget(m_unassign);
    editLayout->addRow(QStringLiteral("Add role:"), assignRow);
    editLayout->addRow(QStringLiteral("Held:"), removeRow);
    m_commands = new QPlainTextEdit(editBox);
    m_commands->setObjectName(QStringLiteral("assignmentCommands"));
    m_commands->setReadOnly(true);
    m_commands->setFont(mono);
    m_commands->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_commands->setMinimumHeight(m_commands->fontMetrics().lineSpacing() * 2 + 10);
    m_commands->setPlaceholderText(QStringLiteral("Select a client (a managed identity …) to see the equivalent "
                                                  "Microsoft Graph PowerShell and az rest commands."));
    auto *copyCommands = iconButton(QStringLiteral("Copy commands"), QStringLiteral(":/icons/copy.svg"),
        QStringLiteral("Copy the PowerShell and az commands"), editBox);
    connect(copyCommands, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_commands->toPlainText()); });
    editLayout->addRow(m_commands);
    // Beside Remove, not on a row of its own: in a 700 px window the details above need that height.
    copyCommands->setText(QString());
    copyCommands->setToolTip(QStringLiteral("Copy commands: the PowerShell and az commands"));
    removeRow->addWidget(copyCommands);

    // The details are what a person reads: they get the height; the editor keeps what its controls need.
    sideLayout->addWidget(detailsBox, 4);
    sideLayout->addWidget(pathBox, 0);
    sideLayout->addWidget(editBox, 1);
    splitter->addWidget(m_tabs);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 900, 420 }); // at 1024 px the details keep about a third: GUIDs fit in their column
    root->addWidget(splitter, 1);

    // Behaviour.
    connect(m_load, &QPushButton::clicked, this, &DirectoryPanel::startLoad);
    connect(m_cancel, &QPushButton::clicked, this, &DirectoryPanel::cancelLoad);
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
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, &DirectoryPanel::updateCommands);
    connect(m_roleCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_assign->setEnabled(m_roleCombo->currentData().toStringList().size() == 2 && !m_graphToken.isEmpty());
    });
    connect(m_heldCombo, &QComboBox::currentIndexChanged, this, &DirectoryPanel::updateCommands);
    connect(m_assign, &QPushButton::clicked, this, [this] {
        const int node = m_scene->selectedNode();
        const QStringList parts = m_roleCombo->currentData().toStringList();
        if (node < 0 || parts.size() != 2)
            return;
        addAssignment(m_scene->graph().nodes.at(node).objectId, parts.at(0), parts.at(1));
    });
    connect(m_unassign, &QPushButton::clicked, this, [this] {
        const QString id = m_heldCombo->currentData().toString();
        if (id.isEmpty())
            return;
        // Removing an assignment takes a permission away from a running identity: ask first (Enter keeps it).
        QMessageBox box(QMessageBox::Warning, QStringLiteral("Remove the assignment?"),
            QStringLiteral("Remove %1 from %2?")
                .arg(m_heldCombo->currentText(),
                    m_scene->selectedNode() >= 0
                        ? m_directory.displayNameOf(m_scene->graph().nodes.at(m_scene->selectedNode()).objectId)
                        : QStringLiteral("this identity")),
            QMessageBox::NoButton, this);
        box.setInformativeText(
            QStringLiteral("Tokens issued from now on will not carry this role. Tokens already issued keep it "
                           "until they expire. The equivalent command is shown below the buttons."));
        QPushButton *remove = box.addButton(QStringLiteral("Remove"), QMessageBox::DestructiveRole);
        box.setDefaultButton(box.addButton(QMessageBox::Cancel));
        box.setObjectName(QStringLiteral("confirmRemoveAssignment"));
        box.exec();
        if (box.clickedButton() == remove)
            removeAssignment(id);
    });
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
    m_status->setText(text);
    m_status->setToolTip(plainToolTip(text));
    m_status->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
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
    m_load->setEnabled(false);
    m_progress->setVisible(true);
    m_loadingFromEmulator = true;
    setStatus(QStringLiteral("Asking the emulator for its scenario …"));
    // Same road as a real deployment: find the reader identity, then get its Graph token from the IMDS route.
    workflows::emulatorReaderToken(
        m_session, m_readerClientId->text().trimmed(), this, [this, base](const QString &token, const QString &error) {
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
    m_load->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setVisible(false);
    setStatus(message, true);
    Q_EMIT loadFinished(false, message);
}

void DirectoryPanel::startLoad()
{
    if (isLoading())
        return;
    const auto source = Source(m_source->currentData().toInt());
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
    m_load->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setVisible(true);
    setStatus(QStringLiteral("Loading from %1 …").arg(graphBase.toString()));
    m_reader->start(options);
}

void DirectoryPanel::onLoaded(const GraphLoadResult &result)
{
    m_load->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setVisible(false);
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
    m_details->clear();
    auto add = [this](const QString &name, const QString &value) {
        auto *item = new QTreeWidgetItem(m_details, { name, value });
        item->setToolTip(1, plainToolTip(value));
        item->setFont(1, QFontDatabase::systemFont(QFontDatabase::FixedFont));
    };
    if (node < 0 || node >= m_scene->graph().nodes.size()) {
        add(QStringLiteral("Directory"),
            m_directory.sourceDescription.isEmpty() ? QStringLiteral("(nothing loaded)")
                                                    : m_directory.sourceDescription);
        add(QStringLiteral("Tenant"), m_directory.tenantId);
        add(QStringLiteral("Applications"), QString::number(m_directory.applications().size()));
        add(QStringLiteral("Service principals"), QString::number(m_directory.servicePrincipals().size()));
        add(QStringLiteral("App role assignments"), QString::number(m_directory.assignments().size()));
        add(QStringLiteral("Shown"),
            QStringLiteral("%1 nodes, %2 edges").arg(m_scene->graph().nodes.size()).arg(m_scene->graph().edges.size()));
        updateEditControls();
        return;
    }
    const GraphNode &n = m_scene->graph().nodes.at(node);
    add(QStringLiteral("Kind"), DirectoryGraph::kindName(n.kind));
    if (n.kind == GraphNode::Kind::AppRole) {
        const auto role = m_directory.role(n.resourceId, n.objectId);
        add(QStringLiteral("value"), n.label);
        add(QStringLiteral("id"), n.objectId);
        if (role) {
            add(QStringLiteral("displayName"), role->displayName);
            add(QStringLiteral("description"), role->description);
            add(QStringLiteral("allowedMemberTypes"), role->allowedMemberTypes.join(QStringLiteral(", ")));
            add(QStringLiteral("isEnabled"), role->isEnabled ? QStringLiteral("true") : QStringLiteral("false"));
        }
        add(QStringLiteral("defined by"),
            m_directory.displayNameOf(n.resourceId) + QStringLiteral(" (") + n.resourceId + u')');
        add(QStringLiteral("holders"), QString::number(m_scene->graph().edgesOf(node).size() - 1));
    } else if (const ServicePrincipal *sp = m_directory.servicePrincipal(n.objectId)) {
        add(QStringLiteral("displayName"), sp->displayName);
        add(QStringLiteral("id (object id, oid)"), sp->id);
        add(QStringLiteral("appId (client id)"), sp->appId);
        add(QStringLiteral("servicePrincipalType"), sp->servicePrincipalType);
        if (sp->isManagedIdentity()) {
            add(QStringLiteral("managed identity"), sp->kindLabel());
            add(QStringLiteral("ARM resource id"), sp->armResourceId());
        }
        add(QStringLiteral("alternativeNames"), sp->alternativeNames.join(QStringLiteral(", ")));
        add(QStringLiteral("servicePrincipalNames"), sp->servicePrincipalNames.join(QStringLiteral(", ")));
        add(QStringLiteral("appRoleAssignmentRequired"),
            sp->appRoleAssignmentRequired ? QStringLiteral("true") : QStringLiteral("false"));
        QStringList roles;
        for (const AppRole &r : m_directory.rolesOf(*sp))
            roles << r.value;
        add(QStringLiteral("appRoles"), roles.join(QStringLiteral(", ")));
        add(QStringLiteral("holds"),
            QStringLiteral("%1 assignment(s)").arg(m_directory.assignmentsHeldBy(sp->id).size()));
        add(QStringLiteral("granted to others"),
            QStringLiteral("%1 assignment(s)").arg(m_directory.assignmentsOn(sp->id).size()));
        if (!sp->appOwnerOrganizationId.isEmpty())
            add(QStringLiteral("appOwnerOrganizationId"), sp->appOwnerOrganizationId);
    } else if (const Application *app = m_directory.application(n.objectId)) {
        add(QStringLiteral("displayName"), app->displayName);
        add(QStringLiteral("id (object id)"), app->id);
        add(QStringLiteral("appId (client id)"), app->appId);
        add(QStringLiteral("identifierUris"), app->identifierUris.join(QStringLiteral(", ")));
        add(QStringLiteral("requestedAccessTokenVersion"),
            app->requestedAccessTokenVersion ? QString::number(*app->requestedAccessTokenVersion)
                                             : QStringLiteral("null (v1)"));
        QStringList roles;
        for (const AppRole &r : app->appRoles)
            roles << r.value;
        add(QStringLiteral("appRoles"), roles.join(QStringLiteral(", ")));
        add(QStringLiteral("service principal"),
            m_directory.servicePrincipalByAppId(app->appId) ? m_directory.servicePrincipalByAppId(app->appId)->id
                                                            : QStringLiteral("none in this tenant"));
    } else {
        add(QStringLiteral("displayName"), n.label);
        add(QStringLiteral("id"), n.objectId);
        add(QStringLiteral("details"), n.sublabel);
    }
    updateEditControls();
}

void DirectoryPanel::updateEditControls()
{
    m_roleCombo->blockSignals(true);
    m_heldCombo->blockSignals(true);
    m_roleCombo->clear();
    m_heldCombo->clear();
    const int node = m_scene->selectedNode();
    const bool client = node >= 0 && m_scene->graph().nodes.at(node).layer == 0
        && m_scene->graph().nodes.at(node).kind != GraphNode::Kind::Aggregate
        && m_directory.servicePrincipal(m_scene->graph().nodes.at(node).objectId);
    if (client) {
        const QString principal = m_scene->graph().nodes.at(node).objectId;
        // Safe defaults: the roles the API under test requires first, then the tenant's own APIs; Microsoft's APIs
        // (Graph permissions, which need admin consent in a real tenant) last, labelled, and never preselected.
        struct Choice
        {
            int rank;
            QString text;
            QStringList data;
        };
        QList<Choice> choices;
        const QStringList wanted = m_session.currentExpectation().roles;
        static const QString microsoftTenant = QStringLiteral("f8cdef31-a31e-4b4a-93e4-5f571e91255a");
        for (const ServicePrincipal &sp : m_directory.servicePrincipals()) {
            const bool microsoft = sp.appOwnerOrganizationId.compare(microsoftTenant, Qt::CaseInsensitive) == 0
                || isMicrosoftFirstPartyAudience(sp.appId);
            for (const AppRole &r : m_directory.rolesOf(sp)) {
                if (!r.allowsApplications() || !m_directory.assignmentsFor(principal, sp.id, r.id).isEmpty())
                    continue;
                const int rank = wanted.contains(r.value) && !microsoft ? 0 : microsoft ? 2 : 1;
                choices.append({ rank,
                    QStringLiteral("%1 · %2%3")
                        .arg(r.value, sp.displayName,
                            microsoft ? QStringLiteral(" (Microsoft API permission)") : QString()),
                    QStringList { sp.id, r.id } });
            }
            if (choices.size() > 500)
                break;
        }
        std::stable_sort(
            choices.begin(), choices.end(), [](const Choice &a, const Choice &b) { return a.rank < b.rank; });
        if (!choices.isEmpty() && choices.first().rank == 2)
            m_roleCombo->addItem(QStringLiteral("Choose an app role\u2026"), QStringList {});
        for (const Choice &choice : std::as_const(choices))
            m_roleCombo->addItem(choice.text, choice.data);
        for (const AppRoleAssignment *a : m_directory.assignmentsHeldBy(principal)) {
            const auto r = m_directory.role(a->resourceId, a->appRoleId);
            m_heldCombo->addItem(
                QStringLiteral("%1 · %2").arg(r ? r->value : a->appRoleId, m_directory.displayNameOf(a->resourceId)),
                a->id);
        }
    }
    m_roleCombo->blockSignals(false);
    m_heldCombo->blockSignals(false);
    const bool live = !m_graphToken.isEmpty();
    m_assign->setEnabled(client && m_roleCombo->currentData().toStringList().size() == 2 && live);
    m_unassign->setEnabled(client && m_heldCombo->count() > 0 && live);
    const QString why = live ? QString() : QStringLiteral(" (load from a Graph first: snapshots are read-only)");
    m_assign->setToolTip(QStringLiteral("POST servicePrincipals/{resource}/appRoleAssignedTo") + why);
    m_unassign->setToolTip(QStringLiteral("DELETE servicePrincipals/{resource}/appRoleAssignedTo/{id}") + why);
    updateCommands();
}

void DirectoryPanel::updateCommands()
{
    const int node = m_scene->selectedNode();
    if (node < 0 || (m_roleCombo->count() == 0 && m_heldCombo->count() == 0)) {
        m_commands->clear();
        return;
    }
    const GraphNode &n = m_scene->graph().nodes.at(node);
    QStringList text;
    const QStringList parts = m_roleCombo->currentData().toStringList();
    if (parts.size() == 2) {
        AssignmentChange c;
        c.principalId = n.objectId;
        c.principalName = n.label;
        c.resourceId = parts.at(0);
        c.resourceName = m_directory.displayNameOf(parts.at(0));
        c.appRoleId = parts.at(1);
        const auto role = m_directory.role(c.resourceId, c.appRoleId);
        c.roleValue = role ? role->value : QString();
        text << QStringLiteral("# Microsoft Graph PowerShell") << assignmentcommands::powerShellAdd(c) << QString()
             << QStringLiteral("# Azure CLI") << assignmentcommands::azRestAdd(c) << QString();
    }
    if (const AppRoleAssignment *a = m_directory.assignment(m_heldCombo->currentData().toString())) {
        AssignmentChange c;
        c.principalId = a->principalId;
        c.principalName = n.label;
        c.resourceId = a->resourceId;
        c.resourceName = m_directory.displayNameOf(a->resourceId);
        c.appRoleId = a->appRoleId;
        c.assignmentId = a->id;
        const auto role = m_directory.role(c.resourceId, c.appRoleId);
        c.roleValue = role ? role->value : QString();
        text << QStringLiteral("# Microsoft Graph PowerShell") << assignmentcommands::powerShellRemove(c) << QString()
             << QStringLiteral("# Azure CLI") << assignmentcommands::azRestRemove(c);
    }
    m_commands->setPlainText(text.join(u'\n'));
}

QString DirectoryPanel::commandText() const
{
    return m_commands->toPlainText();
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
    const DirectoryGraph &g = m_scene->graph();
    auto firstInLayer = [&g](const QString &objectId, int layer) {
        for (int n : g.nodesOf(objectId)) {
            if (g.nodes.at(n).layer == layer)
                return n;
        }
        return -1;
    };
    const int principal = firstInLayer(m_tokenPath.principalId, 0);
    const int api = firstInLayer(m_tokenPath.resourceId, 2);
    if (principal >= 0)
        highlight.nodes.insert(principal);
    if (api >= 0)
        highlight.nodes.insert(api);
    for (int i = 0; i < m_tokenPath.assignmentIds.size(); ++i) {
        const int edge = g.edgeOfAssignment(m_tokenPath.assignmentIds.at(i));
        if (edge < 0)
            continue;
        highlight.edges.insert(edge);
        const int role = g.edges.at(edge).to;
        highlight.nodes.insert(role);
        for (int e : g.edgesOf(role)) {
            if (g.edges.at(e).kind == GraphEdge::Kind::RoleOf && g.edges.at(e).to == api)
                highlight.edges.insert(e);
        }
    }
    if (!m_tokenPath.isComplete() && principal >= 0) {
        int target
            = m_tokenPath.missingRoleId.isEmpty() ? -1 : g.roleNode(m_tokenPath.resourceId, m_tokenPath.missingRoleId);
        if (target < 0)
            target = api;
        if (target >= 0) {
            highlight.missingFrom = principal;
            highlight.missingTo = target;
            highlight.missingLabel = m_tokenPath.missingRoleValue.isEmpty()
                ? QStringLiteral("missing: app role assignment")
                : QStringLiteral("missing: %1 assignment").arg(m_tokenPath.missingRoleValue);
            highlight.nodes.insert(target);
        }
    }
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
        m_progress->setVisible(false);
        if (!loaded->error.isEmpty()) {
            setStatus(loaded->error, true);
            Q_EMIT loadFinished(false, loaded->error);
            return;
        }
        m_directoryFromEmulator = false;
        showSnapshot(path, loaded->directory, std::move(loaded->graph));
        Q_EMIT loadFinished(true, m_status->text());
    });
    m_progress->setVisible(true);
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
    const QRectF source = m_scene->graph().bounds.adjusted(-60, -90, 60, 60);
    // Large graphs are exported at a size an image viewer can open; the scene picks its level of detail from it.
    const qreal scale = std::min<qreal>(1.0, 8000.0 / std::max(source.width(), source.height()));
    const QSize size(std::max(1, int(source.width() * scale)), std::max(1, int(source.height() * scale)));
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("Identity Explorer directory"));
        svg.setDescription(m_directory.sourceDescription);
        QPainter painter;
        if (!painter.begin(&svg)) {
            if (error)
                *error = QStringLiteral("cannot write %1").arg(path);
            return false;
        }
        m_scene->render(&painter, QRectF(QPointF(0, 0), size), source);
        painter.end();
        return true;
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_scene->render(&painter, QRectF(QPointF(0, 0), size), source);
    painter.end();
    if (!image.save(path)) {
        if (error)
            *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace idex::ui
