#pragma once
// How idex scan prints what it found: one row per distinct token (masked), as text or JSON.

#include "tokenscan.h"

#include <QJsonObject>

namespace idex::scan {

/*! A table: token (masked, with its reference), seen, first line, who, audience, roles, issued, expires, signature,
    findings; then a line of totals. \a source names the input ("app.log", "standard input"). */
QString scanReportText(
    const QString &source, const FoundTokens &found, const QList<ScannedToken> &rows, bool signaturesChecked);

/*! {"source", "bytes", "lines", "occurrences", "tokens": [{...}]}: the same facts, the tokens masked. */
QJsonObject scanReportJson(
    const QString &source, const FoundTokens &found, const QList<ScannedToken> &rows, bool signaturesChecked);

} // namespace idex::scan
