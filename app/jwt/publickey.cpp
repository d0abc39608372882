#include "publickey.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace idex {

void EvpKeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

namespace {

struct BnDeleter
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
struct BldDeleter
{
    void operator()(OSSL_PARAM_BLD *bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter
{
    void operator()(OSSL_PARAM *params) const { OSSL_PARAM_free(params); }
};
struct CtxDeleter
{
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct X509Deleter
{
    void operator()(X509 *cert) const { X509_free(cert); }
};
struct BioDeleter
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};

using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

Bn toBignum(const QByteArray &bytes)
{
    return Bn(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr));
}

EvpKey fromParams(const char *type, OSSL_PARAM *params)
{
    std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        return {};
    return EvpKey(key);
}

EvpKey rsaKey(const JsonWebKey &jwk)
{
    const Bn n = toBignum(jwk.n);
    const Bn e = toBignum(jwk.e);
    std::unique_ptr<OSSL_PARAM_BLD, BldDeleter> bld(OSSL_PARAM_BLD_new());
    if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get())
        || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        return {};
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld.get()));
    return params ? fromParams("RSA", params.get()) : EvpKey();
}

const char *curveName(const QString &crv, int *coordinateSize)
{
    if (crv == QLatin1String("P-256")) {
        *coordinateSize = 32;
        return "prime256v1";
    }
    if (crv == QLatin1String("P-384")) {
        *coordinateSize = 48;
        return "secp384r1";
    }
    if (crv == QLatin1String("P-521")) {
        *coordinateSize = 66;
        return "secp521r1";
    }
    return nullptr;
}

EvpKey ecKey(const JsonWebKey &jwk, QString *problem)
{
    int size = 0;
    const char *group = curveName(jwk.crv, &size);
    if (!group) {
        *problem = QStringLiteral("curve \"%1\" is not supported (P-256, P-384, P-521 are)").arg(jwk.crv);
        return {};
    }
    if (jwk.x.size() != size || jwk.y.size() != size) {
        *problem = QStringLiteral("the %1 coordinates must be %2 bytes each").arg(jwk.crv).arg(size);
        return {};
    }
    const QByteArray point = QByteArray(1, '\x04') + jwk.x + jwk.y; // uncompressed SEC1 point
    std::unique_ptr<OSSL_PARAM_BLD, BldDeleter> bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0)
        || !OSSL_PARAM_BLD_push_octet_string(
            bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size())))
        return {};
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld.get()));
    EvpKey key = params ? fromParams("EC", params.get()) : EvpKey();
    if (!key)
        *problem = QStringLiteral("the point (x, y) is not on curve %1").arg(jwk.crv);
    return key;
}

EvpKey certificateKey(const QByteArray &der)
{
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<X509, X509Deleter> cert(d2i_X509(nullptr, &data, long(der.size())));
    return cert ? EvpKey(X509_get_pubkey(cert.get())) : EvpKey();
}

EvpKey pemKey(const QByteArray &pem)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    if (!bio)
        return {};
    if (pem.contains("CERTIFICATE")) {
        std::unique_ptr<X509, X509Deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        return cert ? EvpKey(X509_get_pubkey(cert.get())) : EvpKey();
    }
    return EvpKey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

} // namespace

EvpKey makePublicKey(const JsonWebKey &key, QString *problem)
{
    QString reason;
    EvpKey result;
    if (!key.pem.isEmpty()) {
        result = pemKey(key.pem);
        reason = QStringLiteral("the PEM block could not be read");
    } else if (key.isRsa() && !key.n.isEmpty() && !key.e.isEmpty()) {
        result = rsaKey(key);
        reason = QStringLiteral("OpenSSL refused the RSA modulus/exponent");
    } else if (key.isEc() && !key.x.isEmpty()) {
        result = ecKey(key, &reason);
    }
    if (!result && !key.x5c.isEmpty()) {
        result = certificateKey(key.x5c.first());
        if (!result)
            reason = QStringLiteral("the x5c certificate could not be read");
    }
    if (!result && problem)
        *problem = reason.isEmpty() ? QStringLiteral("the key has no usable public material") : reason;
    return result;
}

std::shared_ptr<const PreparedKey> preparePublicKey(const JsonWebKey &key)
{
    auto prepared = std::make_shared<PreparedKey>();
    prepared->description = key.describe();
    EvpKey built = makePublicKey(key, &prepared->problem);
    if (built) {
        prepared->type = publicKeyType(built.get(), &prepared->curve);
        prepared->size = EVP_PKEY_get_size(built.get());
        prepared->bits = EVP_PKEY_get_bits(built.get());
        prepared->key = std::shared_ptr<EVP_PKEY>(built.release(), EvpKeyDeleter());
    }
    return prepared;
}

const PreparedKey &preparedKeyOf(const JsonWebKey &key, std::shared_ptr<const PreparedKey> &made)
{
    if (key.prepared)
        return *key.prepared;
    made = preparePublicKey(key);
    return *made;
}

QString publicKeyType(EVP_PKEY *key, QString *curve)
{
    if (!key)
        return {};
    if (EVP_PKEY_is_a(key, "RSA"))
        return QStringLiteral("RSA");
    if (EVP_PKEY_is_a(key, "EC")) {
        if (curve) {
            char name[64] = {};
            size_t length = 0;
            if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) == 1) {
                const QByteArray group(name, qsizetype(length));
                *curve = group == "prime256v1" ? QStringLiteral("P-256")
                    : group == "secp384r1"     ? QStringLiteral("P-384")
                    : group == "secp521r1"     ? QStringLiteral("P-521")
                                               : QString::fromLatin1(group);
            }
        }
        return QStringLiteral("EC");
    }
    if (EVP_PKEY_is_a(key, "RSA-PSS"))
        return QStringLiteral("RSA");
    return {};
}

} // namespace idex
