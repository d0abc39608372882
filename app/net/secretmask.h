#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace idex::redaction {

/*! What a masked value was, as the mask says it. */
enum class SecretKind {
    Jwt, ///< a signed token: header.payload.signature
    Jwe, ///< an encrypted token: five dot-separated parts
    Secret, ///< anything else: keys, passwords, cookies, opaque tokens
};

/*! The stand-in for a secret: `[JWT, 1,234 chars]`, `[secret, 40 chars]`. Its kind and length only, never a
    character of the value. */
QByteArray maskText(SecretKind kind, qsizetype length);

/*! A mask found in text, literally or percent-encoded as QUrl writes it (`[secret,%2040%20chars]`). */
struct MaskMatch
{
    qsizetype end = -1; ///< index just after the mask; -1 when there is none at the position
    SecretKind kind = SecretKind::Secret;
    qsizetype length = 0; ///< the length the mask states

    bool found() const { return end >= 0; }
};

/*! Whether a mask starts at \a position of \a text: masking a mask again would give it the mask's own length, so
    every rule leaves a mask as it is (redaction is idempotent). */
MaskMatch maskAt(QByteArrayView text, qsizetype position);

/*! Characters of \a value as a user counts them: UTF-8 code points, not bytes. */
qsizetype characterCount(QByteArrayView value);

} // namespace idex::redaction
