#include "redaction.h"

#include "secretnames.h"
#include "secretscanner.h"

#include <string_view>

namespace idex::redaction {

namespace {

using namespace std::string_view_literals;

// Schemes shown in front of a masked credential: which kind of credential was sent is what a reader needs.
constexpr std::string_view kAuthSchemes[] = {
    "bearer"sv,
    "basic"sv,
    "digest"sv,
    "negotiate"sv,
    "ntlm"sv,
    "pop"sv,
    "sharedkey"sv,
    "sharedkeylite"sv,
    "sharedaccesssignature"sv,
    "hmac-sha256"sv,
    "aws4-hmac-sha256"sv,
    "token"sv,
    "mac"sv,
};

bool isAuthScheme(QByteArrayView word)
{
    for (const std::string_view scheme : kAuthSchemes) {
        if (word.compare(QByteArrayView(scheme.data(), qsizetype(scheme.size())), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isWholeMask(QByteArrayView value)
{
    const MaskMatch mask = maskAt(value, 0);
    return mask.found() && mask.end == value.size();
}

/*! The mask for a whole value, or the value when it is a mask already. */
QByteArray maskWhole(QByteArrayView value)
{
    if (value.isEmpty() || isWholeMask(value))
        return value.toByteArray();
    return maskText(kindOf(value), characterCount(value));
}

/*! `Bearer eyJ...` keeps `Bearer`; a value without a known scheme is masked whole. */
QByteArray maskCredential(QByteArrayView credential)
{
    const QByteArrayView trimmed = credential.trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    if (space > 0 && isAuthScheme(trimmed.first(space)))
        return trimmed.first(space).toByteArray() + ' ' + maskWhole(trimmed.sliced(space + 1).trimmed());
    return maskWhole(trimmed);
}

/*! Whether a credential with a known scheme starts at \a from (after spaces): `Bearer x`. */
bool startsSchemedCredential(QByteArrayView value, qsizetype from)
{
    while (from < value.size() && value.at(from) == ' ')
        ++from;
    // Schemes are short words: looking no further keeps a header of a million commas linear.
    qsizetype space = from;
    while (space < value.size() && space - from < 32 && value.at(space) != ' ')
        ++space;
    return space > from && space < value.size() && value.at(space) == ' '
        && isAuthScheme(value.sliced(from, space - from));
}

/*! X-ms-authorization-auxiliary carries `Bearer a, Bearer b`: each credential keeps its scheme. Only a comma that
    starts another schemed credential separates two (Digest's parameters and a mask's `1,234` do not). */
QByteArray maskCredentials(const QByteArray &value)
{
    QByteArrayList out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i < value.size() && !(value.at(i) == ',' && startsSchemedCredential(value, i + 1)))
            continue;
        out.append(maskCredential(QByteArrayView(value).sliced(start, i - start)));
        start = i + 1;
    }
    return out.join(", ");
}

/*! Cookie values are session credentials whatever their names: `a=[secret, 32 chars]; b=[secret, 8 chars]`. With
    \a attributes (Set-Cookie, one cookie per line) only the first pair of a line is the cookie; Path, Expires,
    SameSite ... stay readable. */
QByteArray maskCookies(const QByteArray &value, bool attributes)
{
    QByteArrayList lines;
    for (const QByteArray &line : value.split('\n')) {
        QByteArrayList pairs = line.split(';');
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            if (attributes && i > 0)
                break;
            QByteArray &pair = pairs[i];
            const qsizetype equals = pair.indexOf('=');
            if (equals < 0) {
                const qsizetype lead = pair.size() - QByteArrayView(pair).trimmed().size();
                if (!pair.trimmed().isEmpty())
                    pair = pair.left(lead) + maskWhole(pair.trimmed());
                continue;
            }
            pair = pair.left(equals + 1) + maskWhole(QByteArrayView(pair).sliced(equals + 1).trimmed());
        }
        lines.append(pairs.join(';'));
    }
    return lines.join('\n');
}

QByteArray redactBytes(QByteArrayView text)
{
    return replaceSpans(text, findSecrets(text));
}

} // namespace

bool isSecretHeader(QByteArrayView name)
{
    return isSecretName(name, NameContext::Header);
}

bool isSecretParameter(QStringView name)
{
    return isSecretName(name.toUtf8(), NameContext::Parameter);
}

QByteArray redactHeaderValue(QByteArrayView name, const QByteArray &value)
{
    if (value.isEmpty())
        return value;
    if (name.compare("cookie", Qt::CaseInsensitive) == 0)
        return maskCookies(value, false);
    if (name.compare("set-cookie", Qt::CaseInsensitive) == 0)
        return maskCookies(value, true);
    if (isSecretHeader(name))
        return maskCredentials(value);
    const QByteArray text = redactBytes(value);
    return replaceSpans(text, findOpaqueValues(text));
}

HeaderList redactHeaders(const HeaderList &headers)
{
    HeaderList out;
    out.reserve(headers.size());
    for (const auto &[name, value] : headers)
        out.append({ name, redactHeaderValue(name, value) });
    return out;
}

QByteArray redactBody(const QByteArray &body)
{
    return redactBytes(body);
}

QString redactText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    const QList<SecretSpan> spans = findSecrets(utf8);
    return spans.isEmpty() ? text : QString::fromUtf8(replaceSpans(utf8, spans));
}

QString redactUrl(const QUrl &url)
{
    return QString::fromUtf8(redactBytes(url.toString(QUrl::FullyEncoded).toUtf8()));
}

QUrl redactedUrl(const QUrl &url)
{
    const QUrl out(redactUrl(url), QUrl::TolerantMode);
    if (out.isValid() || !url.isValid())
        return out;
    // Should the masked text not parse back, drop every part that can hold a secret rather than keep it.
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString maskToken(const QString &token)
{
    return QString::fromUtf8(maskWhole(token.toUtf8()));
}

HttpExchange redacted(const HttpExchange &exchange)
{
    HttpExchange out = exchange;
    out.request.url = redactedUrl(exchange.request.url);
    out.request.headers = redactHeaders(exchange.request.headers);
    out.request.body = redactBody(exchange.request.body);
    out.response.headers = redactHeaders(exchange.response.headers);
    out.response.body = redactBody(exchange.response.body);
    out.response.error = redactText(exchange.response.error);
    out.note = redactText(exchange.note);
    return out;
}

Transcript redacted(const Transcript &transcript)
{
    Transcript out;
    out.reserve(transcript.size());
    for (const HttpExchange &exchange : transcript)
        out.append(redacted(exchange));
    return out;
}

} // namespace idex::redaction
