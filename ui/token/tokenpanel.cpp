// Over 500 lines (~670): the request form and the request flow (cache, retries, busy state); the cards are
// token/tokenresultcard and token/tokenfailurecard, the identity picker token/identitypicker.
#include "tokenpanel.h"

#include "diagnose/lessonlinks.h"
#include "emulator/emulator.h"
#include "identity/autosource.h"
#include "identity/resourcepresets.h"
#include "identity/sourcecatalog.h"
#include "identity/tokenrequest.h"
#include "identity/tokensource.h"
#include "net/boundedfile.h"
#include "net/redaction.h"
#include "session/identitychoices.h"
#include "session/scenariooffer.h"
#include "session/session.h"
#include "session/tokenfreshness.h"
#include "token/identitypicker.h"
#include "token/tokenfailurecard.h"
#include "token/tokenresultcard.h"
#include "widgets/labels.h"
#include "widgets/reflow.h"
#include "widgets/secretclipboard.h"
#include "widgets/statuscard.h"
#include "widgets/transcriptview.h"
#include "window/uizoom.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

constexpr int kResourceRole = Qt::UserRole + 1;

/*! "\nThe emulator's scenario "seed" exposes: api://aad-func (aad-func), ...": each app's first App ID URI, or
    nothing when no emulator runs. */
QString resourcesOffered(const ScenarioOffer &offer)
{
    QStringList known;
    QStringList apps;
    for (const ScenarioOffer::Resource &resource : offer.resources) {
        if (apps.contains(resource.appName))
            continue;
        apps << resource.appName;
        known << QStringLiteral("%1 (%2)").arg(resource.resource, resource.appName);
    }
    if (known.isEmpty())
        return {};
    return QStringLiteral("\nThe emulator's scenario \"%1\" exposes: %2.")
        .arg(offer.scenarioName, known.join(QStringLiteral(", ")));
}

} // namespace

TokenPanel::TokenPanel(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("tokenPanel"));
    // The request beside the result; above it when the panel is narrow (presenter mode at 1280x720).
    auto *splitter = new ReflowSplitter(this);
    splitter->setChildrenCollapsible(false);
    splitter->setMainPane(1);
    splitter->addWidget(createRequestForm());
    splitter->addWidget(createResultArea());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 430, 850 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(splitter);

    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, [this] {
        updateRetryCountdown();
        updateExpiry();
    });
    m_ticker->start();

    // A token made current by someone else (a lesson, a pasted token in another panel) is the one shown here too.
    connect(&m_session, &Session::currentTokenChanged, this, [this](const TokenResult &token) {
        if (token.isValid() && token.accessToken != m_shown.accessToken)
            renderResult(token, TokenResult());
    });

    // Findings' actions that need a token: for the audience the API wants, or brand-new past every cache.
    connect(&m_session, &Session::actionRequested, this, [this](const FindingAction &action) {
        if (action.kind != FindingAction::Kind::GetToken && action.kind != FindingAction::Kind::FlushAndRefresh)
            return;
        const QString resource = action.parameters.value(QStringLiteral("resource"));
        if (!resource.isEmpty())
            m_resourceCombo->setCurrentText(resource);
        getToken(action.kind == FindingAction::Kind::FlushAndRefresh);
    });
    // User-assigned identities by name: the scenario's and the loaded directory's.
    const auto offerIdentities = [this] { m_identityPicker->setChoices(identityChoicesOf(m_session)); };
    connect(&m_session, &Session::directoryChanged, this, offerIdentities);
    connect(&m_session, &Session::emulatorChanged, this, offerIdentities);
    offerIdentities();
    connect(&m_session, &Session::emulatorChanged, this, [this] {
        updateResourcePresets();
        updateSourceDetails();
    });
    connect(&m_session, &Session::emulatorUrlChanged, this, &TokenPanel::updateSourceDetails);

    updateResourcePresets();
    updateSourceDetails();
    updateIdentityHint();
    updateBusy(false);
}

TokenPanel::~TokenPanel()
{
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
        m_source->cancel();
    }
}

