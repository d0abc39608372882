#pragma once

#include <QByteArray>
#include <QString>

namespace idex::emulator {

/*! The admin API's per-run secret: 32 bytes from OpenSSL's RAND_bytes, base64url without padding (43 characters).
    Empty if the random generator failed (the emulator then refuses to start). */
QByteArray newAdminToken();

/*! Why \a token cannot be an admin token given by a user or a script (empty when it can): 16 to 512 characters of
    the base64/base64url alphabet and "-._~+/=", so that it fits an Authorization header unchanged. */
QString adminTokenProblem(const QByteArray &token);

/*! Whether \a authorization ("Bearer <token>", the scheme case-insensitive) carries \a secret. The comparison takes
    the same time wherever the first difference is (CRYPTO_memcmp). */
bool bearerMatches(const QByteArray &authorization, const QByteArray &secret);

} // namespace idex::emulator
