#include "adminauth.h"

#include "net/base64url.h"
#include "signingkey.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace idex::emulator {

QByteArray newAdminToken()
{
    QByteArray raw(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), int(raw.size())) != 1)
        return {};
    return base64Url(raw);
}

QString adminTokenProblem(const QByteArray &token)
{
    if (token.size() < 16 || token.size() > 512)
        return QStringLiteral("an admin token has 16 to 512 characters (this one has %1)").arg(token.size());
    for (const char c : token) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
        if (!allowed)
            return QStringLiteral("an admin token uses only letters, digits and - . _ ~ + / =");
    }
    return {};
}

bool bearerMatches(const QByteArray &authorization, const QByteArray &secret)
{
    if (secret.isEmpty() || authorization.size() < 7 || !authorization.left(7).toLower().startsWith("bearer "))
        return false;
    const QByteArray presented = authorization.mid(7).trimmed();
    // The length is no secret (43 characters for generated tokens); the content is compared in constant time.
    return presented.size() == secret.size()
        && CRYPTO_memcmp(presented.constData(), secret.constData(), size_t(secret.size())) == 0;
}

} // namespace idex::emulator
