#pragma once

#include "decodedtoken.h"
#include "jsonwebkey.h"
#include "net/httptypes.h"

namespace idex {

/*! Where the keys to verify a token came from, and how: the product of a KeyResolver (discovery, a JWKS URL) or of
    loading a JWKS/PEM file. Metadata and key sets are public documents: the transcript holds no secret. */
struct KeyResolution
{
    JsonWebKeySet keys;
    QString source; ///< the JWKS URL, or the file path
    QString metadataUrl; ///< the OpenID configuration used, when discovered
    QString metadataIssuer; ///< its "issuer" member
    QString error; ///< why no keys could be obtained; empty on success
    QStringList notes; ///< e.g. "served from cache (fetched 3 min ago)", "refreshed: unknown kid"
    KeyTrust trust = KeyTrust::Unknown; ///< how these keys were obtained; only trusted origins can make a token VALID
    QString trustNote; ///< why, in words ("discovered from the Entra authority login.microsoftonline.com")
    bool fromCache = false;
    bool refreshed = false; ///< fetched again because the token's kid was not in the cached set
    Transcript transcript;

    bool ok() const { return error.isEmpty(); }
};

} // namespace idex
