// Over 500 lines (~750): the top bar, the summary, the claims and JSON tabs, taking tokens in (session, paste, file,
// drop) and the exports; the signature box, the expectation form and the compare tab are claims/signaturebox,
// claims/expectationform and claims/comparetab. Next to move out: the top bar and the export menu.
#include "claimspanel.h"

#include "claims/comparetab.h"
#include "claims/expectationform.h"
#include "claims/signaturebox.h"
#include "directory/objectnames.h"
#include "jwt/keyresolver.h"
#include "jwt/signatureverifier.h"
#include "models/claimdiffmodel.h"
#include "models/claimsmodel.h"
#include "net/boundedfile.h"
#include "net/redaction.h"
#include "session/apiexpectation.h"
#include "session/scenariooffer.h"
#include "session/session.h"
#include "widgets/findingsview.h"
#include "widgets/jsonhighlighter.h"
#include "widgets/reflow.h"
#include "widgets/secretclipboard.h"
#include "widgets/tokentimesview.h"
#include "widgets/verdictbanner.h"
#include "window/uizoom.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

QPlainTextEdit *jsonView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Two lines at least, not Qt's default of about five: three of these share a tab in a 700 px window.
    view->setMinimumHeight(view->fontMetrics().lineSpacing() * 2 + 10);
    new JsonHighlighter(view->document());
    return view;
}

