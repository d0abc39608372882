#include "claimsreport.h"

#include "net/redaction.h"
#include "tokentimes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idex {

namespace {

const QStringList kTimeClaims { QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("exp"),
    QStringLiteral("auth_time"), QStringLiteral("xms_tcdt") };

QString markdownCell(QString text)
{
    text.replace(u'|', QStringLiteral("\\|"));
    text.replace(u'\n', u' ');
    return text;
}

QString pad(const QString &text, qsizetype width)
{
    return text.leftJustified(width, u' ');
}

/*! The object a claim's value names, per options.nameOf; empty for times, lists and unknown values. */
QString nameOfClaim(const DecodedToken &token, const QString &claim, const ReportOptions &options)
{
    if (!options.nameOf || kTimeClaims.contains(claim) || !token.claims.value(claim).isString())
        return {};
    return options.nameOf(token.claims.value(claim).toString());
}

/*! The value as people read it, followed by the object's name when known: "5eed…0401  = caller-func". */
QString valueWithName(const DecodedToken &token, const QString &claim, const ReportOptions &options)
{
    const QString value = readableClaimValue(token, claim, options.now);
    const QString name = nameOfClaim(token, claim, options);
    return name.isEmpty() ? value : QStringLiteral("%1  = %2").arg(value, name);
}

} // namespace

QString readableClaimValue(const DecodedToken &token, const QString &claim, const QDateTime &now)
{
    if (kTimeClaims.contains(claim)) {
        if (const std::optional<QDateTime> when = token.claimTime(claim))
            return QStringLiteral("%1 (%2)").arg(formatUtc(*when), relativeTime(*when, now));
    }
    const QString value = token.claimText(claim);
    const QString note = ClaimsCatalog::valueNote(claim, value);
    return note.isEmpty() ? value : QStringLiteral("%1 (%2)").arg(value, note);
}

QString orderedJson(const QJsonObject &object, const QStringList &order)
{
    QStringList keys;
    for (const QString &key : order) {
        if (object.contains(key) && !keys.contains(key))
            keys << key;
    }
    const QStringList all = object.keys();
    for (const QString &key : all) {
        if (!keys.contains(key))
            keys << key;
    }
    QString out = QStringLiteral("{\n");
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonValue value = object.value(keys.at(i));
        QString text;
        if (value.isArray() || value.isObject()) {
            const QJsonDocument doc
                = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
            const QString compact = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
            // Short lists (roles, amr) stay on one line; anything larger is indented under its name.
            text = compact.size() <= 60 ? compact
                                        : QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                                              .trimmed()
                                              .replace(u'\n', QStringLiteral("\n    "));
        } else {
            // A one-element array serialises the scalar exactly as QJsonDocument does for the whole object.
            const QString wrapped
                = QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact));
            text = wrapped.mid(1, wrapped.size() - 2);
        }
        const QString name = QString::fromUtf8(QJsonDocument(QJsonArray { keys.at(i) }).toJson(QJsonDocument::Compact));
        out += QStringLiteral("    %1: %2%3\n")
                   .arg(name.mid(1, name.size() - 2), text, i + 1 < keys.size() ? QStringLiteral(",") : QString());
    }
    out += u'}';
    return out;
}

QJsonObject claimsReportJson(const DecodedToken &token, const ClaimsCatalog &catalog, const ReportOptions &options)
{
    QJsonObject report;
    report.insert(QStringLiteral("token"), options.includeRawToken ? token.raw : redaction::maskToken(token.raw));
    report.insert(QStringLiteral("header"), token.header);
    report.insert(QStringLiteral("claims"), token.claims);
    report.insert(QStringLiteral("claimOrder"), QJsonArray::fromStringList(token.claimOrder));
    report.insert(QStringLiteral("version"), token.version);

    QJsonObject explanations;
    for (const QString &claim : token.claimOrder) {
        if (const std::optional<ClaimInfo> info = catalog.claim(claim))
            explanations.insert(claim, info->name);
    }
    report.insert(QStringLiteral("explanations"), explanations);

    const TokenTimes times = TokenTimes::of(token, options.now);
    QJsonObject timesJson;
    auto putTime = [&](const char *name, const std::optional<QDateTime> &when) {
        if (when)
            timesJson.insert(QLatin1String(name), when->toString(Qt::ISODate));
    };
    putTime("issuedAt", times.issuedAt);
    putTime("notBefore", times.notBefore);
    putTime("expiresAt", times.expiresAt);
    if (const std::optional<qint64> lifetime = times.lifetimeSeconds())
        timesJson.insert(QStringLiteral("lifetimeSeconds"), double(*lifetime));
    timesJson.insert(QStringLiteral("state"), times.stateName());
    timesJson.insert(QStringLiteral("summary"), times.summary(options.now));
    timesJson.insert(QStringLiteral("checkedAt"), options.now.toString(Qt::ISODate));
    report.insert(QStringLiteral("times"), timesJson);

    const SignatureVerdict &v = token.verification;
    QJsonObject signature { { QStringLiteral("status"), signatureStatusName(v.status) },
        { QStringLiteral("algorithm"), token.algorithm() }, { QStringLiteral("keyId"), token.keyId() } };
    if (v.isChecked()) {
        signature.insert(QStringLiteral("reason"), v.reason);
        signature.insert(QStringLiteral("detail"), v.detail);
        signature.insert(QStringLiteral("keySource"), v.keySource);
        signature.insert(QStringLiteral("keyTrust"), keyTrustName(v.keyTrust));
    }
    report.insert(QStringLiteral("signature"), signature);
    if (!token.notes.isEmpty())
        report.insert(QStringLiteral("notes"), QJsonArray::fromStringList(token.notes));
    QJsonObject names;
    for (const QString &claim : token.claimOrder) {
        const QString name = nameOfClaim(token, claim, options);
        if (!name.isEmpty())
            names.insert(claim, name);
    }
    if (!names.isEmpty())
        report.insert(QStringLiteral("names"), names);
    return report;
}