QWidget *TokenPanel::createRequestForm()
{
    auto *box = new QGroupBox(QStringLiteral("Request"));
    // A grid, not a QFormLayout: Qt 6.4's QFormLayout corrupts memory in heightForWidth once rows are hidden.
    auto *form = new QGridLayout;
    m_form = form;
    form->setColumnStretch(1, 1);
    form->setVerticalSpacing(8);
    form->setHorizontalSpacing(10);

    m_sourceCombo = new QComboBox(box);
    m_sourceCombo->setObjectName(QStringLiteral("sourceCombo"));
    // A width of its own, not its longest item's: a combo measured with its items keeps that width (Qt does not
    // measure it again when items change), which held the form wide.
    m_sourceCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sourceCombo->setMinimumContentsLength(16);
    for (const SourceInfo &info : sourceCatalog())
        m_sourceCombo->addItem(info.name, info.id);
    m_sourceCombo->setItemIcon(0, QIcon(QStringLiteral(":/icons/emulator.svg")));
    m_sourceHelp = hintLabel(box, QStringLiteral("sourceHelp"));
    addRow(form, QStringLiteral("&Source:"), m_sourceCombo);
    addRow(form, QString(), m_sourceHelp);

    m_identityPicker = new IdentityPicker(box);
    m_identityKind = m_identityPicker->kindCombo();
    m_identityHint = hintLabel(box, QStringLiteral("identityHint"));
    addRow(form, QStringLiteral("&Identity:"), m_identityPicker);
    addRow(form, QString(), m_identityHint);

    m_resourceCombo = new QComboBox(box);
    m_resourceCombo->setObjectName(QStringLiteral("resourceCombo"));
    m_resourceCombo->setEditable(true);
    m_resourceCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_resourceCombo->setMinimumContentsLength(16);
    m_resourceCombo->setInsertPolicy(QComboBox::NoInsert);
    m_resourceCombo->lineEdit()->setPlaceholderText(
        QStringLiteral("https://management.azure.com/ or api://…/.default"));
    m_resourceCombo->setToolTip(QStringLiteral("The audience of the token: a resource, or one scope ending in "
                                               "/.default (turned into a resource like the SDKs do)."));
    // Items read "Name — URI"; choosing one puts only the URI in the field.
    connect(m_resourceCombo, &QComboBox::activated, this, [this](int index) {
        const QString resource = m_resourceCombo->itemData(index, kResourceRole).toString();
        if (!resource.isEmpty())
            m_resourceCombo->setEditText(resource);
    });
    addRow(form, QStringLiteral("&Resource:"), m_resourceCombo);
    m_resourceHint = hintLabel(box, QStringLiteral("resourceHint"));
    m_resourceHint->setTextFormat(Qt::PlainText);
    addRow(form, QString(), m_resourceHint);
    connect(m_resourceCombo, &QComboBox::editTextChanged, this, &TokenPanel::updateResourceHint);

    m_endpointEdit = new QLineEdit(box);
    m_endpointEdit->setObjectName(QStringLiteral("endpointEdit"));
    m_endpointEdit->setClearButtonEnabled(true);
    m_endpointEdit->setToolTip(QStringLiteral("Overrides the endpoint the source would use (IMDS: a base URL)."));
    addRow(form, QStringLiteral("&Endpoint:"), m_endpointEdit);

    m_secretEdit = new QLineEdit(box);
    UiZoom::markSecret(m_secretEdit);
    m_secretEdit->setObjectName(QStringLiteral("secretEdit"));
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setClearButtonEnabled(true);
    m_secretLabel = addRow(form, QStringLiteral("Se&cret:"), m_secretEdit);

    m_useEmulator = new QCheckBox(QStringLiteral("Against the built-in emulator"), box);
    m_useEmulator->setObjectName(QStringLiteral("useEmulatorCheck"));
    m_useEmulator->setToolTip(QStringLiteral("Use the environment variables the emulator publishes for this protocol "
                                             "instead of this machine's."));
    addRow(form, QString(), m_useEmulator);

    m_pastedBox = new QWidget(box);
    auto *pastedLayout = new QVBoxLayout(m_pastedBox);
    pastedLayout->setContentsMargins(0, 0, 0, 0);
    m_pastedEdit = new QPlainTextEdit(m_pastedBox);
    UiZoom::markSecret(m_pastedEdit); // a pasted raw token: veiled in presenter mode
    m_pastedEdit->setObjectName(QStringLiteral("pastedEdit"));
    m_pastedEdit->setPlaceholderText(QStringLiteral("Paste an access token (eyJ…), with or without \"Bearer \""));
    m_pastedEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pastedEdit->setMaximumHeight(110);
    auto *open = new QPushButton(QStringLiteral("&Open file…"), m_pastedBox);
    open->setObjectName(QStringLiteral("openTokenFileButton"));
    connect(open, &QPushButton::clicked, this, &TokenPanel::openTokenFile);
    pastedLayout->addWidget(m_pastedEdit);
    pastedLayout->addWidget(open, 0, Qt::AlignLeft);
    addRow(form, QStringLiteral("To&ken:"), m_pastedBox);

    m_getButton = new QPushButton(QIcon(QStringLiteral(":/icons/token.svg")), QStringLiteral("&Get token"), box);
    m_getButton->setObjectName(QStringLiteral("getTokenButton"));
    m_getButton->setDefault(true);
    m_getButton->setToolTip(
        QStringLiteral("Get a token (Ctrl+Enter); answered from the in-memory cache when still valid"));
    m_refreshButton = new QPushButton(QStringLiteral("Force &refresh"), box);
    m_refreshButton->setObjectName(QStringLiteral("forceRefreshButton"));
    m_refreshButton->setToolTip(QStringLiteral("Ask the endpoint again, ignoring the cache (Ctrl+Shift+Enter)"));
    m_cancelButton = new QPushButton(QStringLiteral("Cancel"), box);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(QStringLiteral("Stop the request and any pending retry (Esc)"));
    connect(m_getButton, &QPushButton::clicked, this, [this] { getToken(false); });
    connect(m_refreshButton, &QPushButton::clicked, this, [this] { getToken(true); });
    connect(m_cancelButton, &QPushButton::clicked, this, &TokenPanel::cancel);
    for (const QKeySequence &keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto *shortcut = new QShortcut(keys, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this] { getToken(false); });
    }
    auto *refreshShortcut = new QShortcut(
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(refreshShortcut, &QShortcut::activated, this, [this] { getToken(true); });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &TokenPanel::cancel);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_getButton);
    buttons->addWidget(m_refreshButton);
    buttons->addStretch(1);
    buttons->addWidget(m_cancelButton);

    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_status = hintLabel(box, QStringLiteral("statusLabel"));
    m_status->setTextFormat(Qt::PlainText);

    auto *outer = new QVBoxLayout(box);
    outer->addLayout(form);
    outer->addSpacing(6);
    outer->addLayout(buttons);
    outer->addWidget(m_progress);
    outer->addWidget(m_status);
    outer->addStretch(1);

    connect(m_sourceCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateSourceDetails();
        updateIdentityHint();
    });
    connect(m_identityKind, &QComboBox::currentIndexChanged, this, &TokenPanel::updateIdentityHint);
    connect(m_useEmulator, &QCheckBox::toggled, this, &TokenPanel::updateSourceDetails);

    // Up and down only: as wide as the form needs, so a narrow panel stacks the form over the result instead.
    auto *scroll = new VerticalScrollArea;
    scroll->setWidget(box);
    return scroll;
}