QToolButton *copyButton(QWidget *parent, const QString &tip)
{
    auto *button = new QToolButton(parent);
    button->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

ClaimsPanel::ClaimsPanel(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_catalog(ClaimsCatalog::builtIn())
    , m_resolver(new KeyResolver(session.http(), this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_claimsModel(new ClaimsModel(this))
    , m_diffModel(new ClaimDiffModel(this))
{
    setObjectName(QStringLiteral("ClaimsPanel"));
    setAcceptDrops(true);
    m_claimsModel->setCatalog(m_catalog);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(8);
    layout->addWidget(buildTopBar());
    // What the token is and when it lives, side by side: one above the other left the claims table four rows in a
    // 700 px window. Narrower than both (presenter mode), one above the other after all.
    auto *facts = new ReflowLayout;
    facts->setSpacing(8);
    facts->addWidget(buildSummary(), 3);
    m_times = new TokenTimesView(this);
    facts->addWidget(m_times, 2);
    layout->addLayout(facts);

    // The tabs beside the verdict; the verdict below them when the panel is narrower than both.
    auto *splitter = new ReflowSplitter(this);
    splitter->setObjectName(QStringLiteral("claimsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->setMainPane(0);
    splitter->addWidget(buildTabs());
    // The sidebar scrolls up and down rather than squeezing its forms when the window is short; it is as wide as
    // its forms need, never scrolled sideways.
    auto *sideScroll = new VerticalScrollArea(splitter);
    sideScroll->setWidget(buildSidebar());
    splitter->addWidget(sideScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(&m_session, &Session::currentTokenChanged, this, &ClaimsPanel::onSessionToken);
    connect(&m_session, &Session::actionRequested, this, [this](const FindingAction &action) {
        if (action.kind == FindingAction::Kind::VerifySignature)
            verifyByDiscovery();
    });
    connect(&m_session, &Session::emulatorChanged, this, [this] {
        refreshPresets();
        refreshObjectNames();
    });
    connect(m_times, &TokenTimesView::stateChanged, this, &ClaimsPanel::runDiagnosis);
    connect(&m_session, &Session::directoryChanged, this, &ClaimsPanel::refreshObjectNames);
    // Any evidence that changed (a directory edit, a verdict recorded elsewhere, an emulator run): the findings follow.
    connect(&m_session, &Session::diagnosisChanged, this, [this] {
        if (m_token && !m_token->verification.isChecked()) {
            const SignatureVerdict recorded = m_session.signatureVerdictOf(m_token->raw);
            if (recorded.isChecked()) {
                m_token->verification = recorded;
                updateSignatureBox();
            }
        }
        runDiagnosis();
    });
    // The API under test, as the Test call panel knows it, becomes the expectation to check the token against.
    connect(&m_session, &Session::currentExpectationChanged, this, [this](const Expectation &e) {
        refreshPresets();
        if (!e.isEmpty())
            m_expectation->choosePreset(1);
    });
    // Relative times in the table ("3 min ago") age; a coarse tick is enough and keeps the selection.
    auto *tick = new QTimer(this);
    connect(tick, &QTimer::timeout, this, [this] { m_claimsModel->setNow(m_clock()); });
    tick->start(15000);

    refreshPresets();
    refreshObjectNames();
    if (!m_session.currentExpectation().isEmpty())
        m_expectation->choosePreset(1);
    if (m_session.currentToken().isValid())
        onSessionToken();
    else
        showToken(DecodedToken(), {});
}

ClaimsPanel::~ClaimsPanel() = default;

void ClaimsPanel::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    m_session.setClock(m_clock); // the one diagnosis reads the same clock as the times strip
    m_times->setClock(m_clock);
    m_claimsModel->setNow(m_clock());
    runDiagnosis();
}

QWidget *ClaimsPanel::buildTopBar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QVBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *row = new QHBoxLayout;
    m_sourceLabel = new QLabel(bar);
    m_sourceLabel->setObjectName(QStringLiteral("sourceLabel"));
    // Claims, names and messages from tokens are shown as written in every label here, never as markup.
    m_sourceLabel->setTextFormat(Qt::PlainText);
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sourceLabel->setWordWrap(true); // never forces the window wider than the rest of the panel needs
    row->addWidget(m_sourceLabel, 1);

    auto *paste = new QPushButton(QIcon(QStringLiteral(":/icons/token.svg")), QStringLiteral("&Paste token"), bar);
    paste->setObjectName(QStringLiteral("pasteButton"));
    paste->setToolTip(QStringLiteral("Decode the token on the clipboard (Ctrl+Shift+V)"));
    connect(paste, &QPushButton::clicked, this, [this] { setTokenText(QApplication::clipboard()->text()); });
    auto *pasteShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), this);
    connect(pasteShortcut, &QShortcut::activated, paste, &QPushButton::click);
    row->addWidget(paste);

    auto *open = new QPushButton(QStringLiteral("&Open token file\u2026"), bar);
    open->setObjectName(QStringLiteral("openButton"));
    open->setToolTip(QStringLiteral("Read a token from a file (Ctrl+O); you can also drop a file here"));
    connect(open, &QPushButton::clicked, this, &ClaimsPanel::openTokenFileDialog);
    auto *openShortcut = new QShortcut(QKeySequence::Open, this);
    connect(openShortcut, &QShortcut::activated, open, &QPushButton::click);
    row->addWidget(open);

    m_exportButton = new QToolButton(bar);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setText(QStringLiteral("&Export"));
    m_exportButton->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_exportButton);
    QAction *copyMd = menu->addAction(
        QStringLiteral("Copy claims as &Markdown"), this, [this] { copyReport(ReportFormat::Markdown); });
    copyMd->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    menu->addAction(QStringLiteral("Copy claims as &JSON"), this, [this] { copyReport(ReportFormat::Json); });
    menu->addSeparator();
    menu->addAction(QStringLiteral("Save claims as JSON\u2026"), this, [this] { exportToFile(ReportFormat::Json); });
    menu->addAction(
        QStringLiteral("Save claims as Markdown\u2026"), this, [this] { exportToFile(ReportFormat::Markdown); });
    menu->addSeparator();
    menu->addAction(QStringLiteral("Copy the &raw token (secret)"), this, &ClaimsPanel::copyRawToken);
    m_exportButton->setMenu(menu);
    row->addWidget(m_exportButton);
    layout->addLayout(row);

    m_input = new QPlainTextEdit(bar);
    m_input->setObjectName(QStringLiteral("tokenInput"));
    UiZoom::markSecret(m_input); // the raw token as pasted: veiled in presenter mode
    m_input->setPlaceholderText(QStringLiteral(
        "Paste a token here: eyJ\u2026, \"Bearer eyJ\u2026\", a URL with #access_token=\u2026, a token endpoint's "
        "JSON answer, or drop a file. Decoded on this machine only; nothing is sent anywhere."));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 2 + 14); // two lines: the table needs the room
    m_input->setAcceptDrops(false); // drops go to the panel, which also reads files
    connect(m_input, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_updatingInput && !m_input->toPlainText().trimmed().isEmpty())
            setTokenText(m_input->toPlainText());
    });
    layout->addWidget(m_input);

    m_errorBanner = new QLabel(bar);
    m_errorBanner->setObjectName(QStringLiteral("errorBanner"));
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setTextFormat(Qt::PlainText);
    m_errorBanner->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(209,52,56,0.12); border: 1px solid rgba(209,52,56,0.5); "
                       "border-radius: 3px; padding: 6px; }"));
    m_errorBanner->hide();
    layout->addWidget(m_errorBanner);
    return bar;
}

