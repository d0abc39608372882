#pragma once

#include "scenario.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QUrl>

#include <memory>

class QTemporaryDir;

namespace idex::emulator {

class EmulatorState;
class SigningKey;
struct TlsIdentity;
struct Request;
struct Reply;
class EmulatorServer;
class ConnectionGuard;

struct EmulatorOptions
{
    QHostAddress bind = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; ///< 0 = ephemeral
    quint16 tlsPort = 0; ///< the HTTPS port (every route, and Service Fabric's), 0 = ephemeral
    QString scenario = QStringLiteral("seed"); ///< built-in name or a JSON file path
    /*! A directory snapshot file to serve instead of the scenario (see scenarioFromDirectory): your tenant,
        offline. Empty = the scenario. */
    QString directory;
    bool entraIssuers = false; ///< mint https://sts.windows.net/{tid}/ and https://login.microsoftonline.com/{tid}/v2.0
    QString workDir; ///< where the Arc key file and the federated token file go; empty = a private QTemporaryDir
    /*! A certificate (PEM, leaf first, then its chain) and key of the user's own for the HTTPS port; both empty =
        a leaf from the local CA of workDir (tls/ca.pem, made on first use). */
    QString tlsCertFile, tlsKeyFile;
    int idleTimeoutMs = 30000; ///< connections silent this long are closed; headers must arrive within it
    int requestTimeoutMs = 30000; ///< a whole request (headers and body) must arrive within it, else 408
    int maxConnections = 256; ///< at the cap, the oldest unfinished connection makes room for a new one
    qint64 maxRequestBytes = 4 * 1024 * 1024; ///< larger requests get 413
    /*! The admin API's bearer secret (see adminTokenProblem() for the form); empty = a fresh random one per start. */
    QByteArray adminToken;
};

/*! The RSA keys an emulator needs: the token signer and an unpublished key (keyRollover fault). Generating them
    takes 0.1 s to seconds, so a GUI prepares them on a worker thread (thread-safe). The HTTPS key is the local CA's
    business (ECDSA, milliseconds). */
struct EmulatorKeys
{
    std::shared_ptr<SigningKey> signer, unpublished;
    bool isValid() const { return signer && unpublished; }
};

/*! The local managed identity + Entra + Graph endpoint (issue #3). An HTTP port and an HTTPS port (issue #15) serve
    every route; on the HTTPS port the IMDS path is Service Fabric's. The HTTPS certificate comes from a local CA
    kept in the work directory (or is the user's own). Lives on the thread that created it; never blocks it.

    URL layout, with base = baseUrl():
    IMDS {base}/metadata/identity/oauth2/token · App Service 2019 {base}/msi/token · 2017 {base}/msi2017/token ·
    Azure ML {base}/azureml/token · Arc {base}/arc/metadata/identity/oauth2/token · Cloud Shell POST
    {base}/cloudshell/oauth2/token · workload identity POST {base}/{tenant}/oauth2/v2.0/token · discovery
    {base}/{tenant}[/v2.0]/.well-known/openid-configuration · JWKS {base}/{tenant}/discovery[/v2.0]/keys,
    {base}/common/discovery/keys · Graph {base}/v1.0/... · functions {base}/api/<name>, {base}/.auth/me ·
    admin {base}/admin/... (loopback peers with "Authorization: Bearer <adminToken()>", never from a web page).
    Every route refuses a Host header that does not name the address it serves (DNS rebinding). */
class Emulator : public QObject
{
    Q_OBJECT
public:
    explicit Emulator(QObject *parent = nullptr);
    ~Emulator() override;

    bool start(const EmulatorOptions &options, QString *error = nullptr); ///< generates fresh keys itself
    bool start(const EmulatorOptions &options, const EmulatorKeys &keys, QString *error = nullptr);
    static EmulatorKeys generateKeys(QString *error = nullptr);
    EmulatorKeys keys() const { return m_keys; } ///< the keys it started with (to restart without waiting)
    void stop();
    bool isRunning() const;

    QUrl baseUrl() const; ///< http://127.0.0.1:PORT
    QUrl httpsBaseUrl() const; ///< https://127.0.0.1:TLSPORT, every route of baseUrl() over TLS
    QUrl serviceFabricEndpoint() const; ///< https://127.0.0.1:TLSPORT/metadata/identity/oauth2/token
    QByteArray serviceFabricThumbprint() const; ///< SHA-1 hex of the HTTPS leaf, upper case
    /*! The local CA's certificate file ({workDir}/tls/ca.pem), what clients trust (NODE_EXTRA_CA_CERTS,
        REQUESTS_CA_BUNDLE, SSL_CERT_FILE); empty when the HTTPS port uses a certificate of the user's own. */
    QString caCertificatePath() const;
    QByteArray caCertificatePem() const; ///< the same, in memory; empty for a certificate of the user's own
    QSslCertificate tlsCertificate() const; ///< the HTTPS leaf
    const Scenario &scenario() const;
    const EmulatorOptions &options() const { return m_options; }

