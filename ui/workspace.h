#pragma once

#include "diagnose/diagnosis.h"
#include "identity/tokenresult.h"
#include "net/httpclient.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

namespace idex::emulator {
class Emulator;
}

namespace idex {
class Directory;
}

namespace idex::ui {

/*! The state the panels share, and the only way they talk: a panel publishes here (a new token, a new source)
    and the others follow the signals. No panel reaches into another. Owns the one HttpClient of the GUI. */
class Workspace : public QObject
{
    Q_OBJECT
public:
    explicit Workspace(QObject *parent = nullptr);

    HttpClient &http() { return m_http; }

    const TokenResult &currentToken() const { return m_currentToken; }
    void setCurrentToken(const TokenResult &token);

    /*! Human name of the active token source, for the status bar ("Emulator (seed) on 127.0.0.1:41234"). */
    QString activeSource() const { return m_activeSource; }
    void setActiveSource(const QString &description);

    /*! Base URL of the embedded emulator when it runs (http://127.0.0.1:<port>); empty otherwise. */
    QUrl emulatorUrl() const { return m_emulatorUrl; }
    void setEmulatorUrl(const QUrl &url);

    /*! The embedded emulator when it runs in this process (not owned), null otherwise. setEmulator() also sets
        emulatorUrl(). Lets panels read the scenario (its APIs, identities) and the environment it publishes. */
    emulator::Emulator *emulator() const { return m_emulatorGuard ? m_emulator : nullptr; }
    void setEmulator(emulator::Emulator *emulator);
    /*! The embedded emulator's admin token (for "Authorization: Bearer" on its /admin routes); empty when none
        runs. In memory only: never saved, logged or shown. */
    QByteArray emulatorAdminToken() const;

    /*! Tokens obtained in this session, newest first, at most kTokenHistorySize; in memory only, never saved. */
    QList<TokenResult> tokenHistory() const { return m_tokenHistory; }
    void rememberToken(const TokenResult &token);
    static constexpr int kTokenHistorySize = 10;

    /*! What the API under test expects of a token (audiences, roles): published by the Test call panel from a
        401/403's resource_id or a scenario API's required roles; the Claims panel can check the token against it. */
    const Expectation &currentExpectation() const { return m_expectation; }
    void setCurrentExpectation(const Expectation &expectation);

    /*! The directory last loaded (Graph, the emulator's Graph or a snapshot), published by the Directory panel; null
        until one is loaded. The Claims panel names GUIDs with it and runs the directory-aware rules (the assignment
        that would add a missing role, tokens older than the assignment). A copy is kept: publishers may discard theirs. */
    const Directory *directory() const { return m_directory.get(); }
    void setDirectory(const Directory &directory);
    void clearDirectory();

Q_SIGNALS:
    void directoryChanged();
    void currentExpectationChanged(const idex::Expectation &expectation);
    void emulatorChanged();
    void tokenHistoryChanged();
    void currentTokenChanged(const idex::TokenResult &token);
    void activeSourceChanged(const QString &description);
    void emulatorUrlChanged(const QUrl &url);

private:
    HttpClient m_http;
    TokenResult m_currentToken;
    QString m_activeSource;
    QUrl m_emulatorUrl;
    emulator::Emulator *m_emulator = nullptr;
    QPointer<QObject> m_emulatorGuard; ///< clears emulator() when the emulator is destroyed
    QList<TokenResult> m_tokenHistory;
    Expectation m_expectation;
    std::shared_ptr<const Directory> m_directory;
};

} // namespace idex::ui
