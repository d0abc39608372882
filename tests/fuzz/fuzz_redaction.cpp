// libFuzzer target for the redaction layer everything shown, copied, logged or exported goes through:
// redactText, redactBody (JSON, form and free-text bodies), redactHeaderValue, maskToken, and the
// exchange-level redacted(). Invariant, checked with a scanner independent of the module's own pattern: no
// JWT-shaped run of the input ("eyJ" + 4 base64url, '.', 4 base64url, '.') survives into any output, and a secret
// header's value never appears in its redacted form.
#include "fuzzsupport.h"
#include "net/redaction.h"

#include <QList>

namespace {

bool isBase64Url(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
}

/*! The "header.payload." start of every JWT-shaped run: what must never be left readable. Linear, no regex. */
QStringList jwtHeads(const QString &text)
{
    QStringList heads;
    for (qsizetype start = text.indexOf(QLatin1String("eyJ")); start >= 0;
         start = text.indexOf(QLatin1String("eyJ"), start + 1)) {
        qsizetype i = start + 3;
        int segment = 0;
        qsizetype runStart = i;
        while (segment < 2) {
            while (i < text.size() && isBase64Url(text.at(i)))
                ++i;
            if (i - runStart < 4 || i >= text.size() || text.at(i) != u'.')
                break;
            ++i;
            runStart = i;
            ++segment;
        }
        if (segment == 2)
            heads << text.mid(start, i - start);
    }
    return heads;
}

void requireNoHeadSurvives(const QString &input, const QString &output, const char *what)
{
    for (const QString &head : jwtHeads(input))
        if (output.contains(head))
            idex::fuzz::invariantBroken(what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const QString text = QString::fromUtf8(bytes);

    requireNoHeadSurvives(text, redaction::redactText(text), "redactText left a JWT readable");
    const QByteArray body = redaction::redactBody(bytes);
    requireNoHeadSurvives(QString::fromLatin1(bytes), QString::fromLatin1(body), "redactBody left a JWT readable");

    const QString masked = redaction::maskToken(text);
    if (text.size() >= 16 && !text.contains(QLatin1String("redacted"))) // else the value may be the mask's own words
        fuzz::require(!masked.contains(text), "maskToken kept the whole value");

    // "Name: value" lines as headers, the way transcripts and the Call panel hold them.
    HttpExchange exchange;
    for (const QByteArray &line : bytes.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        exchange.request.headers.append({ name, value });
        const QByteArray redactedValue = redaction::redactHeaderValue(name, value);
        if (redaction::isSecretHeader(name) && value.size() >= 16)
            fuzz::require(!redactedValue.contains(value), "a secret header's value survived redaction");
    }
    exchange.request.body = bytes;
    exchange.response.body = bytes;
    exchange.response.headers = exchange.request.headers;
    const HttpExchange out = redaction::redacted(exchange);
    for (const auto &[name, value] : out.response.headers)
        if (redaction::isSecretHeader(name))
            requireNoHeadSurvives(QString::fromLatin1(bytes), QString::fromLatin1(value), "a secret header kept a JWT");
    return 0;
}
