#include "signatureverifier.h"

#include "microsoft.h"
#include "publickey.h"

#include <QJsonArray>

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
    int coordinateSize; ///< ECDSA only
};

std::optional<Algorithm> algorithmOf(const QString &name)
{
    using F = Algorithm::Family;
    if (name == QLatin1String("RS256"))
        return Algorithm { F::Rsa, EVP_sha256, {}, 0 };
    if (name == QLatin1String("RS384"))
        return Algorithm { F::Rsa, EVP_sha384, {}, 0 };
    if (name == QLatin1String("RS512"))
        return Algorithm { F::Rsa, EVP_sha512, {}, 0 };
    if (name == QLatin1String("PS256"))
        return Algorithm { F::RsaPss, EVP_sha256, {}, 0 };
    if (name == QLatin1String("PS384"))
        return Algorithm { F::RsaPss, EVP_sha384, {}, 0 };
    if (name == QLatin1String("PS512"))
        return Algorithm { F::RsaPss, EVP_sha512, {}, 0 };
    if (name == QLatin1String("ES256"))
        return Algorithm { F::Ecdsa, EVP_sha256, QLatin1String("P-256"), 32 };
    if (name == QLatin1String("ES384"))
        return Algorithm { F::Ecdsa, EVP_sha384, QLatin1String("P-384"), 48 };
    if (name == QLatin1String("ES512"))
        return Algorithm { F::Ecdsa, EVP_sha512, QLatin1String("P-521"), 66 };
    return std::nullopt;
}

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigDeleter
{
    void operator()(ECDSA_SIG *sig) const { ECDSA_SIG_free(sig); }
};

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

/*! Makes the verdicts about one token, whose alg and kid are read from its header once (a header look-up costs as
    much as a good part of the rest of a verification). */
struct VerdictMaker
{
    const DecodedToken &token;
    const QString &keySource;
    QString alg;
    std::optional<QString> kid; ///< read when a verdict needs it, unless the caller had it already
    bool nonce = token.hasNonce();

    /*! \a reason is a QStringLiteral (no allocation or Latin-1 conversion on every verdict). */
    SignatureVerdict operator()(SignatureStatus status, const QString &reason, const QString &detail) const
    {
        SignatureVerdict result;
        result.status = status;
        result.reason = reason;
        result.algorithm = alg;
        result.keyId = kid ? *kid : token.keyId();
        result.keySource = keySource;
        result.detail = detail;
        result.checkedAt = QDateTime::currentDateTimeUtc();
        return result;
    }
};

/*! RFC 7515 4.1.11: a `crit` header lists extensions the recipient MUST understand. This verifier understands none,
    so any `crit` (even a malformed or empty one) refuses the token. */
std::optional<QString> critProblem(const DecodedToken &token)
{
    const auto crit = token.header.constFind(QLatin1String("crit"));
    if (crit == token.header.constEnd())
        return std::nullopt;
    QStringList names;
    for (const QJsonValue &name : crit->toArray())
        names << name.toString();
    return names.isEmpty() ? QStringLiteral("The header has a \"crit\" member that lists no extension; RFC 7515 "
                                            "forbids that, so the token is refused.")
                           : QStringLiteral("The header marks the extension(s) %1 as critical (\"crit\"). This "
                                            "verifier understands none of them, so RFC 7515 requires refusing the "
                                            "token.")
                                 .arg(names.join(QStringLiteral(", ")));
}

bool keyFitsFamily(const JsonWebKey &key, const Algorithm &algorithm)
{
    if (!key.pem.isEmpty())
        return true; // the type is known only once OpenSSL has read it; verifyWithKey checks it
    return algorithm.family == Algorithm::Family::Ecdsa ? key.isEc() : key.isRsa();
}

/*! One key, one signature: true, or false with the failure's reason code and words. */
struct KeyCheck
{
    bool ok = false;
    const char *reason = "signature-mismatch";
    QString problem;
};

