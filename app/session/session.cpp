#include "session.h"

#include "directory/directory.h"
#include "emulator/emulator.h"
#include "jwt/signatureverifier.h"

namespace idex {

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.isValid() && b.isValid() && a.scheme() == b.scheme()
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port() == b.port();
}

} // namespace

bool EmulatorRun::serves(const QUrl &url) const
{
    if (!isValid())
        return false;
    if (sameOrigin(url, baseUrl))
        return true;
    for (const QUrl &origin : otherOrigins) {
        if (sameOrigin(url, origin))
            return true;
    }
    return false;
}

QString EmulatorRun::describe() const
{
    if (!isValid())
        return QStringLiteral("no emulator");
    return QStringLiteral("scenario %1 on %2").arg(scenario, baseUrl.authority());
}

Session::Session(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

Session::~Session() = default;

EmulatorRun Session::runOfEndpoint(const QString &endpoint) const
{
    const QUrl url(endpoint);
    if (m_run.serves(url))
        return m_run;
    return {};
}

void Session::setCurrentToken(const TokenResult &token)
{
    const bool isNew = token.accessToken != m_currentToken.accessToken;
    m_currentToken = token;
    if (isNew && !token.accessToken.isEmpty()) {
        const std::optional<DecodedToken> decoded = decodedWithVerdict(token.accessToken);
        note(journal::tokenEntry(token, decoded ? &*decoded : nullptr));
    }
    m_currentTokenRun = runOfEndpoint(token.endpoint);
    Q_EMIT currentTokenChanged(m_currentToken);
    Q_EMIT diagnosisChanged();
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
    const auto moveTo = [&url](const QUrl &origin) {
        QUrl moved = url;
        moved.setScheme(origin.scheme());
        moved.setHost(origin.host());
        moved.setPort(origin.port());
        return moved;
    };
    for (const EmulatorRun &ended : m_endedRuns) {
        if (sameOrigin(url, ended.baseUrl))
            return moveTo(m_run.baseUrl);
        // The n-th other origin of a run (Service Fabric's TLS port, ...) has the same job in every run.
        for (qsizetype i = 0; i < ended.otherOrigins.size(); ++i) {
            if (sameOrigin(url, ended.otherOrigins.at(i)) && i < m_run.otherOrigins.size())
                return moveTo(m_run.otherOrigins.at(i));
        }
    }
    return url;
}

void Session::setEmulator(emulator::Emulator *emulator)
{
    const EmulatorRun previous = m_run;
    m_emulator = emulator;
    m_emulatorGuard = emulator;
    m_offer.reset();
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
        m_names.reset();
        Q_EMIT emulatorChanged(); // the same run published again: nothing ended
        return;
    }
    if (previous.isValid())
        m_endedRuns.append(previous);
    m_run = running ? EmulatorRun { ++m_generations, emulator->baseUrl(), emulator->scenario().name,
        { emulator->serviceFabricEndpoint().adjusted(QUrl::RemovePath) } }
                    : EmulatorRun();
    Q_EMIT emulatorUrlChanged(m_run.baseUrl);
    m_names.reset();
    Q_EMIT emulatorChanged();
    if (previous.generation == m_run.generation)
        return;
    // A directory read from the ended run's Graph describes a tenant that is no longer served.
    if (m_directory && m_directoryRun > 0) {
        m_directory.reset();
        m_directoryRun = 0;
        m_directoryReloadPending = true;
        m_names.reset();
        Q_EMIT directoryChanged();
    }
    note(journal::runEntry(m_run));
    Q_EMIT emulatorRunChanged(previous, m_run);
    Q_EMIT diagnosisChanged(); // tokens of the ended run are now from an ended run
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
    note(journal::actionEntry(action));
    Q_EMIT actionRequested(action);
}

void Session::reportTokenFailure(const QString &code, const QString &title)
{
    Q_EMIT tokenRequestFailed(code, title);
}

void Session::setCurrentExpectation(const Expectation &expectation)
{
    m_expectation = expectation;
    Q_EMIT currentExpectationChanged(m_expectation);
    Q_EMIT diagnosisChanged();
}

void Session::setDirectory(const Directory &directory, bool fromEmulator)
{
    for (JournalEntry &change : journal::directoryChanges(m_directory.get(), directory))
        note(std::move(change));
    m_directory = std::make_shared<const Directory>(directory);
    m_directoryRun = fromEmulator ? m_run.generation : 0;
    m_directoryReloadPending = false;
    m_names.reset();
    Q_EMIT directoryChanged();
    Q_EMIT diagnosisChanged();
}

void Session::clearDirectory()
{
    if (!m_directory)
        return;
    m_directory.reset();
    m_directoryRun = 0;
    m_names.reset();
    Q_EMIT directoryChanged();
    Q_EMIT diagnosisChanged();
}

