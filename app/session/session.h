#pragma once

#include "diagnose/diagnosis.h"
#include "identity/tokenresult.h"
#include "net/httpclient.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

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

    /*! Runs a finding's action (an intent). What the session owns it does itself: flushing the in-process emulator's
        token cache for FlushAndRefresh. Then the panel that owns the capability carries it out (actionRequested): the
        Token panel gets the token, the Directory panel assigns or shows, the Claims panel verifies. */
    void perform(const FindingAction &action);

Q_SIGNALS:
    /*! An action for the panel that can carry it out (see perform()). */
    void actionRequested(const idex::FindingAction &action);
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
    int m_directoryRun = 0; ///< generation of the run a directory came from; 0 when not from the emulator
    bool m_directoryReloadPending = false; ///< an emulator directory was dropped; the next run should be read
};

} // namespace idex
