#pragma once

// Test-only: real keys and real signatures made with OpenSSL, so verification tests check actual cryptography.
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace idex::test {

class TestKey
{
public:
    static TestKey rsa(const QString &kid, int bits = 2048);
    static TestKey ec(const QString &kid, const QString &curve = QStringLiteral("P-256"));

    QString kid() const { return m_kid; }
    /*! The public JWK (RSA n/e or EC crv/x/y), as an issuer publishes it. */
    QJsonObject publicJwk() const;
    QByteArray publicPem() const;
    /*! A self-signed X.509 certificate for the key, DER (for x5c). */
    QByteArray certificateDer() const;
    /*! A JOSE signature (ES*: raw r||s) of \a input with \a alg (RS256/384/512, PS256/384/512, ES256/384/512). */
    QByteArray sign(const QString &alg, const QByteArray &input) const;

private:
    struct Key;
    std::shared_ptr<Key> m_key;
    QString m_kid;
    QString m_curve;
};

QByteArray base64Url(const QByteArray &bytes);
/*! header.payload.signature with the header's alg and kid set from the arguments. */
QString signToken(
    QJsonObject header, const QJsonObject &claims, const TestKey &key, const QString &alg = QStringLiteral("RS256"));
/*! An unsigned token with any header (alg none, HS256 ...) and the given raw signature bytes. */
QString rawToken(const QJsonObject &header, const QJsonObject &claims, const QByteArray &signature = {});
QByteArray jwksDocument(const QList<TestKey> &keys);

} // namespace idex::test