QWidget *TokenPanel::createResultArea()
{
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(8, 0, 0, 0);
    m_cards = new QStackedWidget(area);
    m_cards->setObjectName(QStringLiteral("resultCards"));
    m_emptyCard = createEmptyCard();
    m_resultCard = new TokenResultCard;
    m_failureCard = new TokenFailureCard;
    connect(m_resultCard, &TokenResultCard::copyTokenRequested, this, &TokenPanel::copyToken);
    connect(m_resultCard, &TokenResultCard::bypassCachesRequested, this, [this] {
        m_session.perform(FindingAction { FindingAction::Kind::FlushAndRefresh, QStringLiteral("Bypass both caches"),
            { { QStringLiteral("resource"), m_shown.resource } }, {} });
    });
    // "Open the lesson for this failure" and whatever else applies: the session hands it to whoever carries it out.
    connect(m_failureCard, &TokenFailureCard::actionTriggered, &m_session, &Session::perform);
    m_cards->addWidget(m_emptyCard);
    m_cards->addWidget(m_resultCard);
    m_cards->addWidget(m_failureCard);
    m_cards->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    // A stack is as tall as its tallest page; only the page shown should count, so the short cards stay short.
    connect(m_cards, &QStackedWidget::currentChanged, this, [this](int current) {
        for (int i = 0; i < m_cards->count(); ++i)
            m_cards->widget(i)->setSizePolicy(
                QSizePolicy::Preferred, i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored);
        m_cards->updateGeometry();
    });
    m_resultCard->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_failureCard->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_transcript = new TranscriptView(area);
    layout->addWidget(m_cards);
    layout->addSpacing(6);
    layout->addWidget(m_transcript, 1);
    return area;
}

