#pragma once

#include "call/callresult.h"
#include "diagnose/diagnosis.h"
#include "directory/objectnames.h"
#include "identity/tokenresult.h"
#include "journal.h"
#include "jwt/decodedtoken.h"
#include "net/httpclient.h"
#include "scenariooffer.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace idex::emulator {
class Emulator;
}

namespace idex {
class Directory;

/*! One run of the emulator: a start, a scenario switch or a restart begins a new one (new port, maybe new tenant).
    Values obtained from a run (tokens, URLs, a directory read from its Graph) belong to it. */
struct EmulatorRun
{
    int generation = 0; ///< 0: no emulator; counts up from 1 with every run of this session
    QUrl baseUrl; ///< http://127.0.0.1:PORT
    QString scenario; ///< the scenario's name
    /*! Every other origin the run serves (Service Fabric's TLS port, ...): a token from any of them is the run's. */
    QList<QUrl> otherOrigins;

    /*! True when \a url is on one of the origins this run serves. */
    bool serves(const QUrl &url) const;

    bool isValid() const { return generation > 0; }
    /*! "scenario seed on 127.0.0.1:41234". */
    QString describe() const;
};

/*! The one truth the panels and idex render: the current source, the current token and where and when it came from,
    the token history, the expectation of the API under test, the directory, and the emulator with its runs. Panels
    publish here and follow the signals; none reaches into another. GUI-free (app/); owns the one HttpClient.

    When the emulator starts a new run, what depended on the old one follows at once: followEmulator() moves URLs
    of earlier runs to the new one, a token issued by an earlier run is marked (currentTokenEndedRun()) and never
    passes for current, and a directory read from the old run's Graph is dropped (directoryChanged) and a reload is
    asked for (emulatorDirectoryReloadWanted). */
} // namespace idex

Q_DECLARE_METATYPE(idex::EmulatorRun)

namespace idex {

class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    HttpClient &http() { return m_http; }

    const TokenResult &currentToken() const { return m_currentToken; }
    /*! Makes \a token current. A token from the emulator's endpoint is recorded as belonging to its current run. */
    void setCurrentToken(const TokenResult &token);
    /*! The emulator run the current token came from; invalid when it came from elsewhere. */
    const EmulatorRun &currentTokenRun() const { return m_currentTokenRun; }
    /*! The ended emulator run that issued the current token, when it is one: its issuer, keys and roles belong to a
        scenario that is no longer served. Invalid otherwise. */
    EmulatorRun currentTokenEndedRun() const;

    /*! Human name of the active token source, for the status bar ("Emulator (seed) on 127.0.0.1:41234"). */
    QString activeSource() const { return m_activeSource; }
    void setActiveSource(const QString &description);

    /*! Base URL of the embedded emulator when it runs (http://127.0.0.1:<port>); empty otherwise. */
    QUrl emulatorUrl() const { return m_run.baseUrl; }
    /*! The emulator's current run; invalid when none runs. */
    const EmulatorRun &emulatorRun() const { return m_run; }
    /*! Moves a URL that pointed at an earlier run of the emulator (same host and port) to the current run, keeping
        path and query; any other URL is returned unchanged. */
    QUrl followEmulator(const QUrl &url) const;

    /*! The embedded emulator when it runs in this process (not owned), null otherwise. Setting a running emulator
        (a start, a scenario switch, a restart) begins a new EmulatorRun; null ends the current one. */
    emulator::Emulator *emulator() const { return m_emulatorGuard ? m_emulator : nullptr; }
    void setEmulator(emulator::Emulator *emulator);
    /*! The embedded emulator's admin token (for "Authorization: Bearer" on its /admin routes); empty when none
        runs. In memory only: never saved, logged or shown. */
    QByteArray emulatorAdminToken() const;
    /*! Intent: restart the emulator on a directory snapshot (`idex emulator --directory`); whoever owns the
        emulator carries it out, and the new run arrives through setEmulator() like any switch. */
    void openSnapshotInEmulator(const QString &snapshotPath) { Q_EMIT emulatorSnapshotWanted(snapshotPath); }

