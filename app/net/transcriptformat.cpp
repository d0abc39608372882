#include "transcriptformat.h"

#include "redaction.h"

#include <QJsonArray>

namespace idex {

namespace {

QString headerLines(const HeaderList &headers)
{
    QString out;
    for (const auto &[name, value] : headers)
        out += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
    return out;
}

QJsonArray headersToJson(const HeaderList &headers)
{
    QJsonArray out;
    for (const auto &[name, value] : headers)
        out.append(QJsonArray { QString::fromLatin1(name), QString::fromUtf8(value) });
    return out;
}

} // namespace

QString urlText(const QUrl &url, Secrets secrets)
{
    return secrets == Secrets::Shown ? url.toString(QUrl::FullyEncoded) : redaction::redactUrl(url);
}

QString formatExchange(const HttpExchange &raw, Secrets secrets)
{
    const HttpExchange exchange = secrets == Secrets::Shown ? raw : redaction::redacted(raw);
    const HttpRequest &request = exchange.request;
    const HttpResponse &response = exchange.response;
    QString out;
    if (!exchange.note.isEmpty())
        out += QStringLiteral("# ") + exchange.note + u'\n';
    out += QString::fromLatin1(request.method) + u' ' + urlText(raw.request.url, secrets) + u'\n';
    out += headerLines(request.headers);
    if (!request.body.isEmpty())
        out += u'\n' + QString::fromUtf8(request.body) + u'\n';
    out += u'\n';
    if (response.answered()) {
        out += QStringLiteral("HTTP %1 %2   (%3 ms)\n")
                   .arg(response.status)
                   .arg(QString::fromLatin1(response.reason))
                   .arg(response.elapsedMs);
        out += headerLines(response.headers);
        if (!response.body.isEmpty())
            out += u'\n' + QString::fromUtf8(response.body) + u'\n';
    } else {
        out += QStringLiteral("-- no HTTP answer: %1 (%2 ms)\n").arg(response.error).arg(response.elapsedMs);
    }
    for (const QString &tlsError : response.tlsErrors)
        out += QStringLiteral("-- TLS: ") + tlsError + u'\n';
    return out;
}

QString formatTranscript(const Transcript &transcript, Secrets secrets)
{
    QStringList parts;
    for (const HttpExchange &exchange : transcript)
        parts.append(formatExchange(exchange, secrets));
    return parts.join(QStringLiteral("\n----------------------------------------\n"));
}

QJsonObject exchangeToJson(const HttpExchange &raw, Secrets secrets)
{
    const HttpExchange exchange = secrets == Secrets::Shown ? raw : redaction::redacted(raw);
    QJsonObject request {
        { QStringLiteral("method"), QString::fromLatin1(exchange.request.method) },
        { QStringLiteral("url"), urlText(raw.request.url, secrets) },
        { QStringLiteral("headers"), headersToJson(exchange.request.headers) },
    };
    if (!exchange.request.body.isEmpty())
        request.insert(QStringLiteral("body"), QString::fromUtf8(exchange.request.body));
    QJsonObject response { { QStringLiteral("elapsedMs"), exchange.response.elapsedMs } };
    if (exchange.response.answered()) {
        response.insert(QStringLiteral("status"), exchange.response.status);
        response.insert(QStringLiteral("headers"), headersToJson(exchange.response.headers));
        response.insert(QStringLiteral("body"), QString::fromUtf8(exchange.response.body));
    } else {
        response.insert(QStringLiteral("error"), exchange.response.error);
        response.insert(QStringLiteral("failure"), describeFailure(exchange.response.failure));
    }
    QJsonObject out {
        { QStringLiteral("startedAt"), exchange.startedAt.toString(Qt::ISODateWithMs) },
        { QStringLiteral("request"), request },
        { QStringLiteral("response"), response },
    };
    if (!exchange.note.isEmpty())
        out.insert(QStringLiteral("note"), exchange.note);
    return out;
}

QJsonArray transcriptToJson(const Transcript &transcript, Secrets secrets)
{
    QJsonArray out;
    for (const HttpExchange &exchange : transcript)
        out.append(exchangeToJson(exchange, secrets));
    return out;
}

} // namespace idex
