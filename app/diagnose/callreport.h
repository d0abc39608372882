#pragma once

#include "call/callresult.h"
#include "finding.h"
#include "net/redaction.h"

#include <QJsonObject>
#include <QString>

namespace idex {

/*! The plain-text report of a call for the terminal: request line, status with its meaning, headers, body and
    findings. Redacted by app/net/redaction (URL, headers, body, errors) unless \a secrets says Shown
    (`idex call --show-secrets`); findings are redacted always. */
QString callReportText(
    const CallResult &call, const Findings &findings, bool showBody = true, Secrets secrets = Secrets::Redacted);

/*! The same as JSON for `idex call --json` and exports. A JSON body is embedded as JSON, a binary one in base64 of
    its redacted bytes. */
QJsonObject callReportJson(const CallResult &call, const Findings &findings, Secrets secrets = Secrets::Redacted);

QJsonObject challengeToJson(const AuthChallenge &challenge, Secrets secrets = Secrets::Redacted);

} // namespace idex