QFrame *TokenPanel::createEmptyCard()
{
    auto *card = new StatusCard(QStringLiteral("emptyCard"), StatusCard::Tone::Neutral);
    m_emptyText = new QLabel(card);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setWordWrap(true);
    m_emptyText->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_emptyText->setText(QStringLiteral("<b>No token yet.</b><br>Pick a source, an identity and a resource, then press "
                                        "<b>Get token</b> (Ctrl+Enter). Every request and answer appears below, with "
                                        "secrets redacted."));
    card->body()->addWidget(m_emptyText, 1, Qt::AlignTop);
    return card;
}

QLabel *TokenPanel::addRow(QGridLayout *grid, const QString &label, QWidget *field)
{
    const int row = grid->count() == 0 ? 0 : grid->rowCount();
    QLabel *caption = nullptr;
    if (!label.isEmpty()) {
        caption = new QLabel(label, field->parentWidget());
        caption->setBuddy(field);
        caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(caption, row, 0);
        m_rowLabels.insert(field, caption);
    }
    grid->addWidget(field, row, 1);
    return caption;
}

void TokenPanel::setRowVisible(QWidget *field, bool visible)
{
    field->setVisible(visible);
    if (QLabel *label = m_rowLabels.value(field))
        label->setVisible(visible);
}

QString TokenPanel::currentSourceId() const
{
    return m_sourceCombo->currentData().toString();
}

SourceConfig TokenPanel::buildConfig() const
{
    SourceConfig config;
    const QString id = currentSourceId();
    const emulator::Emulator *emulator = m_session.emulator();
    if (m_useEmulator->isVisibleTo(this) && m_useEmulator->isChecked() && emulator) {
        config.environment = environmentFrom(emulator->environment(emulatorProtocol(id)));
        config.arcKeyDirectory = QFileInfo(emulator->arcKeyFilePath()).absolutePath();
    }
    const QString endpoint = m_endpointEdit->text().trimmed();
    if (!endpoint.isEmpty())
        config.endpoint = QUrl(endpoint, QUrl::StrictMode);
    else if (id == QLatin1String("emulator"))
        config.endpoint = m_session.emulatorUrl();
    config.secret = m_secretEdit->text().toUtf8();
    config.pastedToken = m_pastedEdit->toPlainText();
    config.retryTimeScale = m_retryTimeScale;
    return config;
}

TokenRequest TokenPanel::buildRequest() const
{
    TokenRequest request;
    request.resource = m_resourceCombo->currentText().trimmed();
    request.identity = m_identityPicker->selector();
    return request;
}

