#include "scanreport.h"

#include "diagnose/diagnosis.h"

#include <QJsonArray>

namespace idex::scan {

namespace {

QString isoTime(const std::optional<QDateTime> &t)
{
    return t ? t->toUTC().toString(Qt::ISODate) : QString();
}

QString named(const QString &name, const QString &id)
{
    if (id.isEmpty())
        return name;
    return name.isEmpty() ? id : QStringLiteral("%1 (%2)").arg(name, id);
}

QString who(const ScannedToken &row)
{
    QStringList parts;
    if (!row.clientId.isEmpty())
        parts << QStringLiteral("appid ") + named(row.clientName, row.clientId);
    if (!row.objectId.isEmpty() && row.objectId != row.clientId)
        parts << QStringLiteral("oid ") + named(row.objectName, row.objectId);
    return parts.join(QStringLiteral(", "));
}

QString signatureText(const ScannedToken &row, bool checked)
{
    if (!row.decoded)
        return QStringLiteral("-");
    if (!checked)
        return QStringLiteral("not checked");
    return QStringLiteral("%1 (%2)").arg(signatureStatusName(row.signature.status), row.signature.reason);
}

QString findingCodes(const Findings &findings)
{
    QStringList codes;
    for (const Finding &f : findings)
        codes << QStringLiteral("%1 %2").arg(severityName(f.severity), f.code);
    return codes.join(QStringLiteral("; "));
}

QString cell(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

} // namespace

QString scanReportText(
    const QString &source, const FoundTokens &found, const QList<ScannedToken> &rows, bool signaturesChecked)
{
    const QStringList heads { QStringLiteral("#"), QStringLiteral("token"), QStringLiteral("ref"),
        QStringLiteral("seen"), QStringLiteral("line"), QStringLiteral("who"), QStringLiteral("audience"),
        QStringLiteral("roles"), QStringLiteral("issued"), QStringLiteral("expires"), QStringLiteral("signature"),
        QStringLiteral("findings") };
    QList<QStringList> table { heads };
    int n = 0;
    for (const ScannedToken &row : rows) {
        ++n;
        QString expires = isoTime(row.expiresOn);
        if (row.expired)
            expires += QStringLiteral(" (expired)");
        const QString findings = row.decoded ? findingCodes(row.findings) : row.decodeError;
        table << QStringList { QString::number(n), row.masked, row.reference, QString::number(row.found.occurrences),
            QString::number(row.found.firstLine), cell(who(row)), cell(named(row.audienceName, row.audience)),
            cell((row.roles + row.scopes).join(u',')), cell(isoTime(row.issuedAt)), cell(expires),
            signatureText(row, signaturesChecked), cell(findings) };
    }
    QList<qsizetype> widths(heads.size(), 0);
    for (const QStringList &r : table)
        for (qsizetype c = 0; c < r.size(); ++c)
            widths[c] = std::max(widths[c], r[c].size());
    QString text;
    for (const QStringList &r : table) {
        QString line;
        for (qsizetype c = 0; c < r.size(); ++c)
            line += c + 1 == r.size() ? r[c] : r[c].leftJustified(widths[c] + 2);
        text += line + u'\n';
    }
    text += QStringLiteral("\n%1: %2 distinct token(s), %3 occurrence(s) in %4 line(s), %5 bytes.\n")
                .arg(source)
                .arg(rows.size())
                .arg(found.occurrences)
                .arg(found.lines)
                .arg(found.bytes);
    return text;
}

QJsonObject scanReportJson(
    const QString &source, const FoundTokens &found, const QList<ScannedToken> &rows, bool signaturesChecked)
{
    QJsonArray tokens;
    for (const ScannedToken &row : rows) {
        QJsonObject t { { QStringLiteral("token"), row.masked }, { QStringLiteral("reference"), row.reference },
            { QStringLiteral("occurrences"), row.found.occurrences },
            { QStringLiteral("firstLine"), double(row.found.firstLine) },
            { QStringLiteral("firstOffset"), double(row.found.firstOffset) },
            { QStringLiteral("decoded"), row.decoded } };
        if (!row.decoded) {
            t.insert(QStringLiteral("decodeError"), row.decodeError);
            tokens.append(t);
            continue;
        }
        t.insert(QStringLiteral("clientId"), row.clientId);
        t.insert(QStringLiteral("clientName"), row.clientName);
        t.insert(QStringLiteral("objectId"), row.objectId);
        t.insert(QStringLiteral("objectName"), row.objectName);
        t.insert(QStringLiteral("audience"), row.audience);
        t.insert(QStringLiteral("audienceName"), row.audienceName);
        t.insert(QStringLiteral("roles"), QJsonArray::fromStringList(row.roles));
        t.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(row.scopes));
        t.insert(QStringLiteral("issuedAt"), isoTime(row.issuedAt));
        t.insert(QStringLiteral("expiresOn"), isoTime(row.expiresOn));
        t.insert(QStringLiteral("expired"), row.expired);
        QJsonObject signature { { QStringLiteral("checked"), signaturesChecked } };
        if (signaturesChecked) {
            signature.insert(QStringLiteral("status"), signatureStatusName(row.signature.status));
            signature.insert(QStringLiteral("reason"), row.signature.reason);
            signature.insert(QStringLiteral("trustedKeys"), row.signature.isTrusted());
        }
        t.insert(QStringLiteral("signature"), signature);
        t.insert(QStringLiteral("findings"), findingsToJson(row.findings));
        tokens.append(t);
    }
    return QJsonObject { { QStringLiteral("source"), source }, { QStringLiteral("bytes"), double(found.bytes) },
        { QStringLiteral("lines"), double(found.lines) }, { QStringLiteral("occurrences"), double(found.occurrences) },
        { QStringLiteral("tokens"), tokens } };
}

} // namespace idex::scan
