// The emulator's life cycle (keys, work directory, TLS identity, listeners) and its public operations (about 560
// lines); the dispatch of every request is in emulatordispatch.cpp. TODO(#12): start-up (keys, CA, listeners) can
// move out beside emulatorserver.
#include "emulator.h"

#include "adminauth.h"
#include "connectionguard.h"
#include "directoryscenario.h"
#include "emulatorserver.h"
#include "emulatorstate.h"
#include "liveedits.h"
#include "localca.h"
#include "requestorigin.h"
#include "routes.h"
#include "signingkey.h"

#include <QDir>
#include <QFutureWatcher>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>
#include <QUuid>

namespace idex::emulator {

Emulator::Emulator(QObject *parent)
    : QObject(parent)
{ }

Emulator::~Emulator()
{
    stop();
}

EmulatorKeys Emulator::generateKeys(QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    EmulatorKeys keys;
    // The first token needs the signer only: it is generated now, on every core; the key of the keyRollover fault
    // follows in the background. The HTTPS leaf is an EC P-256 key from the local CA (start()), made in a moment.
    keys.signer = SigningKey::generate(QStringLiteral("idex emulator token signing"), false, &err);
    if (!keys.signer)
        return keys;
    keys.unpublished = SigningKey::generateInBackground(QStringLiteral("idex emulator unpublished key"), false);
    return keys;
}

bool Emulator::start(const EmulatorOptions &options, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    const EmulatorKeys keys = generateKeys(&err);
    return keys.isValid() && start(options, keys, error);
}

bool Emulator::start(const EmulatorOptions &options, const EmulatorKeys &keys, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    stop();
    if (!keys.isValid()) {
        err = QStringLiteral("no signing keys");
        return false;
    }
    m_options = options;
    auto state = std::make_unique<EmulatorState>();
    const bool loaded = options.directory.isEmpty() ? loadScenario(options.scenario, &state->scenario, &err)
                                                    : loadDirectoryScenario(options.directory, &state->scenario, &err);
    if (!loaded)
        return false;
    state->entraIssuers = options.entraIssuers;
    state->adminToken = options.adminToken.isEmpty() ? newAdminToken() : options.adminToken;
    if (const QString problem = adminTokenProblem(state->adminToken); !problem.isEmpty()) {
        err = options.adminToken.isEmpty()
            ? QStringLiteral("cannot generate the admin token (OpenSSL RAND_bytes failed)")
            : QStringLiteral("the admin token is not usable: %1").arg(problem);
        stop();
        return false;
    }

    if (options.workDir.isEmpty()) {
        m_tempDir = new QTemporaryDir(QDir::tempPath() + QStringLiteral("/idex-emulator-XXXXXX"));
        if (!m_tempDir->isValid()) {
            err = QStringLiteral("cannot create a private temporary directory: %1").arg(m_tempDir->errorString());
            stop();
            return false;
        }
        state->workDir = m_tempDir->path();
    } else {
        state->workDir = QDir(options.workDir).absolutePath();
        if (!QDir().mkpath(state->workDir)) {
            err = QStringLiteral("cannot create the work directory %1").arg(state->workDir);
            return false;
        }
    }
    const QString arcDir = WorkFiles::privateSubdirectory(state->workDir, QStringLiteral("arc-tokens"), &err);
    if (arcDir.isEmpty()) {
        stop();
        return false;
    }
    // The scenario parser already refused names that are not plain; WorkFiles checks again before creating them.
    state->arcKeyFile = arcDir + u'/' + state->scenario.arcKeyFileName;
    state->federatedTokenFile = state->workDir + u'/' + state->scenario.federatedTokenFileName;
    m_tls = std::make_unique<TlsIdentity>();
    if (!options.tlsCertFile.isEmpty() || !options.tlsKeyFile.isEmpty()) {
        if (options.tlsCertFile.isEmpty() || options.tlsKeyFile.isEmpty()) {
            err = QStringLiteral("--tls-cert and --tls-key go together: give both, or neither for the local CA");
            stop();
            return false;
        }
        if (!LocalCa::loadUserCertificate(options.tlsCertFile, options.tlsKeyFile, m_tls.get(), &err)) {
            stop();
            return false;
        }
    } else {
        LocalCa ca;
        if (!ca.loadOrCreate(state->workDir, &err)) {
            err = QStringLiteral("local CA: %1").arg(err);
            stop();
            return false;
        }
        *m_tls = ca.issueLeaf({ options.bind.toString() }, &err);
        if (m_tls->isNull()) {
            stop();
            return false;
        }
    }
    m_keys = keys;
    state->publishedKeys = { keys.signer };
    state->unpublishedKey = keys.unpublished;
    for (const Fault &f : state->scenario.faults)
        state->faults << EmulatorState::ActiveFault { f, QDateTime::currentDateTimeUtc(), f.count };
    d = std::move(state);

    m_guard = new ConnectionGuard(this);
    m_guard->setLimits({ .maxConnections = options.maxConnections,
        .idleTimeoutMs = options.idleTimeoutMs,
        .requestTimeoutMs = options.requestTimeoutMs,
        .maxHeaderBytes = 64 * 1024,
        .maxRequestBytes = options.maxRequestBytes });
    connect(m_guard, &ConnectionGuard::rejected, this,
        [this](const QString &why) { Q_EMIT requestServed(QStringLiteral("guard: ") + why); });
    m_server = new EmulatorServer(m_guard, this);
    m_server->setHandler([this](const Request &r) { return dispatch(r); });
    d->setSignatureFinishedCallback([server = m_server] { server->notifySignatureFinished(); });
    connect(m_server, &EmulatorServer::replyRefused, this,
        [this](const QString &why) { logLine(QStringLiteral("server: ") + why); });

    auto *http = new GuardedTcpServer(m_guard, m_server);
    if (!http->listen(options.bind, options.port)) {
        err = QStringLiteral("cannot listen on %1:%2: %3")
                  .arg(options.bind.toString())
                  .arg(options.port)
                  .arg(http->errorString());
        stop();
        return false;
    }
    m_server->bind(http);

    auto *https = new GuardedSslServer(m_guard, m_server);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QList<QSslCertificate> { m_tls->leaf } + m_tls->chain);
    tls.setPrivateKey(m_tls->key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    https->setSslConfiguration(tls);
    https->setHandshakeTimeout(options.idleTimeoutMs);
    if (!https->listen(options.bind, options.tlsPort)) {
        err = QStringLiteral("cannot listen on %1:%2 (HTTPS): %3")
                  .arg(options.bind.toString())
                  .arg(options.tlsPort)
                  .arg(https->errorString());
        stop();
        return false;
    }
    m_server->bind(https);

    QString host = options.bind.toString();
    if (options.bind == QHostAddress::Any || options.bind == QHostAddress::AnyIPv4
        || options.bind == QHostAddress::LocalHost)
        host = QStringLiteral("127.0.0.1");
    else if (options.bind == QHostAddress::AnyIPv6 || options.bind == QHostAddress::LocalHostIPv6)
        host = QStringLiteral("[::1]");
    else if (options.bind.protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    d->base = QUrl(QStringLiteral("http://%1:%2").arg(host).arg(http->serverPort()));
    d->tlsPort = https->serverPort();
    if (!d->newArcKey(&err) || !d->writeFederatedToken(&err)) {
        stop();
        return false;
    }
    m_running = true;
    return true;
}

void Emulator::stop()
{
    m_running = false;
    if (d) { // no signature in flight may reach the server once it is gone
        d->waitForSignatures();
        d->setSignatureFinishedCallback({});
    }
    delete m_server; // closes the listening sockets and every connection
    m_server = nullptr;
    delete m_guard;
    m_guard = nullptr;
    if (d)
        d->files.removeAll(); // only the files it wrote, and only if they are still those files
    delete m_tempDir;
    m_tempDir = nullptr;
}

bool Emulator::isRunning() const
{
    return m_running;
}
QUrl Emulator::baseUrl() const
{
    return d ? d->base : QUrl();
}

QUrl Emulator::httpsBaseUrl() const
{
    if (!d)
        return {};
    QUrl url = d->base;
    url.setScheme(QStringLiteral("https"));
    url.setPort(d->tlsPort);
    return url;
}

QUrl Emulator::serviceFabricEndpoint() const
{
    QUrl url = httpsBaseUrl();
    if (!url.isEmpty())
        url.setPath(QStringLiteral("/metadata/identity/oauth2/token"));
    return url;
}

QByteArray Emulator::serviceFabricThumbprint() const
{
    return m_tls ? m_tls->leaf.digest(QCryptographicHash::Sha1).toHex().toUpper() : QByteArray();
}

QString Emulator::caCertificatePath() const
{
    return m_tls ? m_tls->caPemPath : QString();
}

QByteArray Emulator::caCertificatePem() const
{
    return m_tls ? m_tls->caPem : QByteArray();
}

QSslCertificate Emulator::tlsCertificate() const
{
    return m_tls ? m_tls->leaf : QSslCertificate();
}

const Scenario &Emulator::scenario() const
{
    static const Scenario empty;
    return d ? d->scenario : empty;
}

QStringList Emulator::protocols()
{
    return { QStringLiteral("imds"), QStringLiteral("appservice"), QStringLiteral("appservice2017"),
        QStringLiteral("azureml"), QStringLiteral("arc"), QStringLiteral("cloudshell"), QStringLiteral("servicefabric"),
        QStringLiteral("workloadidentity") };
}

QList<QPair<QString, QString>> Emulator::environment(const QString &protocol) const
{
    if (!d)
        return {};
    const QString base = d->base.toString();
    const QString secret = d->scenario.identityHeader;
    const Identity *system = d->scenario.systemIdentity();
    using Env = QList<QPair<QString, QString>>;
    if (protocol == QLatin1String("imds"))
        return Env { { QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST"), base },
            { QStringLiteral("MSAL_MANAGED_IDENTITY_ENDPOINT"),
                base + QStringLiteral("/metadata/identity/oauth2/token") } };
    if (protocol == QLatin1String("appservice"))
        return Env { { QStringLiteral("IDENTITY_ENDPOINT"), base + QStringLiteral("/msi/token") },
            { QStringLiteral("IDENTITY_HEADER"), secret } };
    if (protocol == QLatin1String("appservice2017"))
        return Env { { QStringLiteral("MSI_ENDPOINT"), base + QStringLiteral("/msi2017/token") },
            { QStringLiteral("MSI_SECRET"), secret } };
    if (protocol == QLatin1String("azureml"))
        return Env { { QStringLiteral("MSI_ENDPOINT"), base + QStringLiteral("/azureml/token") },
            { QStringLiteral("MSI_SECRET"), secret },
            { QStringLiteral("DEFAULT_IDENTITY_CLIENT_ID"), system ? system->clientId : QString() } };
    if (protocol == QLatin1String("arc"))
        return Env { { QStringLiteral("IDENTITY_ENDPOINT"),
                         base + QStringLiteral("/arc/metadata/identity/oauth2/token") },
            { QStringLiteral("IMDS_ENDPOINT"), base + QStringLiteral("/arc") } };
    if (protocol == QLatin1String("cloudshell"))
        return Env { { QStringLiteral("MSI_ENDPOINT"), base + QStringLiteral("/cloudshell/oauth2/token") } };
    if (protocol == QLatin1String("servicefabric"))
        return Env { { QStringLiteral("IDENTITY_ENDPOINT"), serviceFabricEndpoint().toString() },
            { QStringLiteral("IDENTITY_HEADER"), secret },
            { QStringLiteral("IDENTITY_SERVER_THUMBPRINT"), QString::fromLatin1(serviceFabricThumbprint()) } };
    if (protocol == QLatin1String("workloadidentity"))
        return Env { { QStringLiteral("AZURE_AUTHORITY_HOST"), base + u'/' },
            { QStringLiteral("AZURE_TENANT_ID"), d->tenant() },
            { QStringLiteral("AZURE_CLIENT_ID"), d->federatedIdentity ? d->federatedIdentity->clientId : QString() },
            { QStringLiteral("AZURE_FEDERATED_TOKEN_FILE"), d->federatedTokenFile } };
    return {};
}

QString Emulator::issuerV1() const
{
    return d ? d->issuerV1() : QString();
}
QString Emulator::issuerV2() const
{
    return d ? d->issuerV2() : QString();
}

QUrl Emulator::discoveryUrl(int version) const
{
    if (!d)
        return {};
    return QUrl(QStringLiteral("%1/%2%3/.well-known/openid-configuration")
                    .arg(d->base.toString(), d->tenant(), version == 2 ? QStringLiteral("/v2.0") : QString()));
}

QUrl Emulator::jwksUrl(int version) const
{
    if (!d)
        return {};
    return version == 2 ? QUrl(QStringLiteral("%1/%2/discovery/v2.0/keys").arg(d->base.toString(), d->tenant()))
                        : QUrl(d->base.toString() + QStringLiteral("/common/discovery/keys"));
}

QByteArray Emulator::adminToken() const
{
    return d && m_running ? d->adminToken : QByteArray();
}
QString Emulator::arcKeyFilePath() const
{
    return d ? d->arcKeyFile : QString();
}
QString Emulator::federatedTokenFilePath() const
{
    return d ? d->federatedTokenFile : QString();
}
QString Emulator::workDir() const
{
    return d ? d->workDir : QString();
}

QString Emulator::issueToken(const QString &identityName, const QString &resource, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    if (!d) {
        err = QStringLiteral("the emulator is not running");
        return {};
    }
    const Identity *identity = d->scenario.identityByName(identityName);
    if (!identity) {
        err = QStringLiteral("no identity named '%1' in scenario %2").arg(identityName, d->scenario.name);
        return {};
    }
    const EmulatorState::Issued t = d->issue(*identity, resource, QStringLiteral("inprocess"));
    d->takePendingSignature(); // no reply carries it: this caller waits for the signature itself
    if (t.error != EmulatorState::Issued::Error::None) {
        err = t.description;
        return {};
    }
    const QString token = t.completeToken();
    if (token.isEmpty())
        err = QStringLiteral("the emulator could not sign the token");
    return token;
}

bool Emulator::addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId,
    AppRoleAssignment *created, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    if (!d) {
        err = QStringLiteral("the emulator is not running");
        return false;
    }
    if (!d->addAssignment(principalId, resourceId, appRoleId, created, &err))
        return false;
    notifyChanged();
    return true;
}

bool Emulator::removeAssignment(const QString &assignmentId, QString *error)
{
    QString ignored;
    if (!d || !d->removeAssignment(assignmentId, error ? error : &ignored))
        return false;
    notifyChanged();
    return true;
}

bool Emulator::setSystemIdentityEnabled(const QString &name, bool enabled, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    if (!d) {
        err = QStringLiteral("the emulator is not running");
        return false;
    }
    if (!emulator::setSystemIdentityEnabled(d->scenario, name, enabled, &err))
        return false;
    notifyChanged();
    return true;
}

bool Emulator::replaceAppRoles(const QString &applicationId, const QList<AppRole> &roles, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    if (!d) {
        err = QStringLiteral("the emulator is not running");
        return false;
    }
    GraphRefusal refusal;
    if (!emulator::replaceAppRoles(d->scenario, applicationId, roles, &refusal)) {
        err = refusal.message;
        return false;
    }
    notifyChanged();
    return true;
}

QByteArray Emulator::rotateSigningKey(bool keepPrevious)
{
    if (!d)
        return {};
    QString err;
    auto key = SigningKey::generate(QStringLiteral("idex emulator token signing"), false, &err);
    if (!key)
        return {};
    if (!keepPrevious)
        d->publishedKeys.clear();
    d->publishedKeys.prepend(key);
    // Cached tokens were signed with the old key; a rollover that drops it must not keep handing them out.
    if (!keepPrevious)
        d->flushCache();
    notifyChanged();
    return key->kid();
}

QList<QByteArray> Emulator::publishedKeyIds() const
{
    QList<QByteArray> ids;
    if (d)
        for (const auto &k : d->publishedKeys)
            ids << k->kid();
    return ids;
}

void Emulator::setFault(const Fault &fault)
{
    if (!d)
        return;
    d->faults << EmulatorState::ActiveFault { fault, QDateTime::currentDateTimeUtc(), fault.count };
    notifyChanged();
}

void Emulator::setFaults(const QList<Fault> &faults)
{
    if (!d)
        return;
    d->faults.clear();
    for (const Fault &f : faults)
        d->faults << EmulatorState::ActiveFault { f, QDateTime::currentDateTimeUtc(), f.count };
    notifyChanged();
}

void Emulator::clearFaults()
{
    setFaults({});
}

QList<Fault> Emulator::faults() const
{
    QList<Fault> list;
    if (d)
        for (const auto &f : d->faults)
            list << f.fault;
    return list;
}

int Emulator::flushTokenCache()
{
    if (!d)
        return 0;
    const int n = d->flushCache();
    notifyChanged();
    return n;
}

int Emulator::tokenCacheSize() const
{
    return d ? d->cacheSize() : 0;
}

void Emulator::setClockSkew(int seconds)
{
    if (!d)
        return;
    d->clockSkewSeconds = seconds;
    notifyChanged();
}

int Emulator::clockSkew() const
{
    return d ? d->clockSkewSeconds : 0;
}
int Emulator::openConnections() const
{
    return m_guard ? m_guard->openConnections() : 0;
}
quint64 Emulator::refusedConnections() const
{
    return m_guard ? m_guard->rejectedCount() : 0;
}
quint64 Emulator::connectionsDroppedAtCap() const
{
    return m_guard ? m_guard->droppedAtCapCount() : 0;
}

void Emulator::notifyChanged()
{
    Q_EMIT scenarioChanged();
}

} // namespace idex::emulator