void TokenPanel::updateSourceDetails()
{
    const QString id = currentSourceId();
    const SourceInfo info = sourceInfo(id);
    const bool emulatorAvailable = m_session.emulator() != nullptr;
    const bool canUseEmulator = emulatorAvailable && !emulatorProtocol(id).isEmpty() && id != QLatin1String("emulator");
    setRowVisible(m_useEmulator, canUseEmulator);

    QString help = info.explanation.toHtmlEscaped();
    HttpClient scratch;
    std::unique_ptr<TokenSource> probe(createSource(id, scratch, buildConfig()));
    if (auto *autoSource = qobject_cast<AutoSource *>(probe.get())) {
        const EnvironmentDetection detection = autoSource->detection();
        help += QStringLiteral("<br><b>Detected:</b> %1").arg(sourceInfo(detection.sourceId).name.toHtmlEscaped());
        help += QStringLiteral("<br>%1").arg(detection.reason.toHtmlEscaped());
        for (const QString &variable : detection.decidingVariables)
            help += QStringLiteral("<br>&nbsp;&nbsp;<tt>%1</tt>").arg(variable.toHtmlEscaped());
    }
    if (id == QLatin1String("emulator") && m_session.emulatorUrl().isEmpty())
        help += QStringLiteral("<br><b>The emulator is not running.</b>");
    m_sourceHelp->setText(help);

    // The placeholder shows where the request would go without an override; showing it sends nothing.
    const QUrl endpoint = probe ? probe->endpoint() : QUrl();
    const bool takesEndpoint
        = id != QLatin1String("pasted") && id != QLatin1String("azcli") && id != QLatin1String("auto");
    m_endpointEdit->setEnabled(takesEndpoint);
    m_endpointEdit->setPlaceholderText(!takesEndpoint ? QStringLiteral("(not applicable)")
            : endpoint.isEmpty()                      ? QStringLiteral("(not set in this environment)")
                                                      : endpoint.toString());
    const bool secret = id == QLatin1String("appservice") || id == QLatin1String("appservice2017")
        || id == QLatin1String("azureml") || id == QLatin1String("servicefabric");
    setRowVisible(m_secretEdit, secret);
    m_secretEdit->setPlaceholderText(id == QLatin1String("appservice") || id == QLatin1String("servicefabric")
            ? QStringLiteral("IDENTITY_HEADER (from the environment when empty)")
            : QStringLiteral("MSI_SECRET (from the environment when empty)"));
    setRowVisible(m_pastedBox, id == QLatin1String("pasted"));
    m_resourceCombo->setEnabled(!probe || probe->needsResource());
    m_identityPicker->setEnabled(id != QLatin1String("pasted"));

    QString active = info.name;
    if (id == QLatin1String("emulator") && !m_session.emulatorUrl().isEmpty())
        active = QStringLiteral("Emulator on %1").arg(m_session.emulatorUrl().authority());
    else if (m_useEmulator->isVisibleTo(this) && m_useEmulator->isChecked())
        active += QStringLiteral(" (via the emulator)");
    m_session.setActiveSource(active);
    updateIdentityHint();
}

void TokenPanel::updateIdentityHint()
{
    const auto kind = IdentitySelector::Kind(m_identityKind->currentData().toInt());
    HttpClient scratch;
    std::unique_ptr<TokenSource> probe(createSource(currentSourceId(), scratch, SourceConfig {}));
    const QString refusal = probe ? probe->refusal(IdentitySelector { kind, QStringLiteral("x") }) : QString();
    m_identityHint->setText(refusal.isEmpty()
            ? QString()
            : QStringLiteral("<span style='color:#a34d00'>%1</span>").arg(refusal.toHtmlEscaped()));
    setRowVisible(m_identityHint, !refusal.isEmpty());
}

void TokenPanel::updateResourcePresets()
{
    const QString current = m_resourceCombo->currentText();
    m_resourceCombo->clear();
    QString defaultResource = QStringLiteral("https://management.azure.com/");
    // The emulator's scenario first (its APIs by name), then the well-known Azure resources.
    const ScenarioOffer &offer = m_session.scenarioOffer();
    for (const ScenarioOffer::Resource &resource : offer.resources) {
        m_resourceCombo->addItem(QStringLiteral("%1 — %2").arg(resource.appName, resource.resource));
        m_resourceCombo->setItemData(m_resourceCombo->count() - 1, resource.resource, kResourceRole);
        m_resourceCombo->setItemData(m_resourceCombo->count() - 1,
            QStringLiteral("An API of the scenario \"%1\"").arg(offer.scenarioName), Qt::ToolTipRole);
    }
    if (!offer.defaultResource.isEmpty())
        defaultResource = offer.defaultResource;
    if (m_resourceCombo->count() > 0)
        m_resourceCombo->insertSeparator(m_resourceCombo->count());
    for (const ResourcePreset &preset : wellKnownResources()) {
        m_resourceCombo->addItem(QStringLiteral("%1 — %2").arg(preset.name, preset.resource));
        m_resourceCombo->setItemData(m_resourceCombo->count() - 1, preset.resource, kResourceRole);
    }
    const bool untouched = current.isEmpty() || current.contains(QStringLiteral(" — ")) || current == m_defaultResource;
    m_resourceCombo->setEditText(untouched ? defaultResource : current);
    m_defaultResource = defaultResource;
    updateResourceHint();
}

