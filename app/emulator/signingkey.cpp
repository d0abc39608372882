#include "signingkey.h"

#include "net/base64url.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace idex::emulator {

struct SigningKey::Native
{
    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    ~Native()
    {
        X509_free(cert);
        EVP_PKEY_free(key);
    }
};

namespace {

QByteArray bnParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    QByteArray bytes(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(bn);
    return bytes;
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

QByteArray bioToBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

} // namespace

SigningKey::~SigningKey() = default;

std::shared_ptr<SigningKey> SigningKey::generate(const QString &subjectCn, bool tlsServer, QString *error)
{
    std::shared_ptr<SigningKey> key(new SigningKey);
    key->m_native = std::make_unique<Native>();
    Native &n = *key->m_native;
    n.key = EVP_RSA_gen(2048);
    if (!n.key) {
        *error = QStringLiteral("OpenSSL could not generate an RSA key");
        return nullptr;
    }
    n.cert = X509_new();
    X509_set_version(n.cert, 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *serialBn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(serialBn, X509_get_serialNumber(n.cert));
    BN_free(serialBn);
    X509_gmtime_adj(X509_getm_notBefore(n.cert), -86400);
    X509_gmtime_adj(X509_getm_notAfter(n.cert), 2L * 365 * 86400);
    X509_set_pubkey(n.cert, n.key);
    X509_NAME *name = X509_get_subject_name(n.cert);
    const QByteArray cn = subjectCn.toUtf8();
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(n.cert, name);
    if (tlsServer
        && (!addExtension(n.cert, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost")
            || !addExtension(n.cert, NID_ext_key_usage, "serverAuth"))) {
        *error = QStringLiteral("OpenSSL could not add the certificate extensions");
        return nullptr;
    }
    if (X509_sign(n.cert, n.key, EVP_sha256()) <= 0) {
        *error = QStringLiteral("OpenSSL could not sign the certificate");
        return nullptr;
    }
    unsigned char *der = nullptr;
    const int derLen = i2d_X509(n.cert, &der);
    if (derLen <= 0) {
        *error = QStringLiteral("OpenSSL could not encode the certificate");
        return nullptr;
    }
    key->m_certDer = QByteArray(reinterpret_cast<const char *>(der), derLen);
    OPENSSL_free(der);
    key->m_kid = base64Url(QCryptographicHash::hash(key->m_certDer, QCryptographicHash::Sha1));
    key->m_n = bnParam(n.key, OSSL_PKEY_PARAM_RSA_N);
    key->m_e = bnParam(n.key, OSSL_PKEY_PARAM_RSA_E);
    return key;
}

QByteArray SigningKey::certificatePem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, m_native->cert);
    const QByteArray pem = bioToBytes(bio);
    BIO_free(bio);
    return pem;
}

QByteArray SigningKey::privateKeyPem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, m_native->key, nullptr, nullptr, 0, nullptr, nullptr);
    const QByteArray pem = bioToBytes(bio);
    BIO_free(bio);
    return pem;
}

QByteArray SigningKey::sha1ThumbprintHex() const
{
    return QCryptographicHash::hash(m_certDer, QCryptographicHash::Sha1).toHex().toUpper();
}

QByteArray SigningKey::signRs256(const QByteArray &data) const
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    QByteArray signature;
    size_t len = 0;
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_native->key) == 1
        && EVP_DigestSign(
               ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            == 1) {
        signature.resize(qsizetype(len));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len,
                reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            != 1)
            signature.clear();
        else
            signature.resize(qsizetype(len));
    }
    EVP_MD_CTX_free(ctx);
    return signature;
}

bool SigningKey::verifyRs256(const QByteArray &data, const QByteArray &signature) const
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, m_native->key) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

QByteArray SigningKey::jwkJson(const QString &issuer) const
{
    QJsonObject jwk { { QStringLiteral("kty"), QStringLiteral("RSA") },
        { QStringLiteral("use"), QStringLiteral("sig") }, { QStringLiteral("kid"), QString::fromLatin1(m_kid) },
        { QStringLiteral("x5t"), QString::fromLatin1(m_kid) },
        { QStringLiteral("n"), QString::fromLatin1(base64Url(m_n)) },
        { QStringLiteral("e"), QString::fromLatin1(base64Url(m_e)) },
        { QStringLiteral("x5c"), QJsonArray { QString::fromLatin1(m_certDer.toBase64()) } } };
    if (!issuer.isEmpty())
        jwk.insert(QStringLiteral("issuer"), issuer);
    return QJsonDocument(jwk).toJson(QJsonDocument::Compact);
}

} // namespace idex::emulator
