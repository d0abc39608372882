#pragma once

#include "decodedtoken.h"
#include "jsonwebkey.h"

namespace idex {

/*! Checks a token's signature against a key set; pure (no I/O). The rules, in order:
    - a `nonce` header (Microsoft Graph tokens) -> Unverifiable: third parties cannot verify those, by design;
    - alg "none", HMAC (HS256/384/512) or any other algorithm outside RS256/384/512, PS256/384/512, ES256/384/512
      -> Refused (HMAC against a published public key is the algorithm-confusion attack);
    - the key is chosen by kid (or x5t); none -> UnknownKey (no kid at all: every key of the right type is tried);
    - key type, curve or the key's own `alg` not matching the token's alg -> Refused;
    - OpenSSL EVP verification -> Valid or Invalid. */
SignatureVerdict verifySignature(const DecodedToken &token, const JsonWebKeySet &keys, const QString &keySource);

/*! One algorithm, one key, raw bytes. \a problem explains a false result in words. ES* signatures are JOSE's
    fixed-size r||s; they are converted to DER for OpenSSL here. */
bool verifyWithKey(const QString &algorithm, const JsonWebKey &key, const QByteArray &signingInput,
                   const QByteArray &signature, QString *problem);

/*! True for the algorithms verifySignature() accepts. */
bool isSupportedAlgorithm(const QString &algorithm);

} // namespace idex
