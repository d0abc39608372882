#pragma once

#include "callresult.h"
#include "diagnose/finding.h"

#include <QJsonObject>
#include <QString>

namespace idex {

/*! The plain-text report of a call for the terminal: request line, status with its meaning, headers, body and
    findings. Always redacted (tokens, secret headers, secret query parameters). */
QString callReportText(const CallResult &call, const Findings &findings, bool showBody = true);

/*! The same as JSON for `idex call --json` and exports. Always redacted. A JSON body is embedded as JSON. */
QJsonObject callReportJson(const CallResult &call, const Findings &findings);

QJsonObject findingToJson(const Finding &finding);
QJsonObject challengeToJson(const AuthChallenge &challenge);

} // namespace idex
