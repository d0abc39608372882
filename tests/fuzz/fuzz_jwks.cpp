// libFuzzer target for key material from files and networks: JWKS documents, single JWKs and PEM text (parseJwks),
// and building an OpenSSL key from each key found (makePublicKey: RSA n/e, EC crv/x/y, the x5c certificate, PEM).
// The raw input is also given to the PEM and the DER certificate paths directly, which parseJwks only reaches
// through well-formed JSON.
#include "fuzzsupport.h"
#include "jwt/jsonwebkey.h"
#include "jwt/publickey.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const JwksParseResult parsed = parseJwks(bytes);
    fuzz::require(parsed.ok() || parsed.set.keys.isEmpty(), "a failed parse returned keys");
    for (const JsonWebKey &key : parsed.set.keys) {
        (void)key.describe();
        QString problem;
        const EvpKey built = makePublicKey(key, &problem);
        fuzz::require(built || !problem.isEmpty(), "a key that cannot be built must say why");
        if (built) {
            QString curve;
            (void)publicKeyType(built.get(), &curve);
        }
        fuzz::require(parsed.set.find(key.kid) != nullptr || key.kid.isEmpty(), "a parsed key is not found by kid");
    }
    (void)parsed.set.keyIds();

    JsonWebKey pem;
    pem.pem = bytes;
    QString problem;
    (void)makePublicKey(pem, &problem);
    JsonWebKey certificate;
    certificate.kty = QStringLiteral("RSA");
    certificate.x5c = { bytes };
    (void)makePublicKey(certificate, &problem);
    return 0;
}
