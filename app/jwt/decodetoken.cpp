// decodeToken() and extractCompactToken(): from whatever a person pasted to a DecodedToken, or a precise error.
#include "decodedtoken.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace idex {

namespace {

// Real tokens are a few kilobytes (a token with 200 groups stays under 16 KB); anything this large is a wrong paste.
constexpr qsizetype kMaxInput = 256 * 1024;

bool isBase64UrlChar(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
}

bool isCompactTokenText(const QString &text)
{
    for (const QChar c : text) {
        if (!isBase64UrlChar(c) && c != u'.' && c != u'=')
            return false;
    }
    return !text.isEmpty();
}

QString withoutWhitespace(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace())
            result += c;
    }
    return result;
}

struct Extraction
{
    QString token;
    bool urlWithoutToken = false;
};

Extraction extract(const QString &input, QStringList *notes)
{
    auto note = [notes](const QString &text) {
        if (notes)
            notes->append(text);
    };
    QString text = input.trimmed();

    // A token endpoint's JSON answer pasted whole.
    if (text.startsWith(u'{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isObject()) {
            for (const char *key : {"access_token", "id_token", "token"}) {
                const QString value = doc.object().value(QLatin1String(key)).toString();
                if (!value.isEmpty()) {
                    note(QStringLiteral("Taken from the \"%1\" field of a JSON document.").arg(QLatin1String(key)));
                    return {value.trimmed(), false};
                }
            }
        }
    }

    static const QRegularExpression authorization(QStringLiteral("^authorization\\s*:\\s*"),
                                                  QRegularExpression::CaseInsensitiveOption);
    if (text.contains(authorization)) {
        text.remove(authorization);
        note(QStringLiteral("Removed the \"Authorization:\" header name."));
    }
    static const QRegularExpression bearer(QStringLiteral("^bearer\\s+"), QRegularExpression::CaseInsensitiveOption);
    if (text.contains(bearer)) {
        text.remove(bearer);
        note(QStringLiteral("Removed the \"Bearer \" scheme."));
    }
    if (text.size() >= 2 && (text.front() == u'"' || text.front() == u'\'') && text.back() == text.front())
        text = text.mid(1, text.size() - 2).trimmed();

    // URL fragments and queries (implicit-flow redirects, jwt.ms links): #access_token=... or ?id_token=...
    static const QRegularExpression parameter(QStringLiteral("(?:^|[#?&])(access_token|id_token|token)=([^&#\\s]*)"));
    const QRegularExpressionMatch param = parameter.match(text);
    if (param.hasMatch()) {
        note(QStringLiteral("Taken from the \"%1\" parameter of a URL.").arg(param.captured(1)));
        return {QUrl::fromPercentEncoding(param.captured(2).toUtf8()), false};
    }

    const QString compact = withoutWhitespace(text);
    if (isCompactTokenText(compact)) {
        if (compact.size() != text.size())
            note(QStringLiteral("Removed whitespace and line breaks inside the token."));
        return {compact, false};
    }

    // Free text around a token (a curl command line, a log line): take the first JWT-shaped run. A single word is
    // kept whole, so that a bad character gets its precise error instead of silently cutting the token.
    const bool freeText = std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
    static const QRegularExpression jwtShaped(QStringLiteral("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_=-]*(?:\\.[A-Za-z0-9_=-]*){1,3}"));
    const QRegularExpressionMatch jwt = jwtShaped.match(text);
    if (freeText && jwt.hasMatch()) {
        note(QStringLiteral("Found the token inside surrounding text."));
        return {jwt.captured(0), false};
    }
    static const QRegularExpression url(QStringLiteral("^[a-z][a-z0-9+.-]*://"), QRegularExpression::CaseInsensitiveOption);
    if (text.contains(url))
        return {{}, true};
    return {compact, false};
}

struct PartResult
{
    QByteArray bytes;
    QString problem; ///< empty when the part decoded
    bool padded = false;
};