    /*! Tokens obtained in this session, newest first, at most kTokenHistorySize; in memory only, never saved. */
    QList<TokenResult> tokenHistory() const { return m_tokenHistory; }
    void rememberToken(const TokenResult &token);
    static constexpr int kTokenHistorySize = 10;
    /*! The ended emulator run that issued the token \a accessToken (current or from the history), if it is one. */
    EmulatorRun endedRunOf(const QString &accessToken) const;

    /*! What the API under test expects of a token (audiences, roles): published by the Test call panel from a
        401/403's resource_id or a scenario API's required roles; the Claims panel can check the token against it. */
    const Expectation &currentExpectation() const { return m_expectation; }
    void setCurrentExpectation(const Expectation &expectation);

    /*! The directory last loaded (Graph, the emulator's Graph or a snapshot), null until one is loaded. A copy is
        kept: publishers may discard theirs. \a fromEmulator marks one read from the emulator's Graph: it is dropped
        when the emulator's run ends. */
    const Directory *directory() const { return m_directory.get(); }
    void setDirectory(const Directory &directory, bool fromEmulator = false);
    void clearDirectory();
    bool directoryIsFromEmulator() const { return m_directory && m_directoryRun > 0; }

    /*! The names of the GUIDs and URIs the directory and the emulator's scenario know (the directory first), for
        findings, notes and details: "aad-func (api://aad-func, 3f2a8c1d…)". Rebuilt when either changes. */
    const ObjectNames &objectNames() const;

    /*! What the emulator's current scenario offers (resources, the walkthrough's resource, protected APIs with their
        expectation); empty when no emulator runs. Every panel and idex read the scenario through this. Built once
        per emulator run. */
    const ScenarioOffer &scenarioOffer() const;

    /*! Records the outcome of checking the signature of \a accessToken (the current token, a pasted one, one sent in
        a call): from then on every panel and idex diagnose that token with this verdict. In memory only. */
    void recordSignatureVerdict(const QString &accessToken, const SignatureVerdict &verdict);
    /*! The verdict recorded for \a accessToken; NotChecked when none was. */
    SignatureVerdict signatureVerdictOf(const QString &accessToken) const;
    /*! The current token decoded, with its recorded signature verdict; empty when there is none or it does not
        decode. */
    std::optional<DecodedToken> currentDecoded() const { return decodedWithVerdict(m_currentToken.accessToken); }

    /*! The latest test call, null until one finished. */
    const CallResult *lastCall() const { return m_lastCall ? &*m_lastCall : nullptr; }
    /*! Records a finished call. \a apiExpectation is what the called API expects when that is known (a protected
        API of the scenario); otherwise the session's expectation applies to it. */
    void setLastCall(const CallResult &call, const std::optional<Expectation> &apiExpectation = std::nullopt);

    /*! The one diagnosis: every panel and idex take their findings from these, so the same facts give the same
        findings everywhere. Each assembles the session's evidence (the token decoded with its recorded verdict, the
        expectation, the directory, the emulator runs, the clock) and runs diagnose() once. */
    Findings diagnoseToken(const QString &accessToken) const;
    /*! The same with \a expectation in place of the session's (the Claims panel's hand-typed one). */
    Findings diagnoseToken(const QString &accessToken, const Expectation &expectation) const;
    /*! \a apiExpectation replaces the session's expectation when what the called API expects is known. */
    Findings diagnoseCall(
        const CallResult &call, const std::optional<Expectation> &apiExpectation = std::nullopt) const;
    /*! The findings of the latest call (with the token it sent); empty when no call was made. */
    Findings lastCallDiagnosis() const
    {
        return m_lastCall ? diagnoseCall(*m_lastCall, m_lastCallExpectation) : Findings();
    }
    /*! The findings of the current token alone. */
    Findings currentTokenDiagnosis() const { return diagnoseToken(m_currentToken.accessToken); }

    /*! The clock the diagnosis uses (tests and lessons move it); the system's UTC clock by default. */
    void setClock(std::function<QDateTime()> clock);
    QDateTime now() const { return m_clock(); }

