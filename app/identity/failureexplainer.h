#pragma once

#include "tokenfailure.h"

namespace idex {

/*! Turns the last exchange of a failed token request into plain words and the likely fix: transport failures
    (connection refused, timeout, TLS thumbprint mismatch ...) and each protocol's error answers (IMDS "Identity not
    found", unknown resource, missing Metadata header, wrong identity header ...). Fills code, title, detail, fix. */
TokenFailure explainFailure(const QString &sourceId, const HttpExchange &exchange);

/*! The error text of an endpoint's answer, whichever shape it has ({"error","error_description"},
    {"error":{"code","message"}}, {"statusCode","message"}, plain text); redacted and shortened. */
QString endpointErrorText(const QByteArray &body);

} // namespace idex
