#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace idex {

struct PreparedKey; // publickey.h: the OpenSSL key, built once

/*! One public key of a JWKS (RFC 7517), as published by an issuer: RSA (n, e), EC (crv, x, y), and/or an X.509
    chain (x5c). Only what verification and display need; private members (d, p, q ...) are never read. */
struct JsonWebKey
{
    QString kty; ///< "RSA" or "EC"
    QString kid;
    QString use; ///< "sig" or empty
    QString alg; ///< optional: when present, the only algorithm the key may be used with
    QString x5t;
    QString crv; ///< EC: "P-256", "P-384", "P-521"
    QByteArray n, e; ///< RSA modulus and exponent, big-endian bytes
    QByteArray x, y; ///< EC coordinates, big-endian bytes
    QList<QByteArray> x5c; ///< DER certificates, leaf first
    QByteArray pem; ///< a PEM public key or certificate (keys loaded from a .pem file)
    QString issuer; ///< Entra's per-key "issuer" member, when present
    QJsonObject json; ///< the key as published
    /*! The OpenSSL key built from the members above by parseJwks(), shared by every copy of the key set and every
        thread (immutable). Null for a key assembled by hand: verification then builds one per call. Set it again
        (preparePublicKey()) after changing n, e, x, y, crv, x5c or pem. */
    std::shared_ptr<const PreparedKey> prepared;

    bool isRsa() const { return kty == QLatin1String("RSA"); }
    bool isEc() const { return kty == QLatin1String("EC"); }
    /*! "RSA 2048 bits", "EC P-256", ... */
    QString describe() const;
};

/*! A key set. Order is meaningless (Entra publishes several keys and rolls them over without notice). */
struct JsonWebKeySet
{
    QList<JsonWebKey> keys;
    QStringList skipped; ///< keys that could not be read, with the reason, for evidence

    /*! The key whose kid (or x5t) equals \a keyId; nullptr when none. */
    const JsonWebKey *find(const QString &keyId) const;
    QStringList keyIds() const;
    bool isEmpty() const { return keys.isEmpty(); }
};

struct JwksParseResult
{
    JsonWebKeySet set;
    QString error; ///< empty on success

    bool ok() const { return error.isEmpty(); }
};

/*! Parses a JWKS document ({"keys": [...]}) or a single JWK object. Also accepts PEM text (PUBLIC KEY or CERTIFICATE
    blocks), so an offline user can verify with the issuer's certificate file. */
JwksParseResult parseJwks(const QByteArray &document);

} // namespace idex