KeyCheck checkWithKey(
    const QString &algorithmName, const JsonWebKey &key, const QByteArray &signingInput, const QByteArray &signature)
{
    auto fail = [](const QString &text, const char *reason = "signature-mismatch") {
        return KeyCheck { false, reason, text };
    };
    const std::optional<Algorithm> algorithm = algorithmOf(algorithmName);
    if (!algorithm)
        return fail(QStringLiteral("algorithm \"%1\" is not accepted").arg(algorithmName), "alg-unsupported");
    if (!key.alg.isEmpty() && key.alg != algorithmName)
        return fail(QStringLiteral("the key is published for %1 only, the token claims %2").arg(key.alg, algorithmName),
            "key-alg-mismatch");

    std::shared_ptr<const PreparedKey> made;
    const PreparedKey &prepared = preparedKeyOf(key, made);
    EVP_PKEY *pkey = prepared.key.get();
    if (!pkey)
        return fail(QStringLiteral("the key cannot be used: %1").arg(prepared.problem), "key-unusable");
    const QString &curve = prepared.curve;
    const QString &type = prepared.type;
    const bool ecdsa = algorithm->family == Algorithm::Family::Ecdsa;
    if (ecdsa && (type != QLatin1String("EC") || curve != algorithm->curve))
        return fail(QStringLiteral("%1 needs an EC %2 key, the key is %3")
                        .arg(algorithmName, algorithm->curve,
                            type == QLatin1String("EC") ? QStringLiteral("EC ") + curve : type),
            "key-type-mismatch");
    if (!ecdsa && type != QLatin1String("RSA"))
        return fail(QStringLiteral("%1 needs an RSA key, the key is %2")
                        .arg(algorithmName, type.isEmpty() ? QStringLiteral("of another type") : type),
            "key-type-mismatch");

    QByteArray signatureBytes = signature;
    if (ecdsa) {
        signatureBytes = joseToDer(signature, algorithm->coordinateSize);
        if (signatureBytes.isEmpty())
            return fail(QStringLiteral("an %1 signature is %2 bytes (r||s), this one is %3")
                            .arg(algorithmName)
                            .arg(2 * algorithm->coordinateSize)
                            .arg(signature.size()),
                "signature-truncated");
    }

    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, algorithm->digest(), nullptr, pkey) != 1)
        return fail(QStringLiteral("OpenSSL could not start the verification"), "key-unusable");
    if (algorithm->family == Algorithm::Family::RsaPss) {
        // RFC 7518 3.5: MGF1 with the same hash, salt as long as the hash.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1
            || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, algorithm->digest()) != 1)
            return fail(QStringLiteral("OpenSSL could not set up RSA-PSS"), "key-unusable");
    }
    const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signatureBytes.constData()),
        size_t(signatureBytes.size()), reinterpret_cast<const unsigned char *>(signingInput.constData()),
        size_t(signingInput.size()));
    if (ok == 1)
        return KeyCheck { true, "verified", {} };
    if (!ecdsa && signature.size() != prepared.size)
        return fail(
            QStringLiteral("the signature is %1 bytes where this %2-bit key makes %3: it was cut off or altered")
                .arg(signature.size())
                .arg(prepared.bits)
                .arg(prepared.size),
            "signature-truncated");
    return fail(QStringLiteral(
        "the signature does not match the header and payload: the token was altered, or signed by another key"));
}

} // namespace

bool isSupportedAlgorithm(const QString &algorithm)
{
    return algorithmOf(algorithm).has_value();
}

bool verifyWithKey(const QString &algorithmName, const JsonWebKey &key, const QByteArray &signingInput,
    const QByteArray &signature, QString *problem)
{
    const KeyCheck check = checkWithKey(algorithmName, key, signingInput, signature);
    if (!check.ok && problem)
        *problem = check.problem;
    return check.ok;
}