QWidget *ClaimsPanel::buildSummary()
{
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    m_summaryTitle = new QLabel(card);
    m_summaryTitle->setObjectName(QStringLiteral("summaryTitle"));
    QFont big = m_summaryTitle->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_summaryTitle->setFont(big);
    m_summaryLine = new QLabel(card);
    m_summaryLine->setObjectName(QStringLiteral("summaryLine"));
    m_summaryLine->setWordWrap(true);
    m_summaryLine->setTextFormat(Qt::PlainText);
    m_summaryLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summaryTitle);
    layout->addWidget(m_summaryLine);
    return card;
}

QWidget *ClaimsPanel::buildTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("claimsTabs"));

    // Claims: the table, and the full explanation of the selected claim below it.
    auto *claims = new QWidget(m_tabs);
    auto *claimsLayout = new QVBoxLayout(claims);
    claimsLayout->setContentsMargins(6, 6, 6, 6);
    m_claimsView = new QTableView(claims);
    m_claimsView->setObjectName(QStringLiteral("claimsView"));
    m_claimsView->setModel(m_claimsModel);
    m_claimsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_claimsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_claimsView->setAlternatingRowColors(true);
    m_claimsView->setWordWrap(false);
    m_claimsView->setTextElideMode(Qt::ElideRight);
    m_claimsView->verticalHeader()->hide();
    m_claimsView->verticalHeader()->setDefaultSectionSize(m_claimsView->fontMetrics().height() + 10);
    m_claimsView->horizontalHeader()->setSectionResizeMode(ClaimsModel::ClaimColumn, QHeaderView::ResizeToContents);
    m_claimsView->horizontalHeader()->setSectionResizeMode(ClaimsModel::ValueColumn, QHeaderView::Stretch);
    m_claimsView->horizontalHeader()->setSectionResizeMode(ClaimsModel::MeaningColumn, QHeaderView::Interactive);
    m_claimsView->horizontalHeader()->resizeSection(ClaimsModel::MeaningColumn, 220);
    claimsLayout->addWidget(m_claimsView, 1);

    auto *detailRow = new QHBoxLayout;
    m_claimDetail = new QLabel(claims);
    m_claimDetail->setObjectName(QStringLiteral("claimDetail"));
    m_claimDetail->setWordWrap(true);
    m_claimDetail->setTextFormat(Qt::PlainText);
    m_claimDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_claimDetail->setMinimumHeight(m_claimDetail->fontMetrics().lineSpacing() * 4);
    m_claimDetail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    detailRow->addWidget(m_claimDetail, 1);
    auto *copyValue = copyButton(claims, QStringLiteral("Copy the selected claim's value (Ctrl+C)"));
    copyValue->setObjectName(QStringLiteral("copyValueButton"));
    connect(copyValue, &QToolButton::clicked, this, [this] {
        const QModelIndex current = m_claimsView->currentIndex();
        if (current.isValid())
            QApplication::clipboard()->setText(current.siblingAtColumn(0).data(ClaimsModel::RawValueRole).toString());
    });
    auto *copyShortcut = new QShortcut(QKeySequence::Copy, m_claimsView, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copyShortcut, &QShortcut::activated, copyValue, &QToolButton::click);
    detailRow->addWidget(copyValue, 0, Qt::AlignTop);
    claimsLayout->addLayout(detailRow);
    connect(m_claimsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (!current.isValid()) {
                m_claimDetail->setText(QStringLiteral("Select a claim to read what it means."));
                return;
            }
            const QString claim = current.siblingAtColumn(0).data(ClaimsModel::ClaimNameRole).toString();
            const std::optional<ClaimInfo> info = m_catalog.claim(claim);
            if (!info) {
                m_claimDetail->setText(
                    QStringLiteral("%1 is not an Entra access token claim the catalog knows: a custom or optional "
                                   "claim. Its value is shown as it is.")
                        .arg(claim));
                return;
            }
            QString detail
                = QStringLiteral("%1 (%2) \u00b7 %3\n%4")
                      .arg(info->name, claim,
                          info->version == QLatin1String("both") ? QStringLiteral("v1 and v2") : info->version,
                          info->explanation);
            if (!info->managedIdentity.isEmpty())
                detail += QStringLiteral("\nManaged identity: %1").arg(info->managedIdentity);
            m_claimDetail->setText(detail);
        });
    m_tabs->addTab(claims, QIcon(QStringLiteral(":/icons/claims.svg")), QStringLiteral("Claims"));

    // Header and payload as JSON, each with a copy button.
    auto *json = new QWidget(m_tabs);
    auto *jsonLayout = new QVBoxLayout(json);
    jsonLayout->setContentsMargins(6, 6, 6, 6);
    m_headerJson = jsonView(json, QStringLiteral("headerJson"));
    m_payloadJson = jsonView(json, QStringLiteral("payloadJson"));
    auto addJson = [&](const QString &title, QPlainTextEdit *view, int stretch) {
        auto *row = new QHBoxLayout;
        row->addWidget(sectionTitle(title, json), 1);
        auto *copy = copyButton(json, QStringLiteral("Copy the %1 as JSON").arg(title.toLower()));
        connect(copy, &QToolButton::clicked, view, [view] { QApplication::clipboard()->setText(view->toPlainText()); });
        row->addWidget(copy);
        jsonLayout->addLayout(row);
        jsonLayout->addWidget(view, stretch);
    };
    addJson(QStringLiteral("Header"), m_headerJson, 1);
    addJson(QStringLiteral("Payload"), m_payloadJson, 4);
    m_notes = new QLabel(json);
    m_notes->setObjectName(QStringLiteral("decodeNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    m_notes->setForegroundRole(QPalette::PlaceholderText);
    jsonLayout->addWidget(m_notes);
    m_tabs->addTab(json, QStringLiteral("Header && payload"));

    // Compare: another token, side by side.
    m_compare = new CompareTab(m_diffModel, m_tabs);
    m_tabs->addTab(m_compare, QStringLiteral("Compare"));
    return m_tabs;
}

QWidget *ClaimsPanel::buildSidebar()
{
    auto *side = new QWidget(this);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    // The verdict first: it is the answer people came for.
    m_verdictBanner = new VerdictBanner(side);
    layout->addWidget(m_verdictBanner);

    m_signature = new SignatureBox(side);
    connect(m_signature, &SignatureBox::verifyRequested, this, &ClaimsPanel::verifyByDiscovery);
    connect(m_signature, &SignatureBox::keyFileChosen, this, &ClaimsPanel::verifyWithKeyFile);
    layout->addWidget(m_signature);

    m_expectation = new ExpectationForm(side);
    connect(m_expectation, &ExpectationForm::changed, this, &ClaimsPanel::runDiagnosis);
    layout->addWidget(m_expectation);

    // Findings.
    auto *findings = new QGroupBox(QStringLiteral("Findings"), side);
    auto *findingsLayout = new QVBoxLayout(findings);
    // The sidebar scrolls already: the findings grow with their cards instead of scrolling inside it.
    m_findingsView = new FindingsView(findings, FindingsView::Fit::Grows);
    connect(m_findingsView, &FindingsView::actionTriggered, &m_session, &Session::perform);
    m_findingsView->setObjectName(QStringLiteral("findingsView"));
    findingsLayout->addWidget(m_findingsView);
    layout->addWidget(findings, 1);
    return side;
}

void ClaimsPanel::onSessionToken()
{
    const TokenResult &result = m_session.currentToken();
    if (!result.isValid())
        return;
    const DecodeResult decoded = decodeToken(result.accessToken);
    const QString source = result.sourceName.isEmpty() ? QStringLiteral("the current token") : result.sourceName;
    m_updatingInput = true;
    m_input->clear(); // the raw token is not shown again: it is a secret
    m_updatingInput = false;
    if (!decoded.ok()) {
        showDecodeError(QStringLiteral("The current token from %1 cannot be decoded: %2").arg(source, decoded.message));
        return;
    }
    showToken(decoded.token, QStringLiteral("Current token from %1").arg(source));
}

bool ClaimsPanel::setTokenText(const QString &text)
{
    const DecodeResult decoded = decodeToken(text);
    if (m_input->toPlainText() != text) {
        m_updatingInput = true;
        m_input->setPlainText(text);
        m_updatingInput = false;
    }
    if (!decoded.ok()) {
        showDecodeError(decoded.message);
        return false;
    }
    if (m_token && m_token->raw == decoded.token.raw) {
        m_decodeError.clear();
        m_errorBanner->hide();
        return true;
    }
    showToken(decoded.token, QStringLiteral("Pasted token"));
    return true;
}

bool ClaimsPanel::openTokenFile(const QString &path)
{
    const BoundedRead file = readBoundedFile(path, fileLimits::token);
    if (!file.ok()) {
        showDecodeError(file.error);
        return false;
    }
    const DecodeResult decoded = decodeToken(QString::fromUtf8(file.data));
    if (!decoded.ok()) {
        showDecodeError(QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), decoded.message));
        return false;
    }
    m_updatingInput = true;
    m_input->clear();
    m_updatingInput = false;
    showToken(decoded.token, QStringLiteral("Token file %1").arg(QFileInfo(path).fileName()));
    return true;
}

