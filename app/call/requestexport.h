#pragma once

#include "net/httptypes.h"
#include "net/redaction.h"

#include <QString>

namespace idex {

/*! A POSIX shell curl command reproducing \a request. Redacted: a bearer token becomes "$TOKEN" (set the variable
    to run it); the URL, the other headers and the body go through app/net/redaction. Shown: the exact request. */
QString toCurl(const HttpRequest &request, Secrets secrets = Secrets::Redacted);

/*! A PowerShell Invoke-RestMethod command reproducing \a request. Redacted: the bearer token becomes "$token". */
QString toPowerShell(const HttpRequest &request, Secrets secrets = Secrets::Redacted);

} // namespace idex