    /*! Environment variables an SDK needs for \a protocol: "imds", "appservice", "appservice2017", "azureml",
        "arc", "cloudshell", "servicefabric", "workloadidentity". Contains the scenario's (fake) identity secret. */
    QList<QPair<QString, QString>> environment(const QString &protocol) const;
    static QStringList protocols();

    QString issuerV1() const; ///< "{base}/{tenant}/" (or https://sts.windows.net/{tid}/ with entraIssuers)
    QString issuerV2() const; ///< "{base}/{tenant}/v2.0" (or https://login.microsoftonline.com/{tid}/v2.0)
    QUrl discoveryUrl(int version) const; ///< v1 or v2 openid-configuration on this emulator
    QUrl jwksUrl(int version) const; ///< v1: {base}/common/discovery/keys, v2: {base}/{tenant}/discovery/v2.0/keys
    /*! The admin API's secret for this run, in memory only: callers send it as "Authorization: Bearer <it>" and
        never save or log it. Empty when not running. */
    QByteArray adminToken() const;
    QString arcKeyFilePath() const;
    QString federatedTokenFilePath() const;
    QString workDir() const;

    /*! Issues a token in-process exactly as the endpoints do (same cache). Empty with \a error set on failure. */
    QString issueToken(const QString &identityName, const QString &resource, QString *error = nullptr);

    // The admin operations (also served by the admin API); each emits scenarioChanged().
    bool addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId,
        AppRoleAssignment *created = nullptr, QString *error = nullptr);
    bool removeAssignment(const QString &assignmentId, QString *error = nullptr);
    /*! Turns the system-assigned identity of host \a name on or off, as Azure does (see liveedits.h). */
    bool setSystemIdentityEnabled(const QString &name, bool enabled, QString *error = nullptr);
    /*! Replaces the app roles of the application with object id \a applicationId, with Graph's rules (liveedits.h). */
    bool replaceAppRoles(const QString &applicationId, const QList<AppRole> &roles, QString *error = nullptr);
    /*! A new current signing key; the previous ones stay published unless \a keepPrevious is false. Returns its kid. */
    QByteArray rotateSigningKey(bool keepPrevious = true);
    QList<QByteArray> publishedKeyIds() const;
    void setFault(const Fault &fault); ///< adds one
    void setFaults(const QList<Fault> &faults); ///< replaces all
    void clearFaults();
    QList<Fault> faults() const;
    int flushTokenCache(); ///< returns how many cached tokens were dropped
    int tokenCacheSize() const;
    /*! The largest shift setClockSkew() is asked for through the admin API and the dock: a day either way. */
    static constexpr int maxClockSkewSeconds = 86400;
    void setClockSkew(int seconds); ///< shifts iat/nbf/exp of newly issued tokens
    int clockSkew() const;
    quint64 requestCount() const { return m_requests; }
    /*! Serves one request in-process through the same routing as the HTTP server (no socket): the fuzz target of
        the emulator's request handling dispatches through here. */
    Reply serve(const Request &request);
    int openConnections() const;
    /*! Connections the guard refused or cut off (dropped at the cap, idle, slow, garbage, oversized). */
    quint64 refusedConnections() const;
    /*! Of those, the connections dropped at the cap to make room for new ones. */
    quint64 connectionsDroppedAtCap() const;

Q_SIGNALS:
    void scenarioChanged(); ///< assignments/keys/faults changed (the GUI refreshes)
    void requestServed(const QString &summary); ///< one line per request, secrets redacted (for a GUI log)

private:
    Reply dispatch(const Request &request);
    /*! One line of the request log, control characters shown as \xNN (see emulatordispatch.cpp). */
    void logLine(const QString &line);
    void notifyChanged();

    EmulatorOptions m_options;
    std::unique_ptr<EmulatorState> d;
    ConnectionGuard *m_guard = nullptr;
    EmulatorServer *m_server = nullptr;
    QTemporaryDir *m_tempDir = nullptr;
    std::unique_ptr<TlsIdentity> m_tls;
    EmulatorKeys m_keys;
    quint64 m_requests = 0;
    bool m_running = false;
};

} // namespace idex::emulator
