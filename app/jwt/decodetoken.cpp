// decodeToken() and extractCompactToken(): from whatever a person pasted to a DecodedToken, or a precise error.
#include "decodedtoken.h"
#include "net/base64url.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cstring>

namespace idex {

namespace {

// Real tokens are a few kilobytes (a token with 200 groups stays under 16 KB); anything this large is a wrong paste.
constexpr qsizetype kMaxInput = 256 * 1024;

constexpr std::array<bool, 128> compactTokenChars()
{
    std::array<bool, 128> allowed {};
    for (int c = 0; c < 128; ++c)
        allowed[c] = detail::kBase64UrlValues[c] >= 0 || c == '.' || c == '=';
    return allowed;
}

bool isCompactTokenText(QStringView text)
{
    // One table look-up per UTF-16 unit: this runs over every character of every token decoded.
    static constexpr std::array<bool, 128> allowed = compactTokenChars();
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    for (; p < end; ++p) {
        if (*p >= 128 || !allowed[*p])
            return false;
    }
    return !text.isEmpty();
}

QString withoutWhitespace(const QString &text)
{
    QString result(text.size(), Qt::Uninitialized);
    QChar *out = result.data();
    for (const QChar c : text) {
        if (!c.isSpace())
            *out++ = c;
    }
    result.truncate(out - result.constData());
    return result;
}

/*! A compact token with nothing around it: what idex verify, the key resolver and SDK code hand over. Such text
    needs none of the unwrapping below (its characters rule out JSON, header names, "Bearer ", quotes and URLs);
    only a query-style "token=..." must still go the long way. */
bool isBareCompactToken(const QString &text)
{
    return isCompactTokenText(text) && !text.startsWith(QLatin1String("access_token="))
        && !text.startsWith(QLatin1String("id_token=")) && !text.startsWith(QLatin1String("token="));
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
    if (isBareCompactToken(text))
        return { text, false };

    // A token endpoint's JSON answer pasted whole.
    if (text.startsWith(u'{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isObject()) {
            for (const char *key : { "access_token", "id_token", "token" }) {
                const QString value = doc.object().value(QLatin1String(key)).toString();
                if (!value.isEmpty()) {
                    note(QStringLiteral("Taken from the \"%1\" field of a JSON document.").arg(QLatin1String(key)));
                    return { value.trimmed(), false };
                }
            }
        }
    }

    static const QRegularExpression authorization(
        QStringLiteral("^authorization\\s*:\\s*"), QRegularExpression::CaseInsensitiveOption);
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
        return { QUrl::fromPercentEncoding(param.captured(2).toUtf8()), false };
    }

    const QString compact = withoutWhitespace(text);
    if (isCompactTokenText(compact)) {
        if (compact.size() != text.size())
            note(QStringLiteral("Removed whitespace and line breaks inside the token."));
        return { compact, false };
    }

    // Free text around a token (a curl command line, a log line): take the first JWT-shaped run. A single word is
    // kept whole, so that a bad character gets its precise error instead of silently cutting the token.
    const bool freeText = std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
    static const QRegularExpression jwtShaped(
        QStringLiteral("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_=-]*(?:\\.[A-Za-z0-9_=-]*){1,3}"));
    const QRegularExpressionMatch jwt = jwtShaped.match(text);
    if (freeText && jwt.hasMatch()) {
        note(QStringLiteral("Found the token inside surrounding text."));
        return { jwt.captured(0), false };
    }
    static const QRegularExpression url(
        QStringLiteral("^[a-z][a-z0-9+.-]*://"), QRegularExpression::CaseInsensitiveOption);
    if (text.contains(url))
        return { {}, true };
    return { compact, false };
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
                                        "of four characters")
                             .arg(padding);
        return result;
    }
    const qsizetype bad = decodeBase64UrlText(QByteArrayView(part).first(end), &result.bytes);
    if (bad >= 0) {
        const char c = part.at(bad);
        if (c == '+' || c == '/')
            result.problem
                = QStringLiteral("contains '%1' at position %2: that is standard base64, JWTs use base64url "
                                 "('-' and '_'); the token was probably altered by a tool that re-encoded it")
                      .arg(QLatin1Char(c))
                      .arg(bad + 1);
        else
            result.problem = QStringLiteral("contains '%1' at position %2, which is not a base64url character")
                                 .arg(c == '=' ? QStringLiteral("=") : QString(QLatin1Char(c)))
                                 .arg(bad + 1);
        return result;
    }
    if (end % 4 == 1) {
        result.bytes.clear();
        result.problem = QStringLiteral("has %1 characters, a length no base64url text can have: it was cut off or a "
                                        "character was lost")
                             .arg(end);
        return result;
    }
    return result;
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
bool decodeJsonPart(const QByteArray &part, const QString &name, QJsonObject &object, MemberOrder &order,
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
        notes
            << QStringLiteral("The %1 carries '=' padding, which JWTs leave out (RFC 7515); decoded anyway.").arg(name);
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
    order = MemberOrder(decoded.bytes, object); // scanned when someone asks: verification never does
    return true;
}

} // namespace