QString ClaimsPanel::errorText() const
{
    return m_decodeError;
}

void ClaimsPanel::showDecodeError(const QString &message)
{
    m_decodeError = message;
    m_errorBanner->setText(QStringLiteral("Not a readable token. %1").arg(message));
    m_errorBanner->show();
}

void ClaimsPanel::showToken(const DecodedToken &token, const QString &source)
{
    m_decodeError.clear();
    m_errorBanner->hide();
    ++m_verifyGeneration; // an answer for the previous token must not land on this one
    const bool has = !token.raw.isEmpty();
    if (has && m_token && m_token->raw != token.raw)
        m_previous = m_token;
    m_token = has ? std::optional<DecodedToken>(token) : std::nullopt;
    // A signature checked before (here, or for the same token elsewhere) keeps its verdict: one truth per token.
    if (m_token && !m_token->verification.isChecked())
        m_token->verification = m_session.signatureVerdictOf(m_token->raw);
    if (m_token && !m_token->verification.isChecked()) {
        // Forgeries that need no key to refuse are refused at once, before anyone presses Verify.
        if (std::optional<SignatureVerdict> refused = screenSignature(*m_token))
            m_token->verification = *refused;
    }
    m_source = source;

    m_exportButton->setEnabled(has);
    if (!has) {
        m_sourceLabel->setText(
            QStringLiteral("No token yet. Get one on the Token tab, paste one below (Ctrl+Shift+V) or drop a file."));
        m_summaryTitle->setText(QStringLiteral("Decode, verify and explain a token"));
        m_summaryLine->setText(
            QStringLiteral("Everything here happens on this machine: decoding never sends the token anywhere. "
                           "Checking the signature contacts the token's issuer only when you press Verify signature."));
        m_claimDetail->setText(QStringLiteral("Select a claim to read what it means."));
        m_claimsModel->clear();
        m_times->clear();
        m_times->hide();
        m_headerJson->clear();
        m_payloadJson->clear();
        m_notes->clear();
    } else {
        m_sourceLabel->setText(QStringLiteral("%1  \u00b7  %2").arg(source, redaction::maskToken(token.raw)));
        const QString kind = token.isAppOnly() ? QStringLiteral("app-only") : QStringLiteral("user (delegated)");
        m_summaryTitle->setText(
            QStringLiteral("%1 %2 access token")
                .arg(token.version ? QStringLiteral("v%1.0").arg(token.version) : QStringLiteral("JWT"), kind));
        QStringList facts;
        if (!token.audience().isEmpty())
            facts << QStringLiteral("for %1").arg(token.audience());
        if (!token.clientId().isEmpty()) {
            const ObjectName *name = m_session.objectNames().find(token.clientId());
            facts << (name ? QStringLiteral("caller %1 (%2)").arg(name->name, token.clientId())
                           : QStringLiteral("caller %1").arg(token.clientId()));
        }
        if (!token.roles().isEmpty())
            facts << QStringLiteral("roles %1").arg(token.roles().join(QStringLiteral(", ")));
        else if (token.isAppOnly())
            facts << QStringLiteral("no roles");
        if (!token.issuer().isEmpty())
            facts << QStringLiteral("issued by %1").arg(token.issuer());
        m_summaryLine->setText(facts.join(QStringLiteral("  \u00b7  ")));
        m_claimsModel->setNow(m_clock());
        m_claimsModel->setToken(token);
        m_times->setToken(token);
        m_times->show();
        m_headerJson->setPlainText(orderedJson(token.header, token.headerOrder));
        m_payloadJson->setPlainText(orderedJson(token.claims, token.claimOrder));
        m_notes->setText(token.notes.join(u'\n'));
        if (m_claimsModel->rowCount() > 0)
            m_claimsView->setCurrentIndex(m_claimsModel->index(0, 0));
    }
    updateSignatureBox();
    m_compare->setTokens(m_token, m_previous);
    runDiagnosis();
}

