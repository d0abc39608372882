#pragma once

#include "jsontemplate.h"
#include "reply.h"
#include "request.h"
#include "scenario.h"
#include "signingkey.h"
#include "workfile.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QUrl>

#include <array>
#include <functional>
#include <memory>
#include <optional>

namespace idex::emulator {

/*! Everything the routes share: the live scenario, signing keys, the token cache, active faults. Internal to the
    emulator library; the public face is Emulator. Single-threaded (the emulator's thread). */
class EmulatorState
{
public:
    struct Issued
    {
        enum class Error { None, IdentityNotFound, InvalidResource };
        Error error = Error::None;
        QString token; ///< while the signature is pending, its last part is the reply's placeholder
        QByteArray signingInput; ///< header.payload
        QFuture<QByteArray> signature; ///< base64url; finished when the token is complete
        qint64 issuedAt = 0, notBefore = 0, expiresOn = 0;
        QString resource;
        const Identity *identity = nullptr;
        bool fromCache = false;
        QString description; ///< for errors: Entra's wording
        /*! The whole token, waiting for its signature if needed (for in-process callers, never the event loop). */
        QString completeToken() const;
    };

    /*! Outcome of validating a bearer token like App Service Authentication. */
    struct Validation
    {
        bool ok = false;
        QString error; ///< "The audience '...' is invalid"
        QJsonObject header, claims;
    };

    struct ActiveFault
    {
        Fault fault;
        QDateTime since;
        int remaining = 0;
    };

    EmulatorState();
    ~EmulatorState();

    Scenario scenario;
    QUrl base; ///< http://127.0.0.1:PORT
    quint16 tlsPort = 0; ///< the HTTPS port (every route; Service Fabric's token path)
    bool entraIssuers = false;
    QByteArray adminToken; ///< the admin API's bearer secret for this run
    QString workDir;
    WorkFiles files; ///< what the emulator wrote into workDir (removed on stop)
    QString arcKeyFile;
    QByteArray arcKey;
    QString federatedTokenFile;
    const Identity *federatedIdentity = nullptr;
    QList<std::shared_ptr<SigningKey>> publishedKeys; ///< first = current signer
    std::shared_ptr<SigningKey> unpublishedKey; ///< signs tokens under the keyRollover fault
    QList<ActiveFault> faults;
    int clockSkewSeconds = 0;
    bool logNotes = true; ///< someone reads the request log: routes write Reply::note (set per request)

    QString tenant() const { return scenario.tenantId; }
    QString issuerV1() const;
    QString issuerV2() const;
    QString authority() const; ///< base URL (or https://login.microsoftonline.com) without trailing '/'
    QString federatedIssuer() const { return base.toString() + QStringLiteral("/oidc"); }
    /*! "scheme://host[:port]" as \a request came in (its Host header, checked by hostIsServed() before any route
        runs): the base of every URL the emulator writes into an answer (discovery, @odata.nextLink, ...), so a
        client on https or on "localhost" is sent on where it already is. Issuers are names, not links: they stay. */
    QString urlBase(const Request &request) const;
    qint64 now() const { return QDateTime::currentSecsSinceEpoch(); }

    /*! The identity a request selects; nullptr when not found or not attached. Empty selector = system-assigned. */
    const Identity *selectIdentity(const QString &clientId, const QString &objectId, const QString &resourceId) const;
    /*! Gets a token for \a identity and \a resource through the platform cache; \a route decides which faults apply. */
    Issued issue(const Identity &identity, const QString &resource, const QString &route);
    /*! The signature of the token issue() made last, when it is still pending (the dispatcher moves it into the
        reply whose body holds its placeholder). Cleared by the call. */
    std::optional<PendingSignature> takePendingSignature();
    /*! \a callback runs on a pool thread after each signature finished (the server then writes the answers waiting
        for it). Change it only while no signature runs: after waitForSignatures(), on the emulator's thread. */
    void setSignatureFinishedCallback(std::function<void()> callback);
    void waitForSignatures() { m_signers.waitForDone(); }
    /*! Mints a signed JWT with \a claims (v1 headers carry x5t too), on this thread. */
    QString sign(const QJsonObject &claims, bool v1, bool unpublished = false) const;
    /*! Signature (against published keys), then issuer/audience/lifetime as listed; empty lists skip a check. */
    Validation validate(const QByteArray &token, const QStringList &issuers, const QStringList &audiences) const;
    int flushCache();
    /*! The body of a success answer for a cached token, made at most once a second (its expires_in changes each
        second): JSON serialization of a 1.5 KB token is most of a cached answer's cost. \a make builds it; \a shape
        names the answer's form (one per route family). */
    QByteArray cachedAnswerBody(
        QLatin1String shape, const Issued &t, qint64 now, const std::function<QByteArray()> &make);
    /*! The template of one answer shape (\a key names it and its fixed values), made once by \a make from an object
        whose varying fields hold the markers it is given (see JsonTemplate). */
    const JsonTemplate &answerTemplate(
        const QString &key, int fields, const std::function<QJsonObject(const std::function<QString(int)> &)> &make);
    /*! Graph's rules: both service principals exist, the role exists on the resource (or is default access),
        no duplicate. \a error gets Graph's message. */
    bool addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId,
        AppRoleAssignment *created, QString *error);
    bool removeAssignment(const QString &assignmentId, QString *error);
    int cacheSize() const { return int(m_cache.size()); }

