#include "callpanel.h"

#include "call/authorizationpicker.h"
#include "call/callanalysis.h"
#include "call/clientprincipal.h"
#include "call/requesteditor.h"
#include "call/requestexport.h"
#include "call/requestlist.h"
#include "call/responseview.h"
#include "call/testcall.h"
#include "diagnose/diagnosis.h"
#include "net/redaction.h"
#include "session/apiexpectation.h"
#include "session/scenariooffer.h"
#include "session/session.h"
#include "widgets/findingsview.h"
#include "widgets/reflow.h"
#include "widgets/secretclipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

CallPanel::CallPanel(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_call(new TestCall(session.http(), this))
    , m_saved(std::make_unique<SavedRequestStore>(SavedRequestStore::defaultFilePath()))
{
    setObjectName(QStringLiteral("CallPanel"));
    buildUi();

    connect(m_call, &TestCall::finished, this, &CallPanel::onFinished);
    connect(&m_session, &Session::currentTokenChanged, this, &CallPanel::refreshAuthChoices);
    connect(&m_session, &Session::tokenHistoryChanged, this, &CallPanel::refreshAuthChoices);
    connect(&m_session, &Session::emulatorUrlChanged, this, &CallPanel::refreshScenario);
    connect(&m_session, &Session::emulatorRunChanged, this, &CallPanel::followEmulator);
    // The latest call's findings follow the evidence: an assignment made, a signature verified in Claims, a new run.
    connect(&m_session, &Session::diagnosisChanged, this, &CallPanel::refreshLatestFindings);
    connect(&m_session, &Session::lastCallChanged, this, &CallPanel::showCallMadeElsewhere);
    // An action on a call's finding that brings a new token calls again with it: one click from 403 to the answer.
    connect(m_response->findingsView(), &FindingsView::actionTriggered, this, [this](const FindingAction &action) {
        m_callAgainWithNextToken
            = action.kind == FindingAction::Kind::GetToken || action.kind == FindingAction::Kind::FlushAndRefresh;
        if (m_callAgainWithNextToken)
            m_auth->choose(AuthorizationMode::CurrentToken);
        m_session.perform(action);
    });
    connect(&m_session, &Session::currentTokenChanged, this, [this] {
        if (std::exchange(m_callAgainWithNextToken, false))
            QMetaObject::invokeMethod(this, &CallPanel::send, Qt::QueuedConnection); // after refreshAuthChoices
    });
    // No new token came: the call is not sent again (not later, with whatever token comes next for another reason).
    connect(&m_session, &Session::tokenRequestFailed, this, [this](const QString &, const QString &title) {
        if (std::exchange(m_callAgainWithNextToken, false))
            m_message->setText(QStringLiteral("No new token (%1): the call was not sent again.").arg(title));
    });

    m_saved->load();
    refreshAuthChoices();
    refreshScenario();
    refreshSaved();
    updateButtons();
}

CallPanel::~CallPanel() = default;

void CallPanel::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 8, 8, 8);
    // The requests beside the request and its answer; above them when the panel is narrower than both.
    auto *split = new ReflowSplitter(this);
    split->setObjectName(QStringLiteral("callSplitter"));
    split->setMainPane(1);
    outer->addWidget(split);

    // Left: ready-made, saved and past requests.
    m_requests = new RequestList(split);
    split->addWidget(m_requests);

    // Right: the request on top, the answer below.
    auto *right = new QSplitter(Qt::Vertical, split);
    auto *top = new QWidget(right);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(6, 0, 0, 6);
    topLayout->setSpacing(6);
    m_editor = new RequestEditor(top);
    m_editor->setObjectName(QStringLiteral("requestEditor"));
    m_send = new QPushButton(QIcon(QStringLiteral(":/icons/call.svg")), QStringLiteral("Send"), top);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(QStringLiteral("Send the request (Ctrl+Enter)"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), top);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(QStringLiteral("Stop waiting for the answer (Esc)"));
    m_copy = new QToolButton(top);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_copy->setText(QStringLiteral("Copy as"));
    m_copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_copy->setPopupMode(QToolButton::InstantPopup);
    auto *copyMenu = new QMenu(m_copy);
    QAction *curl = copyMenu->addAction(QStringLiteral("curl (token redacted)"), this, [this] { copyAsCurl(false); });
    curl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    // A menu that is not open delivers no shortcuts: the panel carries the action too.
    curl->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(curl);
    copyMenu->addAction(
        QStringLiteral("PowerShell Invoke-RestMethod (token redacted)"), this, [this] { copyAsPowerShell(false); });
    copyMenu->addSeparator();
    copyMenu->addAction(QStringLiteral("curl with the real token"), this, [this] { copyAsCurl(true); });
    copyMenu->addAction(QStringLiteral("PowerShell with the real token"), this, [this] { copyAsPowerShell(true); });
    m_copy->setMenu(copyMenu);
    m_copy->setToolTip(QStringLiteral("Copy the request as a curl or PowerShell command"));
    m_editor->lineLayout()->addWidget(m_send);
    m_editor->lineLayout()->addWidget(m_cancel);
    m_editor->lineLayout()->addWidget(m_copy);

    m_auth = new AuthorizationPicker(m_session, top);
    auto *authRows = new QVBoxLayout;
    authRows->setContentsMargins(0, 0, 0, 0);
    authRows->addWidget(m_auth);
    m_editor->insertRow(authRows);
    topLayout->addWidget(m_editor, 1);
    m_message = new QLabel(top);
    m_message->setObjectName(QStringLiteral("callMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setTextFormat(Qt::PlainText); // scenario names, file errors
    topLayout->addWidget(m_message);
    right->addWidget(top);

    m_response = new ResponseView(right);
    m_response->setObjectName(QStringLiteral("responseView"));
    right->addWidget(m_response);
    right->setStretchFactor(0, 0);
    right->setStretchFactor(1, 1);
    right->setSizes({ 215, 685 });
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({ 270, 1000 });

    connect(m_send, &QPushButton::clicked, this, &CallPanel::send);
    connect(m_cancel, &QPushButton::clicked, this, &CallPanel::cancel);
    connect(m_requests, &RequestList::saveRequested, this, &CallPanel::askAndSave);
    connect(m_requests, &RequestList::deleteRequested, this, &CallPanel::deleteSaved);
    connect(m_requests, &RequestList::rerunRequested, this, &CallPanel::rerunHistory);
    connect(m_requests, &RequestList::historySelected, this, &CallPanel::showHistory);
    connect(m_requests, &RequestList::scenarioApiChosen, this, &CallPanel::loadScenarioApi);
    connect(m_requests, &RequestList::savedChosen, this, &CallPanel::loadSaved);
    connect(m_requests, &RequestList::authMeChosen, this, [this] {
        if (m_apis.isEmpty())
            return;
        m_editor->setRequest(authMeRequest(m_apis.first().url, {}));
        m_message->setText(QStringLiteral("/.auth/me shows the caller as App Service Authentication sees it."));
    });
    connect(m_auth, &AuthorizationPicker::changed, this, &CallPanel::updateButtons);
    connect(m_editor, &RequestEditor::changed, this, &CallPanel::updateButtons);

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *sc = new QShortcut(keys, this, slot);
        sc->setContext(Qt::WidgetWithChildrenShortcut);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { send(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { send(); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { cancel(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_L), [this] {
        m_editor->urlEdit()->setFocus();
        m_editor->urlEdit()->selectAll();
    });
    shortcut(QKeySequence::Save, [this] { askAndSave(); });
}

void CallPanel::setSavedRequestsFile(const QString &filePath)
{
    m_saved = std::make_unique<SavedRequestStore>(filePath);
    if (!m_saved->load())
        m_message->setText(m_saved->errorString());
    refreshSaved();
}

void CallPanel::followEmulator(const EmulatorRun &previous, const EmulatorRun &current)
{
    // A request aimed at the emulator's ended run would meet a closed port: it moves with the emulator.
    HttpRequest request = m_editor->request();
    const QUrl moved = m_session.followEmulator(request.url);
    if (moved != request.url) {
        request.url = moved;
        m_editor->setRequest(request);
        m_message->setText(QStringLiteral("The emulator moved from %1 to %2; the request follows it.")
                               .arg(previous.describe(), current.describe()));
    }
    refreshAuthChoices();
}

void CallPanel::refreshAuthChoices()
{
    m_auth->refresh();
    updateButtons();
}

HttpRequest CallPanel::currentRequest() const
{
    HttpRequest request = m_editor->request();
    if (m_auth->mode() != AuthorizationMode::None)
        request = withBearerToken(request, m_auth->chosenToken());
    return request;
}

int CallPanel::historySize() const
{
    return m_requests->historySize();
}

bool CallPanel::isSending() const
{
    return m_call->isRunning();
}

void CallPanel::updateButtons()
{
    const bool sending = m_call->isRunning();
    m_send->setEnabled(!sending);
    m_cancel->setEnabled(sending);
    m_requests->setSending(sending);
}

void CallPanel::send()
{
    if (m_call->isRunning())
        return;
    const HttpRequest request = currentRequest();
    if (request.url.isEmpty()) {
        m_message->setText(QStringLiteral("Type the URL of the API to call (Ctrl+L), or pick a request on the left."));
        m_editor->urlEdit()->setFocus();
        return;
    }
    if (m_auth->mode() != AuthorizationMode::None && request.header("Authorization").isEmpty())
        m_message->setText(QStringLiteral("Sending without a token: none is available for the chosen Authorization."));
    else
        m_message->clear();
    m_inFlight = request;
    m_editor->markSent();
    m_call->start(request);
    m_response->showBusy(
        QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), redaction::redactUrl(request.url)));
    updateButtons();
}

void CallPanel::cancel()
{
    m_call->cancel();
}

const ProtectedApi *CallPanel::apiFor(const QUrl &url) const
{
    return protectedApiFor(m_apis, url);
}

void CallPanel::onFinished(const CallResult &result)
{
    // The session's one diagnosis: the same facts give the same findings here, in Claims and in idex.
    std::optional<Expectation> apiExpectation;
    if (const ProtectedApi *api = apiFor(result.request().url))
        apiExpectation = expectationOf(*api);
    m_showingLatest = false; // until the history holds this call (setLastCall() re-runs the diagnosis)
    m_recordingOwnCall = true;
    m_session.setLastCall(result, apiExpectation);
    m_recordingOwnCall = false;
    const Findings findings = showAndRemember(m_inFlight, result);
    publishExpectation(result);
    Q_EMIT callFinished(result, findings);
}

Findings CallPanel::showAndRemember(const HttpRequest &request, const CallResult &result)
{
    const Findings findings = m_session.lastCallDiagnosis();
    m_response->findingsView()->setNames(m_session.objectNames());
    m_response->showResult(result, findings);
    HistoryEntry entry { request, result, findings, QDateTime::currentDateTime() };
    m_history.append(entry);
    // The session history is bounded: the oldest entries go. Their answers may be large and their requests hold a
    // token: drop them, keep the indexes of the others.
    for (int dropped : m_requests->addHistory(int(m_history.size() - 1), result, entry.at))
        m_history[dropped] = HistoryEntry {};
    m_showingLatest = true;
    updateButtons();
    return findings;
}

void CallPanel::showCallMadeElsewhere()
{
    // A call made by another part of the program (a lesson's action, a workflow) is the session's latest call too:
    // the answer and its findings show here, and the history keeps it, as if it had been sent from this panel.
    const CallResult *call = m_session.lastCall();
    if (m_recordingOwnCall || !call || m_call->isRunning())
        return;
    // The editor says which request this answer is to, unless it holds what a person is writing: that stays.
    if (!m_editor->isEdited())
        showRequestWithoutToken(call->request());
    else
        m_message->setText(
            QStringLiteral("The answer below is to %1 %2, sent from elsewhere (a lesson); your request "
                           "above is as you left it.")
                .arg(QString::fromLatin1(call->request().method), redaction::redactUrl(call->request().url)));
    showAndRemember(call->request(), *call);
}

void CallPanel::showRequestWithoutToken(const HttpRequest &request)
{
    // The token the request carried is the session's, not something to edit or see in the header table.
    HttpRequest shown = request;
    shown.headers.removeIf(
        [](const auto &header) { return header.first.compare("authorization", Qt::CaseInsensitive) == 0; });
    m_editor->setRequest(shown);
}

void CallPanel::publishExpectation(const CallResult &result)
{
    if (const std::optional<Expectation> learned
        = expectationLearnedFrom(result, apiFor(result.request().url), m_session.currentExpectation()))
        m_session.setCurrentExpectation(*learned);
}

void CallPanel::refreshScenario()
{
    // The session's one reading of the scenario: the same APIs, with the same expectation, as the other panels and
    // idex see (no second reading over the admin API that could disagree or arrive after the emulator moved on).
    const ScenarioOffer &offer = m_session.scenarioOffer();
    m_apis = offer.apis;
    if (offer.isEmpty())
        m_requests->showScenarioHint(QStringLiteral("Start the emulator to get ready-made requests"),
            QStringLiteral("With the built-in emulator running (Token tab), its scenario's protected "
                           "functions appear here as ready-made requests."));
    else if (m_apis.isEmpty())
        m_requests->showScenarioHint(QStringLiteral("%1 has no protected functions").arg(offer.scenarioName),
            QStringLiteral("Type the URL of the API to call, or switch to a scenario with protected functions."));
    else
        m_requests->setScenarioApis(m_apis);
    Q_EMIT scenarioApisChanged();
}

void CallPanel::loadScenarioApi(int index)
{
    if (index < 0 || index >= m_apis.size())
        return;
    const ProtectedApi &api = m_apis.at(index);
    HttpRequest request;
    request.url = api.url;
    request.setHeader("Accept", "application/json");
    m_editor->setRequest(request);
    m_message->setText(
        QStringLiteral("%1 accepts tokens for %2%3. Get one in the Token panel with that resource.")
            .arg(api.name,
                api.allowedAudiences.isEmpty() ? api.audience : api.allowedAudiences.join(QStringLiteral(" or ")),
                api.requiredRoles.isEmpty() ? QString()
                                            : QStringLiteral(" and requires the app role %1")
                                                  .arg(api.requiredRoles.join(QStringLiteral(" or ")))));
}

void CallPanel::refreshSaved()
{
    m_requests->setSavedRequests(m_saved->requests());
}

void CallPanel::loadSaved(const QString &name)
{
    const SavedRequest *saved = m_saved->find(name);
    if (!saved)
        return;
    m_editor->setRequest(saved->toHttpRequest());
    m_auth->choose(saved->authorization);
    m_message->setText(QStringLiteral("Loaded \"%1\".").arg(name));
}

bool CallPanel::saveRequest(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return false;
    const HttpRequest request = m_editor->request();
    if (request.url.isEmpty()) {
        m_message->setText(QStringLiteral("Nothing to save: type a URL first."));
        return false;
    }
    SavedRequest saved;
    saved.name = trimmed;
    saved.method = request.method;
    saved.url = request.url;
    saved.headers = request.headers;
    saved.body = request.body;
    saved.authorization = m_auth->mode();
    m_saved->put(saved);
    if (!m_saved->save()) {
        m_message->setText(m_saved->errorString());
        return false;
    }
    refreshSaved();
    m_message->setText(QStringLiteral("Saved \"%1\" (without token or secret headers).").arg(trimmed));
    return true;
}

void CallPanel::askAndSave()
{
    const HttpRequest request = m_editor->request();
    bool ok = false;
    const QString name = QInputDialog::getText(this, QStringLiteral("Save request"),
        QStringLiteral("Name (tokens and secret headers are not saved):"), QLineEdit::Normal,
        QString::fromLatin1(request.method) + u' ' + request.url.path(), &ok);
    if (ok)
        saveRequest(name);
}

void CallPanel::deleteSaved(const QString &name)
{
    m_saved->remove(name);
    if (!m_saved->save())
        m_message->setText(m_saved->errorString());
    refreshSaved();
}

void CallPanel::showHistory(int index)
{
    if (index < 0 || index >= m_history.size() || m_call->isRunning())
        return;
    const HistoryEntry &entry = m_history.at(index);
    m_showingLatest = index == m_history.size() - 1;
    m_response->showResult(entry.result, m_showingLatest ? m_session.lastCallDiagnosis() : entry.findings);
}

void CallPanel::refreshLatestFindings()
{
    if (!m_showingLatest || m_call->isRunning() || !m_session.lastCall() || m_history.isEmpty())
        return;
    const Findings findings = m_session.lastCallDiagnosis();
    if (findingsToJson(findings) == findingsToJson(m_history.last().findings))
        return;
    m_history.last().findings = findings; // the history shows what the evidence says now
    m_response->findingsView()->setNames(m_session.objectNames());
    m_response->findingsView()->setFindings(findings);
}

void CallPanel::rerunHistory(int index)
{
    if (index < 0 || index >= m_history.size() || m_call->isRunning())
        return;
    const HttpRequest request = m_history.at(index).request;
    showRequestWithoutToken(request);
    m_message->setText(QStringLiteral("Re-running with the same token as before."));
    m_inFlight = request;
    m_call->start(request);
    m_response->showBusy(
        QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), redaction::redactUrl(request.url)));
    updateButtons();
}

void CallPanel::copyAsCurl(bool withToken)
{
    if (withToken)
        copySecretToClipboard(toCurl(currentRequest(), Secrets::Shown));
    else
        QApplication::clipboard()->setText(toCurl(currentRequest()));
    m_message->setText(withToken ? QStringLiteral("Copied as curl WITH the token: treat the clipboard as a secret.")
                                 : QStringLiteral("Copied as curl; set TOKEN before running it."));
}

void CallPanel::copyAsPowerShell(bool withToken)
{
    if (withToken)
        copySecretToClipboard(toPowerShell(currentRequest(), Secrets::Shown));
    else
        QApplication::clipboard()->setText(toPowerShell(currentRequest()));
    m_message->setText(withToken
            ? QStringLiteral("Copied as PowerShell WITH the token: treat the clipboard as a secret.")
            : QStringLiteral("Copied as PowerShell; set $token before running it."));
}

} // namespace idex::ui