void ClaimsPanel::verifyByDiscovery()
{
    if (!m_token)
        return;
    const int generation = ++m_verifyGeneration;
    m_signature->showVerifying();
    m_resolver->resolveForToken(*m_token, this, [this, generation](const KeyResolution &resolution) {
        if (generation != m_verifyGeneration)
            return;
        applyVerification(resolution);
    });
}

void ClaimsPanel::verifyWithKeyFile(const QString &path)
{
    if (!m_token)
        return;
    ++m_verifyGeneration;
    applyVerification(KeyResolver::loadFile(path));
}

void ClaimsPanel::applyVerification(const KeyResolution &resolution)
{
    if (!m_token)
        return;
    m_token->verification = verifyWithResolution(*m_token, resolution);
    updateSignatureBox();
    // Recorded in the session: Test call and idex read the same verdict (diagnosisChanged re-runs this panel too).
    m_session.recordSignatureVerdict(m_token->raw, m_token->verification);
    runDiagnosis();
}

void ClaimsPanel::updateSignatureBox()
{
    m_signature->showToken(token());
}

Expectation ClaimsPanel::expectation() const
{
    return m_expectation->expectation();
}

void ClaimsPanel::setExpectation(const Expectation &e)
{
    m_expectation->setExpectation(e); // changed() runs the diagnosis
}

