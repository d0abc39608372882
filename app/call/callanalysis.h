#pragma once

#include "callresult.h"

namespace idex {

/*! Reads everything a response tells about authentication: WWW-Authenticate challenges, IDX codes, ASP.NET Core and
    Easy Auth texts, the roles a 403 names, the body kind. Pure: no I/O. */
CallResult analyzeCall(const HttpExchange &exchange);

QString responderName(Responder responder); ///< "unknown", "easy-auth", "aspnetcore", "app"

} // namespace idex