void TokenPanel::updateResourceHint()
{
    const QString text = m_resourceCombo->currentText().trimmed();
    QString error;
    const QString resource = scopeToResource(text, &error);
    QString hint;
    for (int i = 0; i < m_resourceCombo->count(); ++i) {
        const QString preset = m_resourceCombo->itemData(i, kResourceRole).toString();
        if (!preset.isEmpty() && preset.compare(resource, Qt::CaseInsensitive) == 0) {
            hint = m_resourceCombo->itemText(i).section(QStringLiteral(" — "), 0, 0);
            break;
        }
    }
    if (!text.isEmpty() && resource.isEmpty())
        hint = error;
    else if (resource != text)
        hint = QStringLiteral("Scope: the token is asked for the resource %1").arg(resource)
            + (hint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(hint));
    m_resourceHint->setText(hint);
    setRowVisible(m_resourceHint, !hint.isEmpty());
}

void TokenPanel::getToken(bool forceRefresh)
{
    if (isBusy())
        return;
    const QString id = currentSourceId();
    const SourceConfig config = buildConfig();
    const TokenRequest request = buildRequest();
    if (!m_endpointEdit->text().trimmed().isEmpty()
        && (!config.endpoint.isValid() || config.endpoint.host().isEmpty())) {
        TokenFailure failure;
        failure.code = QStringLiteral("bad-endpoint");
        failure.title = QStringLiteral("The endpoint is not a valid URL");
        failure.detail = m_endpointEdit->text();
        failure.fix = QStringLiteral("Write an absolute URL such as http://127.0.0.1:8080 or leave the field empty.");
        failure.sourceId = id;
        showFailure(failure);
        return;
    }

    delete m_source;
    m_source = createSource(id, m_session.http(), config, this);
    if (!m_source)
        return;
    m_transcript->clear();

    m_pendingCacheKey = id == QLatin1String("pasted")
        ? QString()
        : TokenCache::key(id, m_source->endpoint().toString(), request.identity, request.resource);
    // What the same request gave before: a forced refresh that brings it back was answered by the endpoint's cache.
    m_previousForRequest = m_pendingCacheKey.isEmpty() ? TokenResult() : m_cache.lookup(m_pendingCacheKey);
    if (!forceRefresh && !m_pendingCacheKey.isEmpty()) {
        const TokenResult cached = m_cache.lookup(m_pendingCacheKey);
        if (cached.isValid()) {
            showResult(cached);
            m_status->setText(
                QStringLiteral("Answered from the in-memory cache. Force refresh asks the endpoint again."));
            return;
        }
    }

    connect(m_source, &TokenSource::attempted, this,
        [this](const HttpExchange &exchange) { m_transcript->appendExchange(exchange); });
    connect(m_source, &TokenSource::retryScheduled, this, [this](int, qint64 delayMs, const QString &reason) {
        m_retryAt = QDateTime::currentDateTimeUtc().addMSecs(delayMs);
        m_retryReason = reason;
        updateRetryCountdown();
    });
    connect(m_source, &TokenSource::succeeded, this, [this](const TokenResult &token) {
        if (!m_pendingCacheKey.isEmpty())
            m_cache.insert(m_pendingCacheKey, token);
        showResult(token);
    });
    connect(m_source, &TokenSource::failed, this, &TokenPanel::showFailure);
    updateBusy(true, QStringLiteral("Asking %1…").arg(m_source->displayName()));
    const QString where = m_source->endpoint().toString(QUrl::RemoveQuery);
    m_emptyText->setText(
        QStringLiteral("<b>Waiting for %1…</b><br>%2Esc or Cancel stops the request and any retry.")
            .arg(m_source->displayName().toHtmlEscaped(),
                where.isEmpty() ? QString() : QStringLiteral("<tt>%1</tt><br>").arg(where.toHtmlEscaped())));
    m_cards->setCurrentWidget(m_emptyCard);
    m_source->start(request);
}

void TokenPanel::cancel()
{
    if (m_source && m_source->isRunning())
        m_source->cancel();
}

bool TokenPanel::isBusy() const
{
    return m_source && m_source->isRunning();
}