void ClaimsPanel::runDiagnosis()
{
    if (!m_token) {
        m_findings.clear();
        m_verdict = {};
        m_verdictBanner->clear();
        m_findingsView->setEmptyText(
            QStringLiteral("Findings appear here once a token is decoded."), QStringLiteral(":/icons/info.svg"));
        m_findingsView->setFindings({});
        return;
    }
    // The session's one diagnosis (its directory, emulator runs and recorded verdicts), with this panel's expectation.
    const Expectation expected = expectation();
    m_findings = m_session.diagnoseToken(m_token->raw, expected);
    m_verdict = tokenVerdict(*m_token, m_findings);
    m_verdictBanner->setVerdict(m_verdict);
    m_findingsView->setEmptyText(
        expected.isEmpty() ? QStringLiteral(
            "No problem found in the token itself. Fill in what the API expects to check audience, issuer and roles.")
                           : QStringLiteral("No problem found: the token matches what the API expects."));
    m_findingsView->setNames(m_session.objectNames());
    m_findingsView->setFindings(m_findings);
}

bool ClaimsPanel::setCompareText(const QString &text)
{
    return m_compare->setOtherText(text);
}

void ClaimsPanel::refreshPresets()
{
    QList<ExpectationForm::Preset> presets;
    if (!m_session.currentExpectation().isEmpty())
        presets.append({ QStringLiteral("API under test (Test call tab)"), m_session.currentExpectation() });
    for (const ProtectedApi &api : m_session.scenarioOffer().apis) {
        Expectation e = expectationOf(api);
        e.appOnly = true; // a managed identity's token
        presets.append({ QStringLiteral("%1 (%2)").arg(api.name, api.url.path()), e });
    }
    m_expectation->setPresets(presets);
}

