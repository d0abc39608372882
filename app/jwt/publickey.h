#pragma once

#include "jsonwebkey.h"

#include <memory>

typedef struct evp_pkey_st EVP_PKEY; // OpenSSL's type; its headers stay out of ours

namespace idex {

struct EvpKeyDeleter
{
    void operator()(EVP_PKEY *key) const;
};
using EvpKey = std::unique_ptr<EVP_PKEY, EvpKeyDeleter>;

/*! An OpenSSL public key built from a JWK: n/e or crv/x/y through OpenSSL 3's EVP_PKEY_fromdata, else the leaf
    certificate of x5c, else a PEM block. Null with \a problem set when the key cannot be built. */
EvpKey makePublicKey(const JsonWebKey &key, QString *problem);

/*! "RSA", "EC" (with the curve in \a curve: "P-256" ...), or empty, as OpenSSL sees the built key. */
QString publicKeyType(EVP_PKEY *key, QString *curve = nullptr);

/*! A JWK turned into an OpenSSL key once, with what verification asks of it. Immutable once made: threads share it
    (OpenSSL allows concurrent use of an EVP_PKEY that nobody modifies), so a key set is converted once, not per
    verification (building the key and its Montgomery context cost more than the RSA operation itself). */
struct PreparedKey
{
    std::shared_ptr<EVP_PKEY> key; ///< null when the JWK cannot be used; see problem
    QString problem; ///< why it cannot, in words (makePublicKey's)
    QString type; ///< publicKeyType(): "RSA", "EC" or empty
    QString curve; ///< EC only: "P-256" ...
    int size = 0; ///< EVP_PKEY_get_size(): an RSA signature's length in bytes
    int bits = 0; ///< EVP_PKEY_get_bits()
    QString description; ///< JsonWebKey::describe() of the key it was made from ("RSA 2048 bits")
};

/*! Builds \a key's PreparedKey (never null; a key that cannot be built has a null PreparedKey::key). */
std::shared_ptr<const PreparedKey> preparePublicKey(const JsonWebKey &key);
/*! \a key's PreparedKey as parseJwks() made it (shared: no copy, no reference count touched, which threads verifying
    side by side would fight over), or for a JsonWebKey assembled by hand one made now and kept in \a made. */
const PreparedKey &preparedKeyOf(const JsonWebKey &key, std::shared_ptr<const PreparedKey> &made);

} // namespace idex
