#pragma once

#include <QByteArrayView>

namespace idex::redaction {

/*! Where a name was found: the same word can be a secret in one place and an identifier in another (`code` is an
    OAuth code or a Functions key in a URL, but the error code in a JSON answer). */
enum class NameContext {
    Header, ///< an HTTP header name
    Parameter, ///< a query, fragment or form parameter, or `name=value` in free text
    JsonField, ///< a key of a JSON object
};

/*! Whether values under \a name are secrets. Case, `-`, `_`, `.` and `$` are ignored, so `client_secret`,
    `Client-Secret` and `clientSecret` are one name. Secret: a known list (Authorization, X-IDENTITY-HEADER, Cookie,
    code, sig, password, ...) and any name ending in secret, password, token, key, assertion, signature or
    credential(s); Graph's paging cursors `$skiptoken` and `$deltatoken` are not. */
bool isSecretName(QByteArrayView name, NameContext context);

} // namespace idex::redaction
