#include "callreport.h"

#include "call/callanalysis.h"
#include "call/responsebody.h"
#include "call/statusmeaning.h"
#include "diagnosis.h"
#include "net/redaction.h"
#include "net/transcriptformat.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idex {

namespace {

QByteArray shownBody(const QByteArray &rawBody, Secrets secrets)
{
    return secrets == Secrets::Shown ? rawBody : redaction::redactBody(rawBody);
}

QString shownText(const QString &text, Secrets secrets)
{
    return secrets == Secrets::Shown ? text : redaction::redactText(text);
}

QString bodyText(const QByteArray &rawBody, BodyKind kind, Secrets secrets)
{
    // Binary bodies are redacted too: a token in a protobuf or a cookie jar is still a token.
    const QByteArray body = shownBody(rawBody, secrets);
    switch (kind) {
    case BodyKind::Empty: return {};
    case BodyKind::Json: return prettyJson(body);
    case BodyKind::Binary: return hexDump(body, 4096);
    case BodyKind::Html:
    case BodyKind::Text: return QString::fromUtf8(body);
    }
    return {};
}

QString indent(const QString &text, int spaces)
{
    const QString pad(spaces, u' ');
    QStringList lines = text.split(u'\n');
    for (QString &line : lines)
        line.prepend(pad);
    return lines.join(u'\n');
}

} // namespace

QJsonObject challengeToJson(const AuthChallenge &challenge, Secrets secrets)
{
    QJsonObject params;
    for (const auto &[name, value] : challenge.params)
        params.insert(name, shownText(value, secrets));
    QJsonObject out { { QStringLiteral("scheme"), challenge.scheme }, { QStringLiteral("params"), params } };
    if (!challenge.token68.isEmpty())
        out.insert(QStringLiteral("token68"), shownText(challenge.token68, secrets));
    return out;
}

QString callReportText(const CallResult &call, const Findings &findings, bool showBody, Secrets secrets)
{
    const HttpExchange exchange = secrets == Secrets::Shown ? call.exchange : redaction::redacted(call.exchange);
    const HttpRequest &request = exchange.request;
    const HttpResponse &response = exchange.response;

    QString out = QString::fromLatin1(request.method) + u' ' + urlText(call.request().url, secrets) + u'\n';
    for (const auto &[name, value] : request.headers)
        out += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
    if (request.ignoreTlsErrors)
        out += QStringLiteral("!! TLS certificate errors are ignored for this request\n");
    out += u'\n';

    if (!response.answered()) {
        out += QStringLiteral("No HTTP answer: %1 (%2) after %3 ms\n")
                   .arg(describeFailure(response.failure), response.error)
                   .arg(response.elapsedMs);
    } else {
        const QString reason
            = response.reason.isEmpty() ? statusReasonPhrase(response.status) : QString::fromLatin1(response.reason);
        out += QStringLiteral("HTTP %1 %2   (%3 ms, %4)\n")
                   .arg(response.status)
                   .arg(reason)
                   .arg(response.elapsedMs)
                   .arg(formatSize(response.body.size()));
        out += statusMeaning(response.status) + u'\n';
        for (const auto &[name, value] : response.headers)
            out += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
        if (!response.tlsProtocol.isEmpty())
            out += QStringLiteral("TLS: %1, %2, certificate %3 (SHA-1 %4)\n")
                       .arg(response.tlsProtocol, response.tlsCipher, response.peerCertificateSubject,
                           QString::fromLatin1(response.peerCertificateSha1));
        if (showBody && call.bodyKind != BodyKind::Empty)
            out += u'\n' + bodyText(call.response().body, call.bodyKind, secrets) + u'\n';
    }
    for (const QString &tlsError : response.tlsErrors)
        out += QStringLiteral("TLS problem: ") + tlsError + u'\n';

    if (!findings.isEmpty()) {
        out += QStringLiteral("\nFindings\n");
        for (const Finding &finding : findings) {
            out += QStringLiteral("  [%1] %2: %3\n").arg(severityName(finding.severity), finding.code, finding.title);
            if (!finding.evidence.isEmpty())
                out += indent(redaction::redactText(finding.evidence), 6) + u'\n';
            if (!finding.fix.isEmpty())
                out += indent(QStringLiteral("Fix: ") + finding.fix, 6) + u'\n';
        }
    }
    return out;
}