QString extractCompactToken(const QString &input, QStringList *notes)
{
    if (input.size() > kMaxInput)
        return {};
    return extract(input, notes).token;
}

namespace {

/*! Every token signed with one key carries the very same header, byte for byte (typ, alg, kid, x5t). Each thread
    keeps the header it decoded last and reuses it when the next token's header part is identical: one entry per
    thread, so nothing to bound and nothing to lock; any other header is decoded as before. */
bool decodeHeader(const QByteArray &part, DecodedToken &token, DecodeResult &error)
{
    struct Memo
    {
        QByteArray part;
        QJsonObject header;
        MemberOrder order;
        QStringList notes;
    };
    thread_local Memo last;
    if (!part.isEmpty() && part == last.part) {
        token.header = last.header;
        token.headerOrder = last.order;
        token.notes += last.notes;
        return true;
    }
    const qsizetype notesBefore = token.notes.size();
    if (!decodeJsonPart(part, QStringLiteral("header"), token.header, token.headerOrder, token.notes, error))
        return false;
    last = Memo { part, token.header, token.headerOrder, token.notes.mid(notesBefore) };
    return true;
}

/*! Decodes \a text, the token itself (not a paste to search), whose Latin-1 form is \a compact. */
DecodeResult decodeCompact(const QString &text, QByteArray compact, QStringList notes)
{
    qsizetype partCount = 1; // indexOf is memchr: far quicker than looking at each character for so few dots
    for (qsizetype dot = compact.indexOf('.'); dot >= 0; dot = compact.indexOf('.', dot + 1))
        ++partCount;
    if (partCount == 5)
        return failure(DecodeError::Jwe,
            QStringLiteral("This is an encrypted token (JWE, 5 parts). Only its audience holds the key to "
                           "read it; a JWE cannot be decoded or verified here."));
    if (partCount == 1) {
        if (text.startsWith(QLatin1String("eyJ")))
            return failure(DecodeError::MissingParts,
                QStringLiteral("Only one part: this looks like the start of a JWT without its payload and "
                               "signature. The copy was probably cut off."));
        return failure(DecodeError::Opaque,
            QStringLiteral("This is not a JWT (no dots). It looks like an opaque token, for example a "
                           "Microsoft account (consumer) token or a reference token, which only its issuer "
                           "can read."));
    }
    if (partCount == 2)
        return failure(DecodeError::MissingParts,
            QStringLiteral("Two parts where a signed JWT has three (header.payload.signature): the "
                           "signature part, with the dot before it, is missing. The copy was probably cut "
                           "off."));
    if (partCount != 3)
        return failure(DecodeError::WrongPartCount,
            QStringLiteral("%1 parts separated by dots: a signed JWT has 3 and an encrypted one (JWE) 5.")
                .arg(partCount));
    const qsizetype firstDot = compact.indexOf('.');
    const qsizetype secondDot = compact.indexOf('.', firstDot + 1);

    DecodeResult result;
    DecodedToken &token = result.token;
    token.raw = text;
    token.headerPart = compact.first(firstDot);
    token.payloadPart = compact.sliced(firstDot + 1, secondDot - firstDot - 1);
    token.signaturePart = compact.sliced(secondDot + 1);
    token.notes = std::move(notes);

    DecodeResult error;
    if (!decodeHeader(token.headerPart, token, error))
        return error;
    if (!decodeJsonPart(
            token.payloadPart, QStringLiteral("payload"), token.claims, token.claimOrder, token.notes, error))
        return error;

    compact.truncate(secondDot); // "header.payload", without copying it again
    token.signingInput = std::move(compact);
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

} // namespace

DecodeResult decodeToken(const QString &input)
{
    // The common case first: a bare compact token (what idex verify, the key resolver and SDK code hand over). When
    // all three parts decode, every character was base64url, a dot or padding, which proves that extract() would
    // have returned the text as it is; so the text is not scanned for anything to unwrap beforehand. Anything else
    // (a paste to search, or a broken token and its precise error) takes the full path below, from the start.
    if (input.size() <= kMaxInput) {
        const QString text = input.trimmed();
        if (!text.startsWith(QLatin1String("access_token=")) && !text.startsWith(QLatin1String("id_token="))
            && !text.startsWith(QLatin1String("token="))) {
            DecodeResult bare = decodeCompact(text, text.toLatin1(), {});
            if (bare.ok() && !bare.token.signatureMalformed)
                return bare;
        }
    }

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
    // Non-Latin-1 characters become '?', and get base64's precise error.
    return decodeCompact(text, text.toLatin1(), notes);
}

} // namespace idex