namespace {

std::optional<SignatureVerdict> screen(const VerdictMaker &verdict)
{
    // Refusals come first: nothing a token says about itself (nonce, kid, jku, x5u, jwk) may soften them.
    const DecodedToken &token = verdict.token;
    const QString &alg = verdict.alg;
    if (alg.isEmpty() || alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return verdict(SignatureStatus::Refused,
            alg.isEmpty() ? QStringLiteral("alg-missing") : QStringLiteral("alg-none"),
            QStringLiteral("The token is unsigned (alg \"%1\"). Anyone can write such a token; no validator "
                           "may accept it.")
                .arg(alg.isEmpty() ? QStringLiteral("missing") : alg));
    if (alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
        return verdict(SignatureStatus::Refused, QStringLiteral("alg-hmac"),
            QStringLiteral("%1 is an HMAC (shared secret) algorithm. Entra signs with RSA keys; checking an "
                           "HMAC against the issuer's public key is the algorithm-confusion attack, so it is "
                           "refused.")
                .arg(alg));
    if (!algorithmOf(alg))
        return verdict(SignatureStatus::Refused, QStringLiteral("alg-unsupported"),
            QStringLiteral("Algorithm \"%1\" is not accepted (RS256/384/512, PS256/384/512, ES256/384/512 are; "
                           "Entra uses RS256).")
                .arg(alg));
    if (const std::optional<QString> crit = critProblem(token))
        return verdict(SignatureStatus::Refused, QStringLiteral("crit-not-understood"), *crit);
    if (token.signatureMalformed || token.signature.isEmpty())
        return verdict(SignatureStatus::Invalid,
            token.signatureMalformed ? QStringLiteral("signature-malformed") : QStringLiteral("signature-missing"),
            token.signatureMalformed
                ? QStringLiteral("The signature part is not base64url: the token was altered or cut.")
                : QStringLiteral("The token has no signature bytes."));
    if (verdict.nonce) {
        const QStringList audiences = token.claimList(QStringLiteral("aud"));
        if (audiences.size() != 1 || !isMicrosoftFirstPartyAudience(audiences.first()))
            return verdict(SignatureStatus::Refused, QStringLiteral("nonce-suspicious"),
                QStringLiteral("The header carries a \"nonce\", which only tokens for Microsoft's own APIs "
                               "(Graph, SharePoint) have, but this token is for \"%1\". A forger adds a nonce "
                               "to pass as \"unverifiable by design\": the token is refused.")
                    .arg(token.audience()));
    }
    return std::nullopt;
}

} // namespace

std::optional<SignatureVerdict> screenSignature(const DecodedToken &token, const QString &keySource)
{
    return screen(VerdictMaker { token, keySource, token.algorithm(), std::nullopt });
}

SignatureVerdict verifySignature(const DecodedToken &token, const JsonWebKeySet &keys, const QString &keySource)
{
    const QString alg = token.algorithm();
    // The key comes from the key set only: jku, x5u and an embedded jwk name keys the token's author chose.
    const QString kid = token.keyId();
    const VerdictMaker verdict { token, keySource, alg, kid };
    if (std::optional<SignatureVerdict> refused = screen(verdict))
        return *refused;
    const std::optional<Algorithm> algorithm = algorithmOf(alg);

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
        SignatureVerdict result = verdict(SignatureStatus::UnknownKey,
            kid.isEmpty() ? QStringLiteral("no-fitting-key") : QStringLiteral("kid-unknown"),
            kid.isEmpty()
                ? QStringLiteral("The token names no key (no kid) and no key of the set fits %1.").arg(alg)
                : QStringLiteral("No key with kid \"%1\" in the key set (%2 keys: %3). The keys may have rolled "
                                 "over, or this is the wrong issuer's key set (v1/v2 mix-up).")
                      .arg(kid)
                      .arg(keys.keys.size())
                      .arg(keys.keyIds().join(QStringLiteral(", "))));
        result.knownKeyIds = keys.keyIds();
        return result;
    }

    if (verdict.nonce) {
        // Graph-style tokens sign a hash of the nonce, so they cannot be checked here. That excuse holds only for a
        // real RS256 signature (as long as the issuer's key makes) on a token for one of Microsoft's own APIs.
        std::shared_ptr<const PreparedKey> made;
        const PreparedKey &prepared = preparedKeyOf(*candidates.first(), made);
        const bool realRs256 = alg == QLatin1String("RS256") && prepared.key && prepared.type == QLatin1String("RSA")
            && token.signature.size() == prepared.size;
        if (!realRs256) // screenSignature() has refused every audience but Microsoft's own
            return verdict(SignatureStatus::Refused, QStringLiteral("nonce-suspicious"),
                QStringLiteral("The header carries a \"nonce\" as tokens for Microsoft's APIs do, but its "
                               "signature is not an RS256 signature of the issuer's key size: the token is refused."));
        return verdict(SignatureStatus::Unverifiable, QStringLiteral("nonce-first-party"),
            QStringLiteral("The header carries a \"nonce\": this is a token for a Microsoft API (%1) whose "
                           "signature covers a hash of the nonce. Third parties cannot verify it, by design; "
                           "only its audience validates it. It is not verified.")
                .arg(token.audience()));
    }

    KeyCheck check;
    for (const JsonWebKey *key : std::as_const(candidates)) {
        if (!keyFitsFamily(*key, *algorithm) && kid.isEmpty())
            continue;
        if (!keyFitsFamily(*key, *algorithm))
            return verdict(SignatureStatus::Refused, QStringLiteral("key-type-mismatch"),
                QStringLiteral("The token claims %1 but key \"%2\" is %3: a mismatch of algorithm and key "
                               "(algorithm confusion) is never accepted.")
                    .arg(alg, key->kid, key->describe()));
        if (!key->alg.isEmpty() && key->alg != alg)
            return verdict(SignatureStatus::Refused, QStringLiteral("key-alg-mismatch"),
                QStringLiteral("Key \"%1\" is published for %2 only, the token claims %3.")
                    .arg(key->kid, key->alg, alg));
        check = checkWithKey(alg, *key, token.signingInput, token.signature);
        if (check.ok) {
            SignatureVerdict result = verdict(SignatureStatus::Valid, QStringLiteral("verified"),
                QStringLiteral("The %1 signature is valid for key \"%2\" (%3).")
                    .arg(alg, key->kid, key->prepared ? key->prepared->description : key->describe()));
            result.knownKeyIds = keys.keyIds();
            if (kid.isEmpty())
                result.keyId = key->kid;
            return result;
        }
    }
    const bool refused
        = qstrcmp(check.reason, "key-type-mismatch") == 0 || qstrcmp(check.reason, "key-alg-mismatch") == 0;
    SignatureVerdict result = verdict(refused ? SignatureStatus::Refused : SignatureStatus::Invalid,
        QLatin1String(check.reason), QStringLiteral("The signature is invalid: %1.").arg(check.problem));
    result.knownKeyIds = keys.keyIds();
    return result;
}

} // namespace idex
