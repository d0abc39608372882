#include "session.h"

#include "directory/directory.h"
#include "emulator/emulator.h"

namespace idex {

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.isValid() && b.isValid() && a.scheme() == b.scheme()
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port() == b.port();
}

} // namespace

QString EmulatorRun::describe() const
{
    if (!isValid())
        return QStringLiteral("no emulator");
    return QStringLiteral("scenario %1 on %2").arg(scenario, baseUrl.authority());
}

Session::Session(QObject *parent)
    : QObject(parent)
{ }

Session::~Session() = default;

EmulatorRun Session::runOfEndpoint(const QString &endpoint) const
{
    const QUrl url(endpoint);
    if (m_run.isValid() && sameOrigin(url, m_run.baseUrl))
        return m_run;
    return {};
}

void Session::setCurrentToken(const TokenResult &token)
{
    m_currentToken = token;
    m_currentTokenRun = runOfEndpoint(token.endpoint);
    Q_EMIT currentTokenChanged(m_currentToken);
}

EmulatorRun Session::currentTokenEndedRun() const
{
    return m_currentTokenRun.isValid() && m_currentTokenRun.generation != m_run.generation ? m_currentTokenRun
                                                                                           : EmulatorRun();
}

EmulatorRun Session::endedRunOf(const QString &accessToken) const
{
    if (accessToken.isEmpty())
        return {};
    if (accessToken == m_currentToken.accessToken)
        return currentTokenEndedRun();
    for (qsizetype i = 0; i < m_tokenHistory.size(); ++i) {
        if (m_tokenHistory.at(i).accessToken == accessToken) {
            const EmulatorRun &run = m_tokenHistoryRuns.at(i);
            return run.isValid() && run.generation != m_run.generation ? run : EmulatorRun();
        }
    }
    return {};
}

void Session::setActiveSource(const QString &description)
{
    if (m_activeSource == description)
        return;
    m_activeSource = description;
    Q_EMIT activeSourceChanged(m_activeSource);
}

QUrl Session::followEmulator(const QUrl &url) const
{
    if (!m_run.isValid() || sameOrigin(url, m_run.baseUrl))
        return url;
    for (const EmulatorRun &ended : m_endedRuns) {
        if (sameOrigin(url, ended.baseUrl)) {
            QUrl moved = url;
            moved.setScheme(m_run.baseUrl.scheme());
            moved.setHost(m_run.baseUrl.host());
            moved.setPort(m_run.baseUrl.port());
            return moved;
        }
    }
    return url;
}

void Session::setEmulator(emulator::Emulator *emulator)
{
    const EmulatorRun previous = m_run;
    m_emulator = emulator;
    m_emulatorGuard = emulator;
    const bool running = emulator && emulator->isRunning();
    // The emulator's local CA is trusted for its HTTPS port only, and only while that run is the current one.
    if (!m_trustedEmulatorHttps.isEmpty())
        m_http.trustAuthoritiesFor(m_trustedEmulatorHttps.host(), m_trustedEmulatorHttps.port(), {});
    m_trustedEmulatorHttps = running && !emulator->caCertificatePem().isEmpty() ? emulator->httpsBaseUrl() : QUrl();
    if (!m_trustedEmulatorHttps.isEmpty())
        m_http.trustAuthoritiesFor(m_trustedEmulatorHttps.host(), m_trustedEmulatorHttps.port(),
            QSslCertificate::fromData(emulator->caCertificatePem(), QSsl::Pem));
    if (running && previous.isValid() && sameOrigin(previous.baseUrl, emulator->baseUrl())
        && previous.scenario == emulator->scenario().name) {
        Q_EMIT emulatorChanged(); // the same run published again: nothing ended
        return;
    }
    if (previous.isValid())
        m_endedRuns.append(previous);
    m_run = running ? EmulatorRun { ++m_generations, emulator->baseUrl(), emulator->scenario().name } : EmulatorRun();
    Q_EMIT emulatorUrlChanged(m_run.baseUrl);
    Q_EMIT emulatorChanged();
    if (previous.generation == m_run.generation)
        return;
    // A directory read from the ended run's Graph describes a tenant that is no longer served.
    if (m_directory && m_directoryRun > 0) {
        m_directory.reset();
        m_directoryRun = 0;
        m_directoryReloadPending = true;
        Q_EMIT directoryChanged();
    }
    Q_EMIT emulatorRunChanged(previous, m_run);
    if (m_directoryReloadPending && m_run.isValid()) {
        m_directoryReloadPending = false;
        Q_EMIT emulatorDirectoryReloadWanted();
    }
}

QByteArray Session::emulatorAdminToken() const
{
    const emulator::Emulator *e = emulator();
    return e ? e->adminToken() : QByteArray();
}

void Session::rememberToken(const TokenResult &token)
{
    if (!token.isValid())
        return;
    // The same token again (from the cache) moves to the front instead of appearing twice.
    for (qsizetype i = 0; i < m_tokenHistory.size(); ++i) {
        if (m_tokenHistory.at(i).accessToken == token.accessToken) {
            m_tokenHistory.removeAt(i);
            m_tokenHistoryRuns.removeAt(i);
            break;
        }
    }
    m_tokenHistory.prepend(token);
    m_tokenHistoryRuns.prepend(runOfEndpoint(token.endpoint));
    while (m_tokenHistory.size() > kTokenHistorySize) {
        m_tokenHistory.removeLast();
        m_tokenHistoryRuns.removeLast();
    }
    Q_EMIT tokenHistoryChanged();
}

void Session::perform(const FindingAction &action)
{
    if (action.kind == FindingAction::Kind::FlushAndRefresh) {
        // The platform's cache would hand the same token back: with the emulator in this process, flush it first.
        if (emulator::Emulator *emu = emulator())
            emu->flushTokenCache();
    }
    Q_EMIT actionRequested(action);
}

void Session::setCurrentExpectation(const Expectation &expectation)
{
    m_expectation = expectation;
    Q_EMIT currentExpectationChanged(m_expectation);
}

void Session::setDirectory(const Directory &directory, bool fromEmulator)
{
    m_directory = std::make_shared<const Directory>(directory);
    m_directoryRun = fromEmulator ? m_run.generation : 0;
    m_directoryReloadPending = false;
    Q_EMIT directoryChanged();
}

void Session::clearDirectory()
{
    if (!m_directory)
        return;
    m_directory.reset();
    m_directoryRun = 0;
    Q_EMIT directoryChanged();
}

} // namespace idex