    /*! Active faults for \a route that change issued tokens. */
    bool hasFault(const QString &route, Fault::Kind kind, int *value = nullptr) const;
    /*! Applies short-circuit faults (status, throttle, upgrade window) and latency; returns true when \a reply is
     * final. */
    bool applyFaults(const QString &route, Reply *reply);
    /*! Consumes one use of an identity-not-found fault for \a route. */
    bool takeIdentityNotFound(const QString &route);

    /*! A fresh Arc challenge key, written to arcKeyFile (replacing the previous one). */
    bool newArcKey(QString *error = nullptr);
    bool writeFederatedToken(QString *error);
    Reply entraError(int status, const QString &error, int code, const QString &description) const;
    static QString correlationId();

private:
    struct Cached
    {
        QByteArray signingInput;
        QFuture<QByteArray> signature; ///< may still be running: a second request for it waits for the same one
        qint64 issuedAt, notBefore, expiresOn;
        QString token; ///< the whole token, kept once its signature is there (hits then copy no bytes)
    };
    QHash<QString, Cached> m_cache;
    bool roll(ActiveFault &fault);
    QByteArray signingInput(const QJsonObject &claims, bool v1, const SigningKey &key) const;
    /*! The base64url JWT header for \a key (typ, alg, kid, and x5t for v1 tokens). */
    QByteArray headerPart(bool v1, const SigningKey &key) const;
    /*! The claims JSON of an issued token: \a fixed = version, aud, iss, oid, tid, client id, ARM id, whether the ARM
        id is a claim, then the roles; \a varying = iat, nbf, exp and the quoted aio, uti, rh (base64url text, which
        JSON needs no escapes for). Byte for byte what QJsonDocument makes of the whole object. */
    QByteArray claimsPayload(const QStringList &fixed, const std::array<QByteArray, 6> &varying);
    QHash<QStringList, JsonTemplate> m_claimTemplates; ///< by claimsPayload()'s fixed values
    QHash<QString, JsonTemplate> m_answerTemplates; ///< see answerTemplate()
    /*! Fills \a out's token from its signing input and signature: complete when the signature is ready, else with
        a placeholder, noted as the pending signature. */
    void fillToken(Issued *out);

    struct AnswerMemo
    {
        QString token;
        qint64 now = 0;
        QByteArray body;
    };
    struct Issuers
    {
        bool entra = false;
        QUrl base;
        QString tenant;
        QString v1, v2;
    };
    /*! issuerV1() and issuerV2(), made once for the values they depend on. */
    const Issuers &issuers() const;
    mutable std::optional<Issuers> m_issuers;

    QHash<QString, AnswerMemo> m_answers; ///< by identity|resource|shape, see cachedAnswerBody()
    mutable QHash<QByteArray, QByteArray> m_headerParts; ///< base64url JWT header by "kid|version"

    QThreadPool m_signers;
    std::shared_ptr<const std::function<void()>> m_signatureFinished;
    std::optional<PendingSignature> m_pending;
    QByteArray m_placeholderNonce; ///< random per state: requests cannot forge a placeholder
    quint64 m_placeholders = 0;
};

} // namespace idex::emulator
