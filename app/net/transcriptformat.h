#pragma once

#include "httptypes.h"

#include <QJsonObject>

namespace idex {

/*! The HTTP/1.1-style text of one exchange, as the transcript views and `--verbose` show it. Always redacted. */
QString formatExchange(const HttpExchange &exchange);
QString formatTranscript(const Transcript &transcript);

/*! JSON form of a transcript for `--json` output and exports. Always redacted. */
QJsonObject exchangeToJson(const HttpExchange &exchange);
QJsonArray transcriptToJson(const Transcript &transcript);

} // namespace idex
