#include "reply.h"

#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <charconv>

namespace idex::emulator {

Reply Reply::json(int status, const QJsonObject &object)
{
    Reply r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r;
}

Reply Reply::json(int status, const QJsonArray &array)
{
    Reply r;
    r.status = status;
    r.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r;
}

Reply Reply::text(int status, const QByteArray &text, const QByteArray &contentType)
{
    Reply r;
    r.status = status;
    r.body = text;
    r.setHeader("Content-Type", contentType);
    return r;
}

void Reply::completeSignature()
{
    if (!pendingSignature)
        return;
    const QByteArray signature = pendingSignature->signature.result();
    if (signature.isEmpty()) {
        const QString keptNote = note;
        *this = Reply::text(500, "the emulator could not sign the token\n");
        note = keptNote + QStringLiteral(" (signing failed: 500)");
        return;
    }
    body.replace(pendingSignature->placeholder, signature);
    pendingSignature.reset();
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 421: return "Misdirected Request";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

namespace {

bool isTokenChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

} // namespace

QString Reply::wireProblem() const
{
    if (status < 100 || status > 599)
        return QStringLiteral("the status %1 is not an HTTP status").arg(status);
    for (const auto &h : headers) {
        if (h.first.isEmpty() || !std::all_of(h.first.begin(), h.first.end(), isTokenChar))
            return QStringLiteral("the header name \"%1\" is not an HTTP token")
                .arg(QString::fromLatin1(h.first.toPercentEncoding()).left(80));
        for (const char c : h.second) {
            const auto u = uchar(c);
            if ((u < 0x20 && u != '\t') || u == 0x7f)
                return QStringLiteral("the value of the %1 header contains the control character 0x%2")
                    .arg(QString::fromLatin1(h.first))
                    .arg(int(u), 2, 16, QLatin1Char('0'));
        }
    }
    return {};
}

Reply unwritableReplyError()
{
    return Reply::json(500,
        QJsonObject { { QStringLiteral("error"), QStringLiteral("server_error") },
            { QStringLiteral("error_description"),
                QStringLiteral("The emulator refused to send its answer: it could not be written as HTTP (a header "
                               "with a control character, or an invalid status; see its request log).") } });
}

namespace {

/*! The Date header's value, formatted once a second per thread (formatting it was a tenth of a cached answer). */
QByteArray httpDate()
{
    thread_local qint64 second = -1;
    thread_local QByteArray text;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (const qint64 s = now.toSecsSinceEpoch(); s != second) {
        second = s;
        text = QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    }
    return text;
}

} // namespace

QByteArray Reply::serialize(bool headRequest) const
{
    if (!wireProblem().isEmpty())
        return unwritableReplyError().serialize(headRequest);
    qsizetype headerBytes = 0;
    for (const auto &h : headers)
        headerBytes += h.first.size() + h.second.size() + 4;
    QByteArray out;
    out.reserve(160 + headerBytes + (headRequest ? 0 : body.size())); // one allocation for the whole answer
    // Appended piece by piece (a + b + c would build each line as a temporary first), numbers without an allocation.
    auto number = [&out](qint64 value) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out.append(digits, end - digits);
    };
    out.append("HTTP/1.1 ");
    number(status);
    out.append(' ').append(reasonPhrase(status)).append("\r\n");
    for (const auto &h : headers)
        out.append(h.first).append(": ").append(h.second).append("\r\n");
    out.append("Content-Length: ");
    number(body.size());
    out.append("\r\nDate: ").append(httpDate()).append("\r\nServer: idex-emulator\r\n");
    if (closeConnection)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    if (!headRequest)
        out += body;
    return out;
}

} // namespace idex::emulator
