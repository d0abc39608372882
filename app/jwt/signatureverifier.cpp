#include "signatureverifier.h"

#include "publickey.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace idex {

namespace {

struct Algorithm
{
    enum class Family { Rsa, RsaPss, Ecdsa };
    Family family;
    const EVP_MD *(*digest)();
    QLatin1String curve; ///< ECDSA only
    int coordinateSize;  ///< ECDSA only
};

std::optional<Algorithm> algorithmOf(const QString &name)
{
    using F = Algorithm::Family;
    if (name == QLatin1String("RS256")) return Algorithm{F::Rsa, EVP_sha256, {}, 0};
    if (name == QLatin1String("RS384")) return Algorithm{F::Rsa, EVP_sha384, {}, 0};
    if (name == QLatin1String("RS512")) return Algorithm{F::Rsa, EVP_sha512, {}, 0};
    if (name == QLatin1String("PS256")) return Algorithm{F::RsaPss, EVP_sha256, {}, 0};
    if (name == QLatin1String("PS384")) return Algorithm{F::RsaPss, EVP_sha384, {}, 0};
    if (name == QLatin1String("PS512")) return Algorithm{F::RsaPss, EVP_sha512, {}, 0};
    if (name == QLatin1String("ES256")) return Algorithm{F::Ecdsa, EVP_sha256, QLatin1String("P-256"), 32};
    if (name == QLatin1String("ES384")) return Algorithm{F::Ecdsa, EVP_sha384, QLatin1String("P-384"), 48};
    if (name == QLatin1String("ES512")) return Algorithm{F::Ecdsa, EVP_sha512, QLatin1String("P-521"), 66};
    return std::nullopt;
}

struct MdCtxDeleter { void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); } };
struct EcdsaSigDeleter { void operator()(ECDSA_SIG *sig) const { ECDSA_SIG_free(sig); } };

/*! JOSE carries ECDSA signatures as r||s of fixed size (RFC 7518 3.4); OpenSSL wants DER. */
QByteArray joseToDer(const QByteArray &signature, int coordinateSize)
{
    if (signature.size() != 2 * coordinateSize)
        return {};
    const auto *bytes = reinterpret_cast<const unsigned char *>(signature.constData());
    BIGNUM *r = BN_bin2bn(bytes, coordinateSize, nullptr);
    BIGNUM *s = BN_bin2bn(bytes + coordinateSize, coordinateSize, nullptr);
    std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return {};
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

SignatureVerdict verdict(const DecodedToken &token, const QString &keySource, SignatureStatus status, const QString &detail)
{
    SignatureVerdict result;
    result.status = status;
    result.algorithm = token.algorithm();
    result.keyId = token.keyId();
    result.keySource = keySource;
    result.detail = detail;
    result.checkedAt = QDateTime::currentDateTimeUtc();
    return result;
}

bool keyFitsFamily(const JsonWebKey &key, const Algorithm &algorithm)
{
    if (!key.pem.isEmpty())
        return true; // the type is known only once OpenSSL has read it; verifyWithKey checks it
    return algorithm.family == Algorithm::Family::Ecdsa ? key.isEc() : key.isRsa();
}

} // namespace

bool isSupportedAlgorithm(const QString &algorithm)
{
    return algorithmOf(algorithm).has_value();
}

bool verifyWithKey(const QString &algorithmName, const JsonWebKey &key, const QByteArray &signingInput,
                   const QByteArray &signature, QString *problem)
{
    auto fail = [problem](const QString &text) {
        if (problem)
            *problem = text;
        return false;
    };
    const std::optional<Algorithm> algorithm = algorithmOf(algorithmName);
    if (!algorithm)
        return fail(QStringLiteral("algorithm \"%1\" is not accepted").arg(algorithmName));
    if (!key.alg.isEmpty() && key.alg != algorithmName)
        return fail(QStringLiteral("the key is published for %1 only, the token claims %2").arg(key.alg, algorithmName));

    QString keyProblem;
    const EvpKey pkey = makePublicKey(key, &keyProblem);
    if (!pkey)
        return fail(QStringLiteral("the key cannot be used: %1").arg(keyProblem));
    QString curve;
    const QString type = publicKeyType(pkey.get(), &curve);
    const bool ecdsa = algorithm->family == Algorithm::Family::Ecdsa;
    if (ecdsa && (type != QLatin1String("EC") || curve != algorithm->curve))
        return fail(QStringLiteral("%1 needs an EC %2 key, the key is %3").arg(algorithmName, algorithm->curve,
                                                                              type == QLatin1String("EC") ? QStringLiteral("EC ") + curve : type));
    if (!ecdsa && type != QLatin1String("RSA"))
        return fail(QStringLiteral("%1 needs an RSA key, the key is %2").arg(algorithmName, type.isEmpty() ? QStringLiteral("of another type") : type));

    QByteArray signatureBytes = signature;
    if (ecdsa) {
        signatureBytes = joseToDer(signature, algorithm->coordinateSize);
        if (signatureBytes.isEmpty())
            return fail(QStringLiteral("an %1 signature is %2 bytes (r||s), this one is %3").arg(algorithmName)
                            .arg(2 * algorithm->coordinateSize).arg(signature.size()));
    }

    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, algorithm->digest(), nullptr, pkey.get()) != 1)
        return fail(QStringLiteral("OpenSSL could not start the verification"));
    if (algorithm->family == Algorithm::Family::RsaPss) {
        // RFC 7518 3.5: MGF1 with the same hash, salt as long as the hash.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1
            || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, algorithm->digest()) != 1)
            return fail(QStringLiteral("OpenSSL could not set up RSA-PSS"));
    }
    const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signatureBytes.constData()),
                                    size_t(signatureBytes.size()),
                                    reinterpret_cast<const unsigned char *>(signingInput.constData()),
                                    size_t(signingInput.size()));
    if (ok == 1)
        return true;
    if (!ecdsa && signature.size() != EVP_PKEY_get_size(pkey.get()))
        return fail(QStringLiteral("the signature is %1 bytes where this %2-bit key makes %3: it was cut off or altered")
                        .arg(signature.size()).arg(EVP_PKEY_get_bits(pkey.get())).arg(EVP_PKEY_get_size(pkey.get())));
    return fail(QStringLiteral("the signature does not match the header and payload: the token was altered, or signed by another key"));
}