void Session::recordSignatureVerdict(const QString &accessToken, const SignatureVerdict &verdict)
{
    if (accessToken.isEmpty())
        return;
    const SignatureVerdict before = signatureVerdictOf(accessToken);
    if (verdict.isChecked() && (before.status != verdict.status || before.reason != verdict.reason)) {
        const DecodeResult decoded = decodeToken(accessToken);
        note(journal::verificationEntry(decoded.ok() ? &decoded.token : nullptr, verdict));
    }
    for (qsizetype i = 0; i < m_verdicts.size(); ++i) {
        if (m_verdicts.at(i).first == accessToken) {
            m_verdicts.removeAt(i);
            break;
        }
    }
    m_verdicts.append({ accessToken, verdict });
    while (m_verdicts.size() > kVerdictMemory)
        m_verdicts.removeFirst();
    Q_EMIT diagnosisChanged();
}

SignatureVerdict Session::signatureVerdictOf(const QString &accessToken) const
{
    for (const auto &[token, verdict] : m_verdicts) {
        if (token == accessToken)
            return verdict;
    }
    return {};
}

std::optional<DecodedToken> Session::decodedWithVerdict(const QString &accessToken) const
{
    if (accessToken.isEmpty())
        return std::nullopt;
    DecodeResult decoded = decodeToken(accessToken);
    if (!decoded.ok())
        return std::nullopt;
    decoded.token.verification = signatureVerdictOf(decoded.token.raw);
    if (!decoded.token.verification.isChecked()) {
        // Forgeries that need no key to refuse are refused everywhere, whether or not anyone pressed Verify.
        if (std::optional<SignatureVerdict> refused = screenSignature(decoded.token))
            decoded.token.verification = *refused;
    }
    return std::move(decoded.token);
}

void Session::setLastCall(const CallResult &call, const std::optional<Expectation> &apiExpectation)
{
    m_lastCall = call;
    m_lastCallExpectation = apiExpectation;
    note(journal::callEntry(call, lastCallDiagnosis()));
    Q_EMIT lastCallChanged();
    Q_EMIT diagnosisChanged();
}

void Session::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
    Q_EMIT diagnosisChanged();
}

DiagnosisInput Session::evidence(const DecodedToken *token) const
{
    DiagnosisInput input;
    input.token = token;
    input.expectation = m_expectation;
    input.directory = m_directory.get(); // stale-token and the assignment that would add a missing role
    input.now = m_clock();
    if (token) {
        if (const EmulatorRun ended = endedRunOf(token->raw); ended.isValid()) {
            input.tokenEndedRun = ended.describe();
            input.currentRun = m_run.isValid() ? m_run.describe() : QString();
        }
    }
    return input;
}

const ScenarioOffer &Session::scenarioOffer() const
{
    static const ScenarioOffer none;
    const emulator::Emulator *emu = emulator();
    if (!emu || !emu->isRunning())
        return none; // also when the emulator went away without a setEmulator(nullptr)
    if (!m_offer)
        m_offer = scenarioOfferOf(*emu);
    return *m_offer;
}

const ObjectNames &Session::objectNames() const
{
    if (m_names)
        return *m_names;
    m_names = m_directory ? ObjectNames::of(*m_directory) : ObjectNames();
    if (const emulator::Emulator *emu = emulator()) {
        const emulator::Scenario &scenario = emu->scenario();
        for (const emulator::Application &app : scenario.applications) {
            const ObjectName name { app.displayName, app.identifierUris.value(0), app.appId };
            m_names->add(app.appId, name);
            for (const QString &uri : app.identifierUris)
                m_names->add(uri, name);
            for (const emulator::AppRole &role : app.appRoles)
                m_names->add(role.id, { QStringLiteral("app role %1").arg(role.value), {}, role.id });
        }
        for (const emulator::ServicePrincipal &sp : scenario.servicePrincipals) {
            m_names->add(sp.id, { sp.displayName, {}, sp.id });
            m_names->add(sp.appId, { sp.displayName, {}, sp.appId });
        }
        for (const emulator::Identity &identity : scenario.identities) {
            m_names->add(identity.clientId, { identity.name, {}, identity.clientId });
            m_names->add(identity.principalId, { identity.name, {}, identity.principalId });
        }
    }
    return *m_names;
}

Findings Session::diagnoseToken(const QString &accessToken) const
{
    const std::optional<DecodedToken> token = decodedWithVerdict(accessToken);
    return token ? diagnose(evidence(&*token)) : Findings();
}

Findings Session::diagnoseToken(const QString &accessToken, const Expectation &expectation) const
{
    const std::optional<DecodedToken> token = decodedWithVerdict(accessToken);
    if (!token)
        return {};
    DiagnosisInput input = evidence(&*token);
    input.expectation = expectation;
    return diagnose(input);
}

Findings Session::diagnoseCall(const CallResult &call, const std::optional<Expectation> &apiExpectation) const
{
    const std::optional<DecodedToken> token = decodedWithVerdict(call.sentBearerToken());
    DiagnosisInput input = evidence(token ? &*token : nullptr);
    input.call = &call;
    if (apiExpectation)
        input.expectation = *apiExpectation;
    return diagnose(input);
}

void Session::note(JournalEntry entry)
{
    if (!entry.at.isValid())
        entry.at = m_clock();
    m_journal.append(std::move(entry));
    Q_EMIT journalChanged();
}

} // namespace idex
