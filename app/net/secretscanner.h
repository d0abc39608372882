#pragma once

#include "secretmask.h"

#include <QList>

namespace idex::redaction {

/*! A secret found in text: the bytes [begin, end) are replaced by maskText(kind, length). */
struct SecretSpan
{
    qsizetype begin = 0;
    qsizetype end = 0;
    SecretKind kind = SecretKind::Secret;
    qsizetype length = 0; ///< characters of the secret (an existing mask keeps the length it states)
};

/*! Every secret in free text, a body (JSON, form, text, or binary bytes) or an encoded URL, in one forward pass with
    bounded look-ahead: linear time, no regular expression, whatever the input. Found, by these rules only:
    - JWTs and JWEs (`eyJ...` header, dot-separated parts), anywhere;
    - the value of `name=value` when the name is secret (isSecretName, Parameter): query strings, fragments, form
      bodies, `Set-Cookie`-like text; the value ends at `&`, `;`, `#`, `,`, white space, a quote, `<`, `>` or `\`;
    - the string value (or array of strings) of a secret JSON key (isSecretName, JsonField), whatever the white
      space and nesting, also inside a JSON string (`\"client_secret\":\"...\"`), also when the body is cut short;
    - the password of `scheme://user:password@host` (the user name too when no password follows it).
    Masks already in the text are left as they are, and percent-encoded ones are written back literally. Spans come
    in increasing order and never overlap. */
QList<SecretSpan> findSecrets(QByteArrayView text);

/*! Long opaque values, for header values only: a run of at least 32 characters of base64, base64url, hex or
    percent-encoding that mixes upper case, lower case and digits and changes between them as often as random
    text does. GUIDs, request and trace IDs, dates, hashes in hex, host names and paths stay readable. */
QList<SecretSpan> findOpaqueValues(QByteArrayView text);

/*! The kind a whole value is masked as: Jwt or Jwe when it is exactly such a token, else Secret. */
SecretKind kindOf(QByteArrayView value);

/*! \a text with every span replaced by its mask. */
QByteArray replaceSpans(QByteArrayView text, const QList<SecretSpan> &spans);

} // namespace idex::redaction