    /*! What happened in this session, in order, redacted as it was recorded: tokens, verifications, calls,
        directory changes, actions, emulator runs (the session report is written from it). */
    const Journal &journal() const { return m_journal; }
    /*! Records \a entry (a workflow's or a lesson's own note); the journal redacts it. */
    void note(JournalEntry entry);

    /*! Runs a finding's action (an intent). What the session owns it does itself: flushing the in-process emulator's
        token cache for FlushAndRefresh. Then the panel that owns the capability carries it out (actionRequested): the
        Token panel gets the token, the Directory panel assigns or shows, the Claims panel verifies. */
    void perform(const FindingAction &action);
    /*! A token request ended without a token (an error or a cancel): whoever waited for the next token (a call to
        send again once it is here) stops waiting. \a failure's transcript is not kept. */
    void reportTokenFailure(const QString &code, const QString &title);

Q_SIGNALS:
    /*! An action for the panel that can carry it out (see perform()). */
    void actionRequested(const idex::FindingAction &action);
    /*! See reportTokenFailure(). */
    void tokenRequestFailed(const QString &code, const QString &title);
    /*! Some evidence changed (token, verdict, call, expectation, directory, emulator run): re-read the diagnosis. */
    void diagnosisChanged();
    void lastCallChanged();
    void journalChanged();
    void directoryChanged();
    void currentExpectationChanged(const idex::Expectation &expectation);
    void emulatorChanged();
    void tokenHistoryChanged();
    void currentTokenChanged(const idex::TokenResult &token);
    void activeSourceChanged(const QString &description);
    void emulatorUrlChanged(const QUrl &url);
    /*! A new run began (or the emulator stopped: \a current invalid). Emitted after emulatorUrlChanged. */
    void emulatorRunChanged(const idex::EmulatorRun &previous, const idex::EmulatorRun &current);
    /*! The directory read from an ended run's Graph was dropped; whoever loaded it should read the new run's. */
    void emulatorDirectoryReloadWanted();
    /*! Someone asked to run the emulator on this directory snapshot (see openSnapshotInEmulator). */
    void emulatorSnapshotWanted(const QString &snapshotPath);

private:
    EmulatorRun runOfEndpoint(const QString &endpoint) const;
    std::optional<DecodedToken> decodedWithVerdict(const QString &accessToken) const;
    DiagnosisInput evidence(const DecodedToken *token) const;
    static constexpr int kVerdictMemory = 32; ///< verdicts kept (tokens of the history, pasted ones, sent ones)

    HttpClient m_http;
    QUrl m_trustedEmulatorHttps; ///< the origin the emulator's local CA is trusted for (see setEmulator)
    TokenResult m_currentToken;
    EmulatorRun m_currentTokenRun;
    QString m_activeSource;
    EmulatorRun m_run;
    QList<EmulatorRun> m_endedRuns; ///< every earlier run of this session, oldest first
    int m_generations = 0;
    emulator::Emulator *m_emulator = nullptr;
    QPointer<QObject> m_emulatorGuard; ///< clears emulator() when the emulator is destroyed
    QList<TokenResult> m_tokenHistory;
    QList<EmulatorRun> m_tokenHistoryRuns; ///< the run each history token came from, same order
    Expectation m_expectation;
    std::shared_ptr<const Directory> m_directory;
    mutable std::optional<ScenarioOffer> m_offer; ///< built on first use in each emulator run
    mutable std::optional<ObjectNames> m_names; ///< built on first use after a directory or emulator change
    int m_directoryRun = 0; ///< generation of the run a directory came from; 0 when not from the emulator
    bool m_directoryReloadPending = false; ///< an emulator directory was dropped; the next run should be read
    QList<QPair<QString, SignatureVerdict>> m_verdicts; ///< newest last, at most kVerdictMemory
    std::optional<CallResult> m_lastCall;
    std::optional<Expectation> m_lastCallExpectation;
    std::function<QDateTime()> m_clock;
    Journal m_journal;
};

} // namespace idex
