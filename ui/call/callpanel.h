#pragma once

#include "call/callresult.h"
#include "call/protectedapi.h"
#include "call/savedrequest.h"
#include "diagnose/finding.h"

#include <QDateTime>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QToolButton;

namespace idex {
class Session;
struct EmulatorRun;
class TestCall;
} // namespace idex

namespace idex::ui {

class AuthorizationPicker;
class RequestEditor;
class RequestList;
class ResponseView;

/*! Call a protected API with the token and see why it answers as it does: a request editor with the Authorization
    choice (current token, none, an earlier token of the session, a pasted one), the scenario's protected functions
    as ready-made requests when the emulator runs, the answer with its findings, the session's history with one-click
    re-run, saved requests (never with a token or secret header) and copy as curl / PowerShell. */
class CallPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CallPanel(Session &session, QWidget *parent = nullptr);
    ~CallPanel() override;

    /*! Where saved requests are kept; the default is SavedRequestStore::defaultFilePath(). */
    void setSavedRequestsFile(const QString &filePath);

    /*! The request Send would send now, Authorization included (in memory only). */
    HttpRequest currentRequest() const;

    bool isSending() const;
    /*! Calls listed in the session history (the oldest go beyond a hundred). */
    int historySize() const;
    const QList<ProtectedApi> &scenarioApis() const { return m_apis; }

public Q_SLOTS:
    void send();
    void cancel();
    /*! Saves the editor's request under \a name (without token or secrets); false with a message on failure. */
    bool saveRequest(const QString &name);
    void rerunHistory(int index);
    void copyAsCurl(bool withToken = false);
    void copyAsPowerShell(bool withToken = false);

Q_SIGNALS:
    /*! Every call's outcome, after the findings were computed and shown. */
    void callFinished(const idex::CallResult &result, const idex::Findings &findings);
    /*! The scenario's protected functions were (re)read from the session's ScenarioOffer. */
    void scenarioApisChanged();

private:
    struct HistoryEntry
    {
        HttpRequest request; ///< as sent, token included: memory only, for re-run
        CallResult result;
        Findings findings;
        QDateTime at;
    };

    void buildUi();
    bool m_showingLatest = false; ///< the answer shown is the session's latest call: its findings follow the evidence
    bool m_recordingOwnCall = false; ///< setLastCall() of a call sent from this panel is under way
    bool m_callAgainWithNextToken = false; ///< a finding's action asked for a new token: send again once it is here
    void refreshAuthChoices();
    void followEmulator(const idex::EmulatorRun &previous, const idex::EmulatorRun &current);
    void refreshScenario();
    void refreshSaved();
    void loadScenarioApi(int index);
    void loadSaved(const QString &name);
    void showHistory(int index);
    void refreshLatestFindings();
    void showCallMadeElsewhere();
    /*! Shows \a result (the session's latest call) with the session's diagnosis and adds it to the history, with
        \a request as sent for Re-run; returns the findings shown. */
    Findings showAndRemember(const HttpRequest &request, const CallResult &result);
    /*! \a request in the editor, without its Authorization header. */
    void showRequestWithoutToken(const HttpRequest &request);
    void onFinished(const CallResult &result);
    void publishExpectation(const CallResult &result);
    void updateButtons();
    void askAndSave();
    void deleteSaved(const QString &name);
    const ProtectedApi *apiFor(const QUrl &url) const;

    Session &m_session;
    TestCall *m_call;
    std::unique_ptr<SavedRequestStore> m_saved;
    QList<ProtectedApi> m_apis;
    QList<HistoryEntry> m_history;
    HttpRequest m_inFlight;

    RequestEditor *m_editor = nullptr;
    ResponseView *m_response = nullptr;
    AuthorizationPicker *m_auth = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_cancel = nullptr;
    QToolButton *m_copy = nullptr;
    RequestList *m_requests = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace idex::ui
