#include "requestexport.h"

#include "net/redaction.h"
#include "net/transcriptformat.h"

namespace idex {

namespace {

QString shellQuote(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + escaped + u'\'';
}

QString psQuote(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("''"));
    return u'\'' + escaped + u'\'';
}

bool isBearer(const QByteArray &name, const QByteArray &value)
{
    return name.compare("authorization", Qt::CaseInsensitive) == 0
        && value.trimmed().left(7).compare("bearer ", Qt::CaseInsensitive) == 0;
}

QString psMethod(const QByteArray &method)
{
    // Invoke-RestMethod's -Method takes these names; anything else goes through -CustomMethod (PowerShell 7).
    const QByteArray upper = method.toUpper();
    for (const char *known : { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "MERGE" }) {
        if (upper == known) {
            const QString name = QString::fromLatin1(upper);
            return QStringLiteral("-Method ") + name.left(1) + name.mid(1).toLower();
        }
    }
    return QStringLiteral("-CustomMethod ") + psQuote(QString::fromLatin1(method));
}

} // namespace

QString toCurl(const HttpRequest &request, Secrets secrets)
{
    const bool redact = secrets == Secrets::Redacted;
    QStringList parts;
    parts << QStringLiteral("curl");
    if (request.method != "GET" || !request.body.isEmpty())
        parts << QStringLiteral("-X ") + QString::fromLatin1(request.method);
    parts << shellQuote(urlText(request.url, secrets));
    bool usesTokenVariable = false;
    for (const auto &[name, value] : request.headers) {
        if (redact && isBearer(name, value)) {
            // Double quotes so that the shell expands $TOKEN: the command runs as soon as TOKEN is set.
            parts << QStringLiteral("-H \"%1: Bearer $TOKEN\"").arg(QString::fromLatin1(name));
            usesTokenVariable = true;
            continue;
        }
        const QByteArray shown = redact ? redaction::redactHeaderValue(name, value) : value;
        parts << QStringLiteral("-H ")
                + shellQuote(QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(shown));
    }
    if (!request.body.isEmpty()) {
        const QByteArray body = redact ? redaction::redactBody(request.body) : request.body;
        parts << QStringLiteral("--data-raw ") + shellQuote(QString::fromUtf8(body));
    }
    if (request.ignoreTlsErrors)
        parts << QStringLiteral("--insecure");
    if (request.followRedirects)
        parts << QStringLiteral("--location");
    QString command = parts.join(QStringLiteral(" \\\n  "));
    if (usesTokenVariable)
        command.prepend(QStringLiteral("# Set TOKEN to the access token first (it is not included): TOKEN='eyJ...'\n"));
    return command + u'\n';
}

QString toPowerShell(const HttpRequest &request, Secrets secrets)
{
    const bool redact = secrets == Secrets::Redacted;
    QString out;
    bool usesTokenVariable = false;
    QString contentType;
    QStringList headerLines;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
            // Windows PowerShell refuses Content-Type in -Headers; it has its own parameter.
            contentType = QString::fromLatin1(value);
            continue;
        }
        QString shown;
        if (redact && isBearer(name, value)) {
            shown = QStringLiteral("\"Bearer $token\"");
            usesTokenVariable = true;
        } else {
            const QByteArray raw = redact ? redaction::redactHeaderValue(name, value) : value;
            shown = psQuote(QString::fromUtf8(raw));
        }
        headerLines << QStringLiteral("    %1 = %2").arg(psQuote(QString::fromLatin1(name)), shown);
    }
    if (usesTokenVariable)
        out += QStringLiteral("# Set $token to the access token first (it is not included): $token = 'eyJ...'\n");
    QString call = QStringLiteral("Invoke-RestMethod ") + psMethod(request.method) + QStringLiteral(" -Uri ")
        + psQuote(urlText(request.url, secrets));
    if (!headerLines.isEmpty()) {
        out += QStringLiteral("$headers = @{\n") + headerLines.join(u'\n') + QStringLiteral("\n}\n");
        call += QStringLiteral(" -Headers $headers");
    }
    if (!contentType.isEmpty())
        call += QStringLiteral(" -ContentType ") + psQuote(contentType);
    if (!request.body.isEmpty()) {
        const QByteArray body = redact ? redaction::redactBody(request.body) : request.body;
        call += QStringLiteral(" -Body ") + psQuote(QString::fromUtf8(body));
    }
    if (request.ignoreTlsErrors)
        call += QStringLiteral(" -SkipCertificateCheck");
    return out + call + u'\n';
}

} // namespace idex