QJsonObject callReportJson(const CallResult &call, const Findings &findings, Secrets secrets)
{
    const QJsonObject exchange = exchangeToJson(call.exchange, secrets);
    QJsonObject requestJson = exchange.value(QLatin1String("request")).toObject();
    if (call.request().ignoreTlsErrors)
        requestJson.insert(QStringLiteral("ignoreTlsErrors"), true);

    QJsonObject out { { QStringLiteral("request"), requestJson }, { QStringLiteral("answered"), call.answered() },
        { QStringLiteral("elapsedMs"), call.elapsedMs() } };
    const HttpResponse &response = call.response();
    if (!call.answered()) {
        out.insert(QStringLiteral("failure"), describeFailure(response.failure));
        out.insert(QStringLiteral("error"), shownText(response.error, secrets));
    } else {
        QJsonObject responseJson = exchange.value(QLatin1String("response")).toObject();
        responseJson.insert(QStringLiteral("reason"),
            response.reason.isEmpty() ? statusReasonPhrase(response.status) : QString::fromLatin1(response.reason));
        responseJson.insert(QStringLiteral("meaning"), statusMeaning(response.status));
        responseJson.insert(QStringLiteral("bodyKind"), bodyKindName(call.bodyKind));
        responseJson.insert(QStringLiteral("size"), response.body.size());
        if (call.bodyKind == BodyKind::Json) {
            const QJsonDocument document = QJsonDocument::fromJson(shownBody(response.body, secrets));
            responseJson.insert(QStringLiteral("body"),
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        } else if (call.bodyKind == BodyKind::Binary) {
            responseJson.insert(
                QStringLiteral("body"), QString::fromLatin1(shownBody(response.body, secrets).toBase64()));
            responseJson.insert(QStringLiteral("bodyEncoding"), QStringLiteral("base64"));
        }
        out.insert(QStringLiteral("status"), response.status);
        out.insert(QStringLiteral("response"), responseJson);
    }
    if (!response.tlsErrors.isEmpty())
        out.insert(QStringLiteral("tlsErrors"), QJsonArray::fromStringList(response.tlsErrors));
    if (!response.tlsProtocol.isEmpty())
        out.insert(QStringLiteral("tls"),
            QJsonObject { { QStringLiteral("protocol"), response.tlsProtocol },
                { QStringLiteral("cipher"), response.tlsCipher },
                { QStringLiteral("subject"), response.peerCertificateSubject },
                { QStringLiteral("sha1"), QString::fromLatin1(response.peerCertificateSha1) } });

    QJsonArray challenges;
    for (const AuthChallenge &challenge : call.challenges)
        challenges.append(challengeToJson(challenge, secrets));
    QJsonObject analysis { { QStringLiteral("challenges"), challenges },
        { QStringLiteral("responder"), responderName(call.responder) },
        { QStringLiteral("failure"), authFailureName(call.failureKind) },
        { QStringLiteral("identityModelCodes"), QJsonArray::fromStringList(call.identityModelCodes) },
        { QStringLiteral("requiredRoles"), QJsonArray::fromStringList(call.requiredRoles) } };
    if (!call.serverMessage.isEmpty())
        analysis.insert(QStringLiteral("serverMessage"), shownText(call.serverMessage, secrets));
    if (!call.announcedAudience.isEmpty())
        analysis.insert(QStringLiteral("announcedAudience"), call.announcedAudience);
    out.insert(QStringLiteral("analysis"), analysis);

    // Findings explain; they are redacted whatever \a secrets says (the raw values are in request and response).
    out.insert(QStringLiteral("findings"), findingsToJson(findings));
    return out;
}

} // namespace idex
