#pragma once

#include "net/httptypes.h"

#include <QString>

namespace idex {

/*! Whether an export carries the secrets of the request. Redacted is the default everywhere; Raw only when the user
    picks it explicitly. */
enum class ExportSecrets { Redacted, Raw };

/*! A POSIX shell curl command reproducing \a request. Redacted: a bearer token becomes "$TOKEN" (set the variable
    to run it), other secret headers are masked by app/net/redaction, secret query parameters too. */
QString toCurl(const HttpRequest &request, ExportSecrets secrets = ExportSecrets::Redacted);

/*! A PowerShell Invoke-RestMethod command reproducing \a request. Redacted: the bearer token becomes "$token". */
QString toPowerShell(const HttpRequest &request, ExportSecrets secrets = ExportSecrets::Redacted);

/*! True for query parameters that carry a secret (Functions `code`, SAS `sig`, access_token, ...). */
bool isSecretQueryParameter(QStringView name);

/*! The URL with the values of secret query parameters masked. */
QUrl redactedUrl(const QUrl &url);

} // namespace idex
