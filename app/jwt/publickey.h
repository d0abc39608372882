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

} // namespace idex
