#include "tokenscan.h"

#include "diagnose/diagnosis.h"
#include "directory/directory.h"
#include "jwt/keyresolver.h"
#include "net/secretscanner.h"

#include <QCryptographicHash>
#include <QHash>

#include <algorithm>

namespace idex::scan {

FoundTokens findTokens(QByteArrayView text)
{
    FoundTokens result;
    result.bytes = text.size();
    QHash<QByteArray, qsizetype> indexOf;
    qint64 line = 1;
    qsizetype counted = 0; // newlines are counted up to here
    const char *data = text.data();
    for (const redaction::SecretSpan &span : redaction::findSecrets(text)) {
        if (span.kind != redaction::SecretKind::Jwt && span.kind != redaction::SecretKind::Jwe)
            continue;
        line += std::count(data + counted, data + span.begin, '\n');
        counted = span.begin;
        ++result.occurrences;
        // Looked up without a copy; copied once, when first seen.
        const QByteArray probe = QByteArray::fromRawData(data + span.begin, span.end - span.begin);
        const auto it = indexOf.constFind(probe);
        if (it != indexOf.constEnd()) {
            ++result.tokens[*it].occurrences;
            continue;
        }
        FoundToken token;
        token.text = QByteArray(data + span.begin, span.end - span.begin);
        token.kind = span.kind;
        token.occurrences = 1;
        token.firstLine = line;
        token.firstOffset = span.begin;
        indexOf.insert(token.text, result.tokens.size());
        result.tokens.append(std::move(token));
    }
    result.lines = line + std::count(data + counted, data + text.size(), '\n');
    if (!text.isEmpty() && text.back() == '\n')
        --result.lines; // the newline ends the last line, it does not start another
    if (text.isEmpty())
        result.lines = 0;
    return result;
}

namespace {

QString nameOf(const Directory *directory, const QString &appId, const QString &objectId)
{
    if (!directory)
        return {};
    if (!appId.isEmpty())
        if (const ServicePrincipal *sp = directory->servicePrincipalByAppId(appId))
            return sp->displayName;
    if (!objectId.isEmpty())
        return directory->displayNameOf(objectId);
    return {};
}

} // namespace

QList<ScannedToken> analyse(const FoundTokens &found, const ScanOptions &options)
{
    QList<ScannedToken> rows;
    rows.reserve(found.tokens.size());
    for (const FoundToken &f : found.tokens) {
        ScannedToken row;
        row.found = f;
        row.masked = QString::fromLatin1(redaction::maskText(f.kind, f.text.size()));
        row.reference
            = QString::fromLatin1(QCryptographicHash::hash(f.text, QCryptographicHash::Sha256).toHex().left(12));
        const DecodeResult result = decodeToken(QString::fromLatin1(f.text));
        if (!result.ok()) {
            row.decodeError = result.message;
            rows.append(std::move(row));
            continue;
        }
        DecodedToken token = result.token;
        row.decoded = true;
        row.clientId = token.clientId();
        row.objectId = token.objectId();
        row.clientName = nameOf(options.directory, row.clientId, {});
        row.objectName = nameOf(options.directory, {}, row.objectId);
        row.audience = token.audience();
        if (options.directory)
            if (const ServicePrincipal *sp = options.directory->servicePrincipalForAudience(row.audience))
                row.audienceName = sp->displayName;
        row.roles = token.roles();
        row.scopes = token.scopes();
        row.issuedAt = token.claimTime(QStringLiteral("iat"));
        row.expiresOn = token.claimTime(QStringLiteral("exp"));
        row.expired = row.expiresOn && *row.expiresOn <= options.now;
        if (options.keys) {
            token.verification = verifyWithResolution(token, *options.keys);
            row.signature = token.verification;
        }
        DiagnosisInput input;
        input.token = &token;
        input.directory = options.directory;
        input.now = options.now;
        row.findings = diagnose(input);
        rows.append(std::move(row));
    }
    return rows;
}

} // namespace idex::scan
