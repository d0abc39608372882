#pragma once

#include "decodedtoken.h"
#include "jwkscache.h"
#include "keyresolution.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>

namespace idex {

class HttpClient;

/*! Finds the keys that verify a token: OpenID discovery from its `iss` (v1 and v2 metadata), an explicit JWKS URL,
    or a JWKS/PEM file (offline). Every resolution says how far its keys can be trusted (KeyResolution::trust): keys
    the user named (URL, file) are trusted; keys discovered from a token's own `iss` only for an Entra authority, an
    issuer on a loopback address (the emulator) or an issuer allowed with setTrustedIssuers(). Discovery follows a
    `jwks_uri` only on the issuer's own host (or an Entra authority), and plain http only for a loopback issuer on the
    same origin. Key sets are cached by URL (see JwksCache). All HTTP goes through the given
    HttpClient; the async calls never block (GUI), the *AndWait calls run a local event loop (CLI, tests).
    Lives on the HttpClient's thread. */
class KeyResolver : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const idex::KeyResolution &)>;

    explicit KeyResolver(HttpClient &http, QObject *parent = nullptr);

    /*! Discovery: {metadata of iss} -> jwks_uri -> keys. \a done runs once, unless \a context is gone by then. */
    void resolveForToken(const DecodedToken &token, QObject *context, Callback done);
    /*! Keys from a JWKS URL; \a keyId decides whether a cached set must be refreshed. */
    void resolveFromUrl(const QUrl &jwksUrl, const QString &keyId, QObject *context, Callback done);

    KeyResolution resolveForTokenAndWait(const DecodedToken &token);
    KeyResolution resolveFromUrlAndWait(const QUrl &jwksUrl, const QString &keyId);

    /*! A JWKS, a single JWK, or PEM public keys/certificates from a file. No network. */
    static KeyResolution loadFile(const QString &path);

    /*! The OpenID configuration URL for an issuer: Entra v1 (sts.windows.net/{tid}/) maps to
        login.microsoftonline.com/{tid}/.well-known/openid-configuration, v2 to .../{tid}/v2.0/.well-known/...,
        anything else to {iss}/.well-known/openid-configuration. Invalid when the issuer is not an https URL (or an
        http URL on a loopback host, like the emulator's). */
    static QUrl metadataUrlFor(const QString &issuer, QString *problem = nullptr);

    /*! Issuers (exact `iss` values) whose discovered keys the user trusts besides Entra's and the emulator's. */
    void setTrustedIssuers(const QStringList &issuers) { m_trustedIssuers = issuers; }
    /*! How far keys discovered from \a issuer can be trusted, and why (in words). */
    KeyTrust trustForIssuer(const QString &issuer, QString *why = nullptr) const;

    /*! Replaces the clock (tests of the refresh rules). */
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    JwksCache &cache() { return m_cache; }
    /*! How many HTTP requests this resolver has sent (metadata + key sets), for tests and the status line. */
    int requestCount() const { return m_requestCount; }

private:
    struct Job;
    void fetchKeys(std::shared_ptr<Job> job, const QUrl &jwksUrl);
    void finish(const std::shared_ptr<Job> &job);
    KeyResolution wait(const std::function<void(QObject *, Callback)> &start);

    HttpClient &m_http;
    JwksCache m_cache;
    struct Metadata
    {
        QUrl jwksUri;
        QString issuer;
        QDateTime fetchedAt;
    };
    QHash<QString, Metadata> m_metadata; ///< by metadata URL
    std::function<QDateTime()> m_clock;
    QStringList m_trustedIssuers;
    int m_requestCount = 0;
};

/*! Runs verifySignature() with the resolved keys and records their trust in the verdict, or records why there are
    none (SignatureStatus::Error, reason "keys-unavailable"). */
SignatureVerdict verifyWithResolution(const DecodedToken &token, const KeyResolution &resolution);

} // namespace idex