PartResult decodeBase64Url(const QByteArray &part)
{
    PartResult result;
    qsizetype end = part.size();
    while (end > 0 && part.at(end - 1) == '=')
        --end;
    const qsizetype padding = part.size() - end;
    result.padded = padding > 0;
    if (padding > 2 || (padding > 0 && part.size() % 4 != 0)) {
        result.problem = QStringLiteral("has %1 '=' padding characters where base64 allows at most two, to a multiple "
                                        "of four characters").arg(padding);
        return result;
    }
    for (qsizetype i = 0; i < end; ++i) {
        const char c = part.at(i);
        if (isBase64UrlChar(QLatin1Char(c)))
            continue;
        if (c == '+' || c == '/')
            result.problem = QStringLiteral("contains '%1' at position %2: that is standard base64, JWTs use base64url "
                                            "('-' and '_'); the token was probably altered by a tool that re-encoded it")
                                 .arg(QLatin1Char(c))
                                 .arg(i + 1);
        else
            result.problem = QStringLiteral("contains '%1' at position %2, which is not a base64url character")
                                 .arg(c == '=' ? QStringLiteral("=") : QString(QLatin1Char(c)))
                                 .arg(i + 1);
        return result;
    }
    if (end % 4 == 1) {
        result.problem = QStringLiteral("has %1 characters, a length no base64url text can have: it was cut off or a "
                                        "character was lost").arg(end);
        return result;
    }
    result.bytes = QByteArray::fromBase64(part.left(end), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return result;
}

/*! The top-level member names of a JSON object text in document order (QJsonObject sorts them). The text was already
    accepted by QJsonDocument, so this scanner only tracks strings and nesting. */
QStringList topLevelKeys(const QByteArray &json)
{
    QStringList keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '"') {
            const qsizetype start = i;
            for (++i; i < json.size() && json.at(i) != '"'; ++i) {
                if (json.at(i) == '\\')
                    ++i;
            }
            if (depth == 1 && expectKey) {
                const QByteArray literal = json.mid(start, i - start + 1);
                const QJsonDocument doc = QJsonDocument::fromJson("[" + literal + "]");
                keys << doc.array().at(0).toString();
                expectKey = false;
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            if (depth == 1)
                expectKey = true;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

QStringList orderedKeys(const QByteArray &json, const QJsonObject &object)
{
    QStringList keys = topLevelKeys(json);
    keys.removeDuplicates();
    // Keep the scan only when it agrees with the parser (duplicate names, odd escapes): never show a wrong list.
    QStringList sortedScan = keys;
    sortedScan.sort();
    return sortedScan == object.keys() ? keys : object.keys();
}

DecodeResult failure(DecodeError error, const QString &message, const QString &part = {})
{
    DecodeResult result;
    result.error = error;
    result.message = message;
    result.part = part;
    return result;
}

int versionOf(const QJsonObject &claims)
{
    const QString ver = claims.value(QLatin1String("ver")).toString();
    if (ver == QLatin1String("1.0"))
        return 1;
    if (ver == QLatin1String("2.0"))
        return 2;
    const QString iss = claims.value(QLatin1String("iss")).toString();
    if (iss.startsWith(QLatin1String("https://sts.windows.net/")))
        return 1;
    if (iss.endsWith(QLatin1String("/v2.0")) || iss.endsWith(QLatin1String("/v2.0/")))
        return 2;
    return 0;
}

/*! Decodes one JSON part (header or payload). */
bool decodeJsonPart(const QByteArray &part, const QString &name, QJsonObject &object, QStringList &order,
                    QStringList &notes, DecodeResult &error)
{
    if (part.isEmpty()) {
        error = failure(DecodeError::MissingParts, QStringLiteral("The %1 part is empty.").arg(name), name);
        return false;
    }
    const PartResult decoded = decodeBase64Url(part);
    if (!decoded.problem.isEmpty()) {
        error = failure(DecodeError::BadBase64, QStringLiteral("The %1 %2.").arg(name, decoded.problem), name);
        return false;
    }
    if (decoded.padded)
        notes << QStringLiteral("The %1 carries '=' padding, which JWTs leave out (RFC 7515); decoded anyway.").arg(name);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(decoded.bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = failure(DecodeError::BadJson,
                        QStringLiteral("The %1 decodes to bytes that are not JSON (%2 at byte %3).")
                            .arg(name, parseError.errorString())
                            .arg(parseError.offset),
                        name);
        return false;
    }
    if (!doc.isObject()) {
        error = failure(DecodeError::NotAnObject,
                        QStringLiteral("The %1 is JSON but not an object: a JWT %1 is always {...}.").arg(name), name);
        return false;
    }
    object = doc.object();
    order = orderedKeys(decoded.bytes, object);
    return true;
}

} // namespace

QString extractCompactToken(const QString &input, QStringList *notes)
{
    if (input.size() > kMaxInput)
        return {};
    return extract(input, notes).token;
}

DecodeResult decodeToken(const QString &input)
{
    if (input.trimmed().isEmpty())
        return failure(DecodeError::Empty, QStringLiteral("There is no token: the input is empty."));
    if (input.size() > kMaxInput)
        return failure(DecodeError::TooLong,
                       QStringLiteral("The input is %1 KB; real tokens are a few KB. Paste only the token.")
                           .arg(input.size() / 1024));

    QStringList notes;
    const Extraction found = extract(input, &notes);
    if (found.urlWithoutToken)
        return failure(DecodeError::UrlWithoutToken,
                       QStringLiteral("This URL carries no token: no access_token, id_token or token parameter and "
                                      "no JWT inside it."));
    const QString text = found.token;
    if (text.isEmpty())
        return failure(DecodeError::Empty, QStringLiteral("There is no token in the input."));

    const QStringList parts = text.split(u'.');
    if (parts.size() == 5)
        return failure(DecodeError::Jwe,
                       QStringLiteral("This is an encrypted token (JWE, 5 parts). Only its audience holds the key to "
                                      "read it; a JWE cannot be decoded or verified here."));
    if (parts.size() == 1) {
        if (text.startsWith(QLatin1String("eyJ")))
            return failure(DecodeError::MissingParts,
                           QStringLiteral("Only one part: this looks like the start of a JWT without its payload and "
                                          "signature. The copy was probably cut off."));
        return failure(DecodeError::Opaque,
                       QStringLiteral("This is not a JWT (no dots). It looks like an opaque token, for example a "
                                      "Microsoft account (consumer) token or a reference token, which only its issuer "
                                      "can read."));
    }
    if (parts.size() == 2)
        return failure(DecodeError::MissingParts,
                       QStringLiteral("Two parts where a signed JWT has three (header.payload.signature): the "
                                      "signature part, with the dot before it, is missing. The copy was probably cut "
                                      "off."));
    if (parts.size() != 3)
        return failure(DecodeError::WrongPartCount,
                       QStringLiteral("%1 parts separated by dots: a signed JWT has 3 and an encrypted one (JWE) 5.")
                           .arg(parts.size()));

    DecodeResult result;
    DecodedToken &token = result.token;
    token.raw = text;
    token.headerPart = parts.at(0).toLatin1();
    token.payloadPart = parts.at(1).toLatin1();
    token.signaturePart = parts.at(2).toLatin1();
    token.notes = notes;

    DecodeResult error;
    if (!decodeJsonPart(token.headerPart, QStringLiteral("header"), token.header, token.headerOrder, token.notes, error))
        return error;
    if (!decodeJsonPart(token.payloadPart, QStringLiteral("payload"), token.claims, token.claimOrder, token.notes, error))
        return error;

    token.signingInput = token.headerPart + '.' + token.payloadPart;
    const PartResult signature = decodeBase64Url(token.signaturePart);
    if (!signature.problem.isEmpty()) {
        token.signatureMalformed = true;
        token.notes << QStringLiteral("The signature %1; the claims are readable but the token cannot verify.")
                           .arg(signature.problem);
    } else {
        token.signature = signature.bytes;
    }
    if (token.signaturePart.isEmpty())
        token.notes << QStringLiteral("The token has no signature (unsecured JWT): no API accepts it.");
    if (!token.header.value(QLatin1String("alg")).isString())
        token.notes << QStringLiteral("The header has no \"alg\": no validator accepts a token without one.");
    token.version = versionOf(token.claims);
    return result;
}

} // namespace idex
