#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace idex::emulator {

/*! A 2048-bit RSA key with a self-signed certificate, as Entra publishes its signing keys: kid and x5t are the
    base64url SHA-1 of the certificate's DER, x5c the certificate. Also used for the Service Fabric TLS endpoint. */
class SigningKey
{
public:
    /*! Generates a fresh key; \a subjectCn names the certificate; \a tlsServer adds SAN 127.0.0.1/localhost. */
    static std::shared_ptr<SigningKey> generate(const QString &subjectCn, bool tlsServer, QString *error);
    ~SigningKey();

    QByteArray kid() const { return m_kid; }
    QByteArray certificateDer() const { return m_certDer; }
    QByteArray certificatePem() const;
    QByteArray privateKeyPem() const;
    QByteArray sha1ThumbprintHex() const; ///< upper-case hex of SHA-1(DER), the Service Fabric thumbprint form
    QByteArray modulus() const { return m_n; }
    QByteArray exponent() const { return m_e; }

    /*! RSASSA-PKCS1-v1_5 with SHA-256 over \a data. */
    QByteArray signRs256(const QByteArray &data) const;
    bool verifyRs256(const QByteArray &data, const QByteArray &signature) const;

    /*! The JWK Entra publishes: kty, use, kid, x5t, n, e, x5c (+ issuer when given). */
    QByteArray jwkJson(const QString &issuer) const;

private:
    SigningKey() = default;
    struct Native;
    std::unique_ptr<Native> m_native;
    QByteArray m_kid, m_certDer, m_n, m_e;
};

} // namespace idex::emulator