QString claimsReport(
    const DecodedToken &token, const ClaimsCatalog &catalog, ReportFormat format, const ReportOptions &options)
{
    if (format == ReportFormat::Json)
        return QString::fromUtf8(
            QJsonDocument(claimsReportJson(token, catalog, options)).toJson(QJsonDocument::Indented));

    const TokenTimes times = TokenTimes::of(token, options.now);
    const QString tokenText = options.includeRawToken ? token.raw : redaction::maskToken(token.raw);
    const QString version
        = token.version ? QStringLiteral("v%1.0").arg(token.version) : QStringLiteral("unknown version");
    const QString lifetime
        = times.lifetimeSeconds() ? formatDuration(*times.lifetimeSeconds()) : QStringLiteral("unknown");
    QString out;
    if (format == ReportFormat::Markdown) {
        out += QStringLiteral("# Token %1\n\n").arg(version);
        out += QStringLiteral("- Token: `%1`\n").arg(tokenText);
        out += QStringLiteral("- Algorithm: %1, key: `%2`, signature: %3\n")
                   .arg(token.algorithm(), token.keyId(), signatureStatusName(token.verification.status));
        out += QStringLiteral("- Lifetime: %1; %2 (checked %3)\n\n")
                   .arg(lifetime, times.summary(options.now), formatUtc(options.now));
        out += QStringLiteral("## Header\n\n| Parameter | Value | Meaning |\n|---|---|---|\n");
        for (const QString &name : token.headerOrder)
            out += QStringLiteral("| `%1` | %2 | %3 |\n")
                       .arg(name, markdownCell(token.header.value(name).toVariant().toString()),
                           markdownCell(
                               catalog.headerParameter(name) ? catalog.headerParameter(name)->name : QString()));
        out += QStringLiteral("\n## Claims\n\n| Claim | Value | Meaning |\n|---|---|---|\n");
        for (const QString &name : token.claimOrder) {
            const std::optional<ClaimInfo> info = catalog.claim(name);
            out += QStringLiteral("| `%1` | %2 | %3 |\n")
                       .arg(name, markdownCell(valueWithName(token, name, options)),
                           markdownCell(info ? info->name + QStringLiteral(": ") + info->explanation
                                             : QStringLiteral("(not in the catalog)")));
        }
        return out;
    }

    qsizetype width = 5;
    for (const QString &name : token.claimOrder)
        width = qMax(width, name.size());
    for (const QString &name : token.headerOrder)
        width = qMax(width, name.size());
    out += QStringLiteral("Token   %1\n").arg(tokenText);
    out += QStringLiteral("Version %1, %2, key %3, signature %4\n")
               .arg(version, token.algorithm().isEmpty() ? QStringLiteral("no alg") : token.algorithm(),
                   token.keyId().isEmpty() ? QStringLiteral("(none)") : token.keyId(),
                   signatureStatusName(token.verification.status));
    out += QStringLiteral("Times   lifetime %1; %2\n").arg(lifetime, times.summary(options.now));
    for (const QString &note : token.notes)
        out += QStringLiteral("Note    %1\n").arg(note);
    out += QStringLiteral("\nHeader\n");
    for (const QString &name : token.headerOrder)
        out += QStringLiteral("  %1  %2\n").arg(pad(name, width), token.header.value(name).toVariant().toString());
    out += QStringLiteral("\nClaims\n");
    for (const QString &name : token.claimOrder) {
        const std::optional<ClaimInfo> info = catalog.claim(name);
        out += QStringLiteral("  %1  %2\n").arg(pad(name, width), valueWithName(token, name, options));
        out += QStringLiteral("  %1  %2\n")
                   .arg(pad(QString(), width), info ? info->name : QStringLiteral("(not in the catalog)"));
    }
    return out;
}

} // namespace idex
