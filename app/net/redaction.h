#pragma once

#include "httptypes.h"

namespace idex {

/*! Secrets never leave memory unredacted: everything shown, copied, logged or exported passes through here
    unless the user explicitly asks for the raw value. */
namespace redaction {

/*! Authorization, X-IDENTITY-HEADER, secret, cookies, function keys ... */
bool isSecretHeader(QByteArrayView name);

/*! "Bearer eyJ0eXAi…[redacted, 1234 chars]" style: keeps the scheme and a short prefix, never the secret. */
QByteArray redactHeaderValue(QByteArrayView name, const QByteArray &value);

/*! JSON and form bodies: values of access_token, refresh_token, id_token, client_assertion, client_secret,
    assertion are replaced; any other JWT-looking run of text is replaced too. */
QByteArray redactBody(const QByteArray &body);

/*! Replaces JWT-shaped substrings (eyJ….eyJ….sig) in free text. */
QString redactTokensInText(const QString &text);

/*! A short, safe stand-in for a token: its first characters and its length. */
QString maskToken(const QString &token);

HeaderList redactHeaders(const HeaderList &headers);
HttpExchange redacted(const HttpExchange &exchange);
Transcript redacted(const Transcript &transcript);

} // namespace redaction
} // namespace idex