void ClaimsPanel::refreshObjectNames()
{
    // GUIDs of the token named after the objects the session knows: the loaded directory's, the scenario's.
    m_claimsModel->setObjectNames(m_session.objectNames());
}

QString ClaimsPanel::exportText(ReportFormat format, bool includeRawToken) const
{
    if (!m_token)
        return {};
    ReportOptions options;
    options.includeRawToken = includeRawToken;
    QString text = claimsReport(*m_token, m_catalog, format, options);
    if (format == ReportFormat::Markdown && !m_findings.isEmpty())
        text += QStringLiteral("\n## Findings\n\n") + findingsToMarkdown(m_findings);
    return text;
}

void ClaimsPanel::copyReport(ReportFormat format)
{
    if (m_token)
        QApplication::clipboard()->setText(exportText(format));
}

void ClaimsPanel::exportToFile(ReportFormat format)
{
    if (!m_token)
        return;
    const bool json = format == ReportFormat::Json;
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save claims"),
        json ? QStringLiteral("claims.json") : QStringLiteral("claims.md"),
        json ? QStringLiteral("JSON (*.json)") : QStringLiteral("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveReport(path, format, &error))
        QMessageBox::warning(this, QStringLiteral("Save claims"), error);
}

bool ClaimsPanel::saveReport(const QString &path, ReportFormat format, QString *error) const
{
    if (!m_token) {
        if (error)
            *error = QStringLiteral("No token to save: decode one first.");
        return false;
    }
    QFile file(path);
    // The export masks the raw token: a file on disk must never hold a usable token.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(exportText(format).toUtf8()) < 0) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ClaimsPanel::copyRawToken()
{
    if (!m_token)
        return;
    const auto answer = QMessageBox::question(this, QStringLiteral("Copy the raw token"),
        QStringLiteral("The raw token is a secret: anyone holding it can call the API as this identity "
                       "until it expires. Copy it to the clipboard?"));
    if (answer == QMessageBox::Yes)
        copySecretToClipboard(m_token->raw);
}

void ClaimsPanel::openTokenFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open token file"), {},
        QStringLiteral("Tokens (*.jwt *.txt *.json *.token);;All files (*)"));
    if (!path.isEmpty())
        openTokenFile(path);
}

void ClaimsPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void ClaimsPanel::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().first().isLocalFile()) {
        openTokenFile(mime->urls().first().toLocalFile());
        event->acceptProposedAction();
    } else if (mime->hasText()) {
        setTokenText(mime->text());
        event->acceptProposedAction();
    }
}

} // namespace idex::ui
