#pragma once

#include "claimscatalog.h"
#include "decodedtoken.h"

#include <QDateTime>
#include <QJsonObject>

#include <functional>

namespace idex {

/*! How a decoded token is written out: `idex decode`, the Claims panel's export and copy buttons. */
struct ReportOptions
{
    QDateTime now = QDateTime::currentDateTimeUtc();
    /*! The raw token is a secret: reports carry a masked stand-in (redaction::maskToken) unless this is set because
        the user explicitly asked for it. */
    bool includeRawToken = false;
    /*! The name of the object a claim's value is (an `appid`, `oid`, `aud` or `tid` that a directory or the
        emulator's scenario knows): "caller-func". Empty when unknown, or when no function is set. */
    std::function<QString(const QString &value)> nameOf;
};

enum class ReportFormat { Text, Markdown, Json };

/*! {"token": masked or raw, "header": {...}, "claims": {...}, "explanations": {claim: name}, "times": {...},
    "version": 1|2, "signature": {...}, "notes": [...], "names": {claim: name} when options.nameOf knows some}. */
QJsonObject claimsReportJson(const DecodedToken &token, const ClaimsCatalog &catalog, const ReportOptions &options);
/*! The same content as text (aligned columns, for a terminal) or Markdown (tables, for a ticket). */
QString claimsReport(
    const DecodedToken &token, const ClaimsCatalog &catalog, ReportFormat format, const ReportOptions &options);

/*! The human reading of one claim's value: times as "2024-05-01 14:03:12 UTC (3 h ago)", lists joined, and the
    catalog's value note ("certificate or federated credential ..."). */
QString readableClaimValue(const DecodedToken &token, const QString &claim, const QDateTime &now);

/*! Indented JSON of \a object with its members in \a order (the token's own order; QJsonDocument would sort them).
    Members missing from \a order follow, sorted. */
QString orderedJson(const QJsonObject &object, const QStringList &order);

} // namespace idex
