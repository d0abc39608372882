#include "testsigner.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace idex::test {

struct TestKey::Key
{
    EVP_PKEY *pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

QByteArray bignumParam(EVP_PKEY *key, const char *name, int size = 0)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        throw std::runtime_error("EVP_PKEY_get_bn_param");
    QByteArray bytes(size ? size : BN_num_bytes(bn), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(bytes.data()), int(bytes.size()));
    BN_free(bn);
    return bytes;
}

int coordinateSize(const QString &curve)
{
    return curve == QLatin1String("P-256") ? 32 : curve == QLatin1String("P-384") ? 48 : 66;
}

} // namespace

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

TestKey TestKey::rsa(const QString &kid, int bits)
{
    TestKey key;
    key.m_key = std::make_shared<Key>();
    key.m_key->pkey = EVP_RSA_gen(static_cast<unsigned int>(bits));
    key.m_kid = kid;
    return key;
}

TestKey TestKey::ec(const QString &kid, const QString &curve)
{
    TestKey key;
    key.m_key = std::make_shared<Key>();
    const char *group = curve == QLatin1String("P-256") ? "P-256" : curve == QLatin1String("P-384") ? "P-384" : "P-521";
    key.m_key->pkey = EVP_EC_gen(group);
    key.m_kid = kid;
    key.m_curve = curve;
    return key;
}

QJsonObject TestKey::publicJwk() const
{
    QJsonObject jwk { { QStringLiteral("kid"), m_kid }, { QStringLiteral("use"), QStringLiteral("sig") } };
    if (m_curve.isEmpty()) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(
            QStringLiteral("n"), QString::fromLatin1(base64Url(bignumParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(
            QStringLiteral("e"), QString::fromLatin1(base64Url(bignumParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_E))));
    } else {
        const int size = coordinateSize(m_curve);
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), m_curve);
        jwk.insert(QStringLiteral("x"),
            QString::fromLatin1(base64Url(bignumParam(m_key->pkey, OSSL_PKEY_PARAM_EC_PUB_X, size))));
        jwk.insert(QStringLiteral("y"),
            QString::fromLatin1(base64Url(bignumParam(m_key->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size))));
    }
    return jwk;
}

QByteArray TestKey::publicPem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, m_key->pkey);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, length);
    BIO_free(bio);
    return pem;
}

QByteArray TestKey::certificateDer() const
{
    X509 *cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, m_key->pkey);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("idex test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, m_key->pkey, EVP_sha256());
    unsigned char *der = nullptr;
    const int length = i2d_X509(cert, &der);
    QByteArray bytes(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    X509_free(cert);
    return bytes;
}

QByteArray TestKey::sign(const QString &alg, const QByteArray &input) const
{
    const EVP_MD *md = alg.endsWith(QLatin1String("256")) ? EVP_sha256()
        : alg.endsWith(QLatin1String("384"))              ? EVP_sha384()
                                                          : EVP_sha512();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    EVP_DigestSignInit(ctx, &pctx, md, nullptr, m_key->pkey);
    if (alg.startsWith(QLatin1String("PS"))) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t length = 0;
    EVP_DigestSign(
        ctx, nullptr, &length, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    QByteArray signature(qsizetype(length), '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &length,
        reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    signature.resize(qsizetype(length));
    EVP_MD_CTX_free(ctx);
    if (!alg.startsWith(QLatin1String("ES")))
        return signature;
    // DER -> JOSE r||s
    const auto *der = reinterpret_cast<const unsigned char *>(signature.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &der, long(signature.size()));
    const int size = coordinateSize(m_curve);
    QByteArray raw(2 * size, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char *>(raw.data()), size);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char *>(raw.data()) + size, size);
    ECDSA_SIG_free(sig);
    return raw;
}

QString signToken(QJsonObject header, const QJsonObject &claims, const TestKey &key, const QString &alg)
{
    header.insert(QStringLiteral("alg"), alg);
    if (!header.contains(QLatin1String("kid")))
        header.insert(QStringLiteral("kid"), key.kid());
    if (!header.contains(QLatin1String("typ")))
        header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(input + '.' + base64Url(key.sign(alg, input)));
}

QString rawToken(const QJsonObject &header, const QJsonObject &claims, const QByteArray &signature)
{
    return QString::fromLatin1(base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + base64Url(signature));
}

QByteArray jwksDocument(const QList<TestKey> &keys)
{
    QJsonArray array;
    for (const TestKey &key : keys)
        array.append(key.publicJwk());
    return QJsonDocument(QJsonObject { { QStringLiteral("keys"), array } }).toJson(QJsonDocument::Compact);
}

} // namespace idex::test
