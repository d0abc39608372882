#pragma once

#include "decodedtoken.h"
#include "jsonwebkey.h"

#include <optional>

namespace idex {

/*! Checks a token's signature against a key set; pure (no I/O). Fails closed; the rules, in order (refusals first,
    so that nothing a token says about itself can soften them):
    - alg missing or "none", HMAC (HS256/384/512), or any algorithm outside RS256/384/512, PS256/384/512,
      ES256/384/512 -> Refused (HMAC against a published public key is the algorithm-confusion attack);
    - a `crit` header (RFC 7515 4.1.11: this verifier understands no extension) -> Refused;
    - no signature bytes or a malformed signature part -> Invalid;
    - the key is chosen by kid (or x5t) from \a keys only; `jku`, `x5u` and an embedded `jwk` are ignored;
      none -> UnknownKey (no kid at all: every key of the right type is tried);
    - a `nonce` header -> Unverifiable only for an RS256 signature of the key's size on a token for a Microsoft API
      (isMicrosoftFirstPartyAudience), Refused ("nonce-suspicious") otherwise;
    - key type, curve or the key's own `alg` not matching the token's alg -> Refused;
    - OpenSSL EVP verification -> Valid or Invalid.
    The verdict's `reason` names the rule that decided (see README, "Verification"). Whether the key set is the
    issuer's is not decided here: see KeyResolution::trust and verifyWithResolution(). */
SignatureVerdict verifySignature(const DecodedToken &token, const JsonWebKeySet &keys, const QString &keySource);

/*! The rules of verifySignature() that need no key: alg, crit, a missing or malformed signature, a nonce on a token
    for a non-Microsoft API. A refusal (or Invalid) verdict when one applies, nullopt otherwise. Run on every decoded
    token, so that a forgery is refused before anyone fetches keys (and when nobody does). */
std::optional<SignatureVerdict> screenSignature(const DecodedToken &token, const QString &keySource = {});

/*! One algorithm, one key, raw bytes. \a problem explains a false result in words. ES* signatures are JOSE's
    fixed-size r||s; they are converted to DER for OpenSSL here. */
bool verifyWithKey(const QString &algorithm, const JsonWebKey &key, const QByteArray &signingInput,
    const QByteArray &signature, QString *problem);

/*! True for the algorithms verifySignature() accepts. */
bool isSupportedAlgorithm(const QString &algorithm);

} // namespace idex