void TokenPanel::updateBusy(bool busy, const QString &status)
{
    m_getButton->setEnabled(!busy);
    m_refreshButton->setEnabled(!busy);
    m_cancelButton->setEnabled(busy);
    m_progress->setVisible(busy);
    m_status->setText(status);
    if (!busy)
        m_retryAt = {};
}

void TokenPanel::updateRetryCountdown()
{
    if (!m_retryAt.isValid() || !isBusy())
        return;
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(m_retryAt);
    if (ms <= 0) {
        m_status->setText(QStringLiteral("Retrying… (%1)").arg(m_retryReason));
        return;
    }
    m_status->setText(QStringLiteral("Next attempt in %1 s — %2. Cancel stops waiting.")
                          .arg(double(ms) / 1000.0, 0, 'f', 1)
                          .arg(m_retryReason));
}

void TokenPanel::updateExpiry()
{
    if (m_cards->currentWidget() == m_resultCard && m_shown.isValid())
        m_resultCard->updateExpiry(QDateTime::currentDateTimeUtc());
}

void TokenPanel::showResult(const TokenResult &token)
{
    renderResult(token, token.fromCache ? TokenResult() : m_previousForRequest);
    m_session.setCurrentToken(token);
    m_session.rememberToken(token);
    Q_EMIT tokenObtained(token);
}

void TokenPanel::renderResult(const TokenResult &token, const TokenResult &previous)
{
    updateBusy(false, QStringLiteral("Token received from %1.").arg(token.sourceName));
    m_shown = token;
    const TokenFreshness freshness = freshnessOf(token, previous);
    const bool viaEmulator = m_session.emulator() && m_session.emulatorRun().isValid()
        && QUrl(token.endpoint).port() == m_session.emulatorUrl().port();
    m_resultCard->setToken(token, m_session.objectNames(), freshness,
        viaEmulator && freshness.kind == TokenFreshness::Kind::EndpointCache);
    m_cards->setCurrentWidget(m_resultCard);
    m_transcript->setTranscript(token.transcript);
    if (token.fromCache)
        m_transcript->appendNote(QStringLiteral("answered from the in-memory cache: the transcript is the one that "
                                                "obtained this token at %1")
                                     .arg(token.obtainedAt.toString(Qt::ISODate)));
    updateExpiry();
}

void TokenPanel::showFailure(const TokenFailure &failure)
{
    updateBusy(
        false, failure.isCanceled() ? QStringLiteral("Canceled.") : QStringLiteral("No token: %1").arg(failure.title));
    QString fix = failure.fix.isEmpty() ? QStringLiteral("Nothing to fix: press Get token to try again.") : failure.fix;
    // Against the emulator the valid audiences are known: name them, as a trainer would.
    const bool viaEmulator = failure.sourceId == QLatin1String("emulator")
        || (m_useEmulator->isVisibleTo(this) && m_useEmulator->isChecked());
    if (failure.code == QLatin1String("unknown-resource") && viaEmulator)
        fix += resourcesOffered(m_session.scenarioOffer());
    m_failureCard->setFailure(failure, fix, tokenFailureActions(failure));
    m_cards->setCurrentWidget(m_failureCard);
    m_transcript->setTranscript(failure.transcript);
    m_session.reportTokenFailure(failure.code, redaction::redactText(failure.title));
    Q_EMIT tokenFailed(failure);
}

void TokenPanel::openTokenFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open a token"), QString(), QStringLiteral("Tokens (*.jwt *.txt *.token);;All files (*)"));
    if (path.isEmpty())
        return;
    // A token is a few kilobytes; a huge file, a FIFO or a device is a wrong pick, not a token.
    const BoundedRead file = readBoundedFile(path, fileLimits::token);
    if (!file.ok()) {
        m_status->setText(file.error);
        return;
    }
    m_pastedEdit->setPlainText(QString::fromUtf8(file.data));
}

void TokenPanel::copyToken()
{
    // The only place the raw token leaves the app, and only on this explicit click.
    if (m_shown.isValid()) {
        copySecretToClipboard(m_shown.accessToken);
        m_status->setText(QStringLiteral("Raw token copied to the clipboard (marked as a secret for clipboard "
                                         "managers)."));
    }
}

} // namespace idex::ui
