#pragma once

#include "httptypes.h"
#include "redaction.h"

#include <QJsonObject>

namespace idex {

/*! The HTTP/1.1-style text of one exchange, as the transcript views and `--verbose` show it. Redacted unless
    \a secrets says Shown (the user asked for the raw values). */
QString formatExchange(const HttpExchange &exchange, Secrets secrets = Secrets::Redacted);
QString formatTranscript(const Transcript &transcript, Secrets secrets = Secrets::Redacted);

/*! JSON form of a transcript for `--json` output and exports. Redacted unless \a secrets says Shown. */
QJsonObject exchangeToJson(const HttpExchange &exchange, Secrets secrets = Secrets::Redacted);
QJsonArray transcriptToJson(const Transcript &transcript, Secrets secrets = Secrets::Redacted);

/*! The URL of a request as output shows it: through redaction::redactUrl unless \a secrets says Shown. */
QString urlText(const QUrl &url, Secrets secrets = Secrets::Redacted);

} // namespace idex
