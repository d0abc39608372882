#include "redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>
#include <cctype>

namespace idex::redaction {

namespace {

constexpr QByteArrayView kSecretHeaders[] = {
    "authorization", "proxy-authorization", "x-identity-header", "secret", "cookie", "set-cookie",
    "x-functions-key", "ocp-apim-subscription-key", "x-ms-token-aad-access-token", "x-ms-token-aad-id-token",
    "x-ms-token-aad-refresh-token", "x-zumo-auth",
};

constexpr QLatin1StringView kSecretFields[] = {
    QLatin1StringView("access_token"), QLatin1StringView("refresh_token"), QLatin1StringView("id_token"),
    QLatin1StringView("client_assertion"), QLatin1StringView("client_secret"), QLatin1StringView("assertion"),
    QLatin1StringView("password"),
};

bool isSecretField(const QString &key)
{
    for (const auto field : kSecretFields) {
        if (key.compare(field, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

const QRegularExpression &jwtPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*)?"));
    return pattern;
}

QJsonValue redactJson(const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QJsonObject out;
        for (auto it = object.begin(); it != object.end(); ++it) {
            // Keys too: a map keyed by token ({"eyJ...": {...}}) must not keep it (found by fuzz_redaction).
            const QString key = redactTokensInText(it.key());
            if (isSecretField(it.key()) && it.value().isString())
                out.insert(key, maskToken(it.value().toString()));
            else
                out.insert(key, redactJson(it.value()));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = redactJson(*it);
        return array;
    }
    if (value.isString())
        return redactTokensInText(value.toString());
    return value;
}

} // namespace

bool isSecretHeader(QByteArrayView name)
{
    for (const auto secret : kSecretHeaders) {
        if (name.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString maskToken(const QString &token)
{
    if (token.isEmpty())
        return token;
    const qsizetype shown = token.size() >= 40 ? 8 : 0;
    return token.left(shown) + QStringLiteral("…[redacted, %1 chars]").arg(token.size());
}

QByteArray redactHeaderValue(QByteArrayView name, const QByteArray &value)
{
    if (!isSecretHeader(name) || value.isEmpty())
        return value;
    const qsizetype space = value.indexOf(' ');
    // Only a word that can be an auth scheme ("Bearer", "SharedAccessSignature") is kept as one: before, a value
    // like "eyJ....sig more" kept the whole token as its "scheme" (found by fuzz_redaction).
    const auto isSchemeChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
    const QByteArrayView firstWord = QByteArrayView(value).first(qMax<qsizetype>(space, 0));
    const bool hasScheme = (name.compare("authorization", Qt::CaseInsensitive) == 0
                               || name.compare("proxy-authorization", Qt::CaseInsensitive) == 0)
        && space > 0 && space <= 32 && std::all_of(firstWord.begin(), firstWord.end(), isSchemeChar);
    if (hasScheme) {
        const QByteArray scheme = value.left(space);
        const QByteArray credential = value.mid(space + 1);
        // A Basic credential (the Arc key) shows nothing at all; a bearer token shows its harmless "eyJ0eXAi" start.
        if (scheme.compare("basic", Qt::CaseInsensitive) == 0)
            return scheme + " [redacted, " + QByteArray::number(credential.size()) + " chars]";
        return scheme + ' ' + maskToken(QString::fromLatin1(credential)).toUtf8();
    }
    return "[redacted, " + QByteArray::number(value.size()) + " chars]";
}

QString redactTokensInText(const QString &text)
{
    QString result = text;
    const auto &pattern = jwtPattern();
    qsizetype offset = 0;
    while (true) {
        const auto match = pattern.match(result, offset);
        if (!match.hasMatch())
            break;
        const QString masked = maskToken(match.captured(0));
        result.replace(match.capturedStart(), match.capturedLength(), masked);
        offset = match.capturedStart() + masked.size();
    }
    return result;
}

QByteArray redactBody(const QByteArray &body)
{
    if (body.isEmpty())
        return body;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && (document.isObject() || document.isArray())) {
        const QJsonValue redactedValue = redactJson(document.isObject() ? QJsonValue(document.object())
                                                                        : QJsonValue(document.array()));
        const QJsonDocument out = redactedValue.isObject() ? QJsonDocument(redactedValue.toObject())
                                                           : QJsonDocument(redactedValue.toArray());
        // Keep the server's compact or indented form roughly: compact in, compact out.
        return out.toJson(body.contains('\n') ? QJsonDocument::Indented : QJsonDocument::Compact).trimmed();
    }
    // Form bodies (Cloud Shell, workload identity): a=b&c=d
    if (body.contains('=') && !body.contains(' ') && !body.contains('\n')) {
        QUrlQuery query(QString::fromUtf8(body));
        auto items = query.queryItems(QUrl::FullyEncoded);
        bool changed = false;
        for (auto &[key, value] : items) {
            if (isSecretField(key)) {
                value = maskToken(value);
                changed = true;
            }
        }
        if (changed) {
            QUrlQuery out;
            out.setQueryItems(items);
            // The other fields may hold a token too (client_secret=...&note=eyJ...; found by fuzz_redaction).
            return redactTokensInText(out.toString(QUrl::FullyEncoded)).toUtf8();
        }
    }
    return redactTokensInText(QString::fromUtf8(body)).toUtf8();
}

HeaderList redactHeaders(const HeaderList &headers)
{
    HeaderList out;
    out.reserve(headers.size());
    for (const auto &[name, value] : headers)
        out.append({name, redactHeaderValue(name, value)});
    return out;
}

HttpExchange redacted(const HttpExchange &exchange)
{
    HttpExchange out = exchange;
    out.request.headers = redactHeaders(exchange.request.headers);
    out.request.body = redactBody(exchange.request.body);
    out.response.headers = redactHeaders(exchange.response.headers);
    out.response.body = redactBody(exchange.response.body);
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
