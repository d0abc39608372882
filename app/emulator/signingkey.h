#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>

#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace idex::emulator {

/*! A 2048-bit RSA key with a self-signed certificate, as Entra publishes its signing keys: kid and x5t are the
    base64url SHA-1 of the certificate's DER, x5c the certificate. Also used for the Service Fabric TLS endpoint.
    Immutable once generated: any thread may sign with it at the same time. Lives in memory only. */
class SigningKey
{
public:
    /*! Generates a fresh key now; \a subjectCn names the certificate; \a tlsServer adds SAN 127.0.0.1/localhost.
        The prime search runs on every core at once and the first to finish wins (its time varies a lot, so the
        fastest of two searches is much faster than one on average); the others are cancelled. */
    static std::shared_ptr<SigningKey> generate(const QString &subjectCn, bool tlsServer, QString *error);
    /*! Returns at once; the key is generated on a background thread of lower priority. Every accessor waits for it
        (see ready()), so a caller that needs it early only waits then. Destroying it cancels the search. */
    static std::shared_ptr<SigningKey> generateInBackground(const QString &subjectCn, bool tlsServer);
    ~SigningKey();

    /*! Finishes when the key is there (or generating it failed: then error() says why and isValid() is false). */
    QFuture<void> ready() const { return m_ready; }
    bool isReady() const { return m_ready.isFinished(); }
    bool isValid() const; ///< waits for the key
    QString error() const; ///< waits for the key

    QByteArray kid() const { return waitUntilReady(), m_kid; }
    QByteArray certificateDer() const { return waitUntilReady(), m_certDer; }
    QByteArray certificatePem() const;
    QByteArray privateKeyPem() const;
    QByteArray sha1ThumbprintHex() const; ///< upper-case hex of SHA-1(DER), the Service Fabric thumbprint form
    QByteArray modulus() const { return waitUntilReady(), m_n; }
    QByteArray exponent() const { return waitUntilReady(), m_e; }

    /*! RSASSA-PKCS1-v1_5 with SHA-256 over \a data. */
    QByteArray signRs256(const QByteArray &data) const;
    bool verifyRs256(const QByteArray &data, const QByteArray &signature) const;

    /*! The JWK Entra publishes: kty, use, kid, x5t, n, e, x5c (+ issuer when given). */
    QByteArray jwkJson(const QString &issuer) const;

private:
    SigningKey() = default;
    bool build(const QString &subjectCn, bool tlsServer, ::evp_pkey_st *key); ///< certificate, kid, n, e
    void waitUntilReady() const;
    struct Native;
    struct Background;
    std::unique_ptr<Native> m_native;
    std::unique_ptr<Background> m_background;
    QFuture<void> m_ready;
    QString m_error;
    QByteArray m_kid, m_certDer, m_n, m_e;
};

} // namespace idex::emulator