SignatureVerdict verifySignature(const DecodedToken &token, const JsonWebKeySet &keys, const QString &keySource)
{
    const QString alg = token.algorithm();
    if (token.hasNonce())
        return verdict(token, keySource, SignatureStatus::Unverifiable,
                       QStringLiteral("The header carries a \"nonce\": this is a token for a Microsoft API (Graph style) "
                                      "whose signature covers a hash of the nonce. Third parties cannot verify it, by "
                                      "design; that does not mean it is forged. Only its audience validates it."));
    if (alg.isEmpty() || alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return verdict(token, keySource, SignatureStatus::Refused,
                       QStringLiteral("The token is unsigned (alg \"%1\"). Anyone can write such a token; no validator "
                                      "may accept it.").arg(alg.isEmpty() ? QStringLiteral("missing") : alg));
    if (alg.startsWith(QLatin1String("HS")))
        return verdict(token, keySource, SignatureStatus::Refused,
                       QStringLiteral("%1 is an HMAC (shared secret) algorithm. Entra signs with RSA keys; checking an "
                                      "HMAC against the issuer's public key is the algorithm-confusion attack, so it is "
                                      "refused.").arg(alg));
    const std::optional<Algorithm> algorithm = algorithmOf(alg);
    if (!algorithm)
        return verdict(token, keySource, SignatureStatus::Refused,
                       QStringLiteral("Algorithm \"%1\" is not accepted (RS256/384/512, PS256/384/512, ES256/384/512 are; "
                                      "Entra uses RS256).").arg(alg));
    if (token.signatureMalformed || token.signature.isEmpty())
        return verdict(token, keySource, SignatureStatus::Invalid,
                       token.signature.isEmpty() && !token.signatureMalformed
                           ? QStringLiteral("The token has no signature bytes.")
                           : QStringLiteral("The signature part is not base64url: the token was altered or cut."));

    const QString kid = token.keyId();
    QList<const JsonWebKey *> candidates;
    if (kid.isEmpty()) {
        for (const JsonWebKey &key : keys.keys) {
            if (keyFitsFamily(key, *algorithm) && (key.use.isEmpty() || key.use == QLatin1String("sig")))
                candidates << &key;
        }
    } else if (const JsonWebKey *key = keys.find(kid)) {
        candidates << key;
    } else if (keys.keys.size() == 1 && !keys.keys.first().pem.isEmpty()) {
        candidates << &keys.keys.first(); // a single PEM key chosen by the user is the key, whatever the kid
    }
    if (candidates.isEmpty()) {
        SignatureVerdict result = verdict(
            token, keySource, SignatureStatus::UnknownKey,
            kid.isEmpty() ? QStringLiteral("The token names no key (no kid) and no key of the set fits %1.").arg(alg)
                          : QStringLiteral("No key with kid \"%1\" in the key set (%2 keys: %3). The keys may have rolled "
                                           "over, or this is the wrong issuer's key set (v1/v2 mix-up).")
                                .arg(kid)
                                .arg(keys.keys.size())
                                .arg(keys.keyIds().join(QStringLiteral(", "))));
        result.knownKeyIds = keys.keyIds();
        return result;
    }

    QString problem;
    for (const JsonWebKey *key : std::as_const(candidates)) {
        if (!keyFitsFamily(*key, *algorithm) && kid.isEmpty())
            continue;
        if (!keyFitsFamily(*key, *algorithm))
            return verdict(token, keySource, SignatureStatus::Refused,
                           QStringLiteral("The token claims %1 but key \"%2\" is %3: a mismatch of algorithm and key "
                                          "(algorithm confusion) is never accepted.").arg(alg, key->kid, key->describe()));
        if (!key->alg.isEmpty() && key->alg != alg)
            return verdict(token, keySource, SignatureStatus::Refused,
                           QStringLiteral("Key \"%1\" is published for %2 only, the token claims %3.").arg(key->kid, key->alg, alg));
        if (verifyWithKey(alg, *key, token.signingInput, token.signature, &problem)) {
            SignatureVerdict result = verdict(token, keySource, SignatureStatus::Valid,
                                              QStringLiteral("The %1 signature is valid for key \"%2\" (%3).")
                                                  .arg(alg, key->kid, key->describe()));
            result.knownKeyIds = keys.keyIds();
            if (kid.isEmpty())
                result.keyId = key->kid;
            return result;
        }
    }
    SignatureVerdict result = verdict(token, keySource, problem.contains(QLatin1String("needs an"))
                                                            ? SignatureStatus::Refused : SignatureStatus::Invalid,
                                      QStringLiteral("The signature is invalid: %1.").arg(problem));
    result.knownKeyIds = keys.keyIds();
    return result;
}

} // namespace idex
