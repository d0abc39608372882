#pragma once

#include "httptypes.h"

namespace idex {

/*! Whether output carries the secrets of what it shows. Redacted is the default everywhere; Shown only when the user
    asks for the raw values explicitly (a "Show secrets" toggle that is never remembered, `--show-secrets`). */
enum class Secrets { Redacted, Shown };

/*! Secrets never leave memory unredacted: everything shown, copied, logged, saved or exported passes through here
    unless the user explicitly asks for the raw value. This is the only implementation of the rules; the scanner
    and the lists of names behind it are in secretscanner.h and secretnames.h.

    Masks say what was there and how long it was, never a character of it: `[JWT, 1,234 chars]`,
    `[secret, 40 chars]`. Redacting twice gives the same text. */
namespace redaction {

/*! A secret header by its name alone: Authorization, Proxy-Authorization, X-IDENTITY-HEADER, secret, Cookie,
    Set-Cookie, X-ms-authorization-auxiliary, and any name ending in key, token, secret, password ... (api-key,
    x-api-key, Ocp-Apim-Subscription-Key, x-functions-key, x-ms-token-aad-access-token). */
bool isSecretHeader(QByteArrayView name);

/*! A query, fragment or form parameter whose value is a secret: code, sig, client_secret, token, access_token,
    api-key, key, password, ... */
bool isSecretParameter(QStringView name);

/*! The header value as it may be shown:
    - secret headers by name: the value is masked, an authentication scheme is kept (`Bearer [JWT, 1,234 chars]`,
      also for each credential of a comma-separated list); Cookie keeps the cookie names, Set-Cookie its name and
      attributes;
    - any other header: the free-text rules (JWTs, secret parameters of URLs such as `Location: ...#access_token=`,
      user information), and any long opaque value (see findOpaqueValues). */
QByteArray redactHeaderValue(QByteArrayView name, const QByteArray &value);
HeaderList redactHeaders(const HeaderList &headers);

/*! Any body, JSON, form, text or binary, whatever its white space and nesting: JWTs anywhere, the values of secret
    JSON keys and of secret form parameters, URL user information. The layout is kept byte for byte apart from the
    masks, so Raw and Hex views show the answer as it came. */
QByteArray redactBody(const QByteArray &body);

/*! Free text (messages, logs, evidence, pasted text) by the same rules as bodies. */
QString redactText(const QString &text);

/*! The URL as text to show: values of secret parameters in the query and the fragment masked (names kept, so the
    URL stays readable), the password of the user information masked (the user name too when it stands alone). */
QString redactUrl(const QUrl &url);
/*! The same, as a QUrl (for a redacted exchange). */
QUrl redactedUrl(const QUrl &url);

/*! The stand-in for a token or secret: `[JWT, 1,234 chars]`, `[JWE, ...]` or `[secret, 40 chars]`. */
QString maskToken(const QString &token);

/*! Everything in an exchange: the URL, the header values, both bodies, the transport error and the note. */
HttpExchange redacted(const HttpExchange &exchange);
Transcript redacted(const Transcript &transcript);

} // namespace redaction
} // namespace idex
