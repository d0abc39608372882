#include "callreport.h"

#include "callanalysis.h"
#include "net/redaction.h"
#include "net/transcriptformat.h"
#include "requestexport.h"
#include "responsebody.h"
#include "statusmeaning.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idex {

namespace {

QString bodyText(const QByteArray &rawBody, BodyKind kind)
{
    const QByteArray body = redaction::redactBody(rawBody);
    switch (kind) {
    case BodyKind::Empty: return {};
    case BodyKind::Json: return prettyJson(body);
    case BodyKind::Binary: return hexDump(rawBody, 4096);
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

QJsonObject findingToJson(const Finding &finding)
{
    return QJsonObject { { QStringLiteral("severity"), severityName(finding.severity) },
        { QStringLiteral("code"), finding.code }, { QStringLiteral("title"), finding.title },
        { QStringLiteral("evidence"), redaction::redactTokensInText(finding.evidence) },
        { QStringLiteral("fix"), finding.fix } };
}

QJsonObject challengeToJson(const AuthChallenge &challenge)
{
    QJsonObject params;
    for (const auto &[name, value] : challenge.params)
        params.insert(name, value);
    QJsonObject out { { QStringLiteral("scheme"), challenge.scheme }, { QStringLiteral("params"), params } };
    if (!challenge.token68.isEmpty())
        out.insert(QStringLiteral("token68"), challenge.token68);
    return out;
}

QString callReportText(const CallResult &call, const Findings &findings, bool showBody)
{
    HttpExchange exchange = redaction::redacted(call.exchange);
    exchange.request.url = redactedUrl(exchange.request.url);
    const HttpRequest &request = exchange.request;
    const HttpResponse &response = exchange.response;

    QString out = QString::fromLatin1(request.method) + u' ' + request.url.toString(QUrl::FullyEncoded) + u'\n';
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
            out += u'\n' + bodyText(call.response().body, call.bodyKind) + u'\n';
    }
    for (const QString &tlsError : response.tlsErrors)
        out += QStringLiteral("TLS problem: ") + tlsError + u'\n';

    if (!findings.isEmpty()) {
        out += QStringLiteral("\nFindings\n");
        for (const Finding &finding : findings) {
            out += QStringLiteral("  [%1] %2: %3\n").arg(severityName(finding.severity), finding.code, finding.title);
            if (!finding.evidence.isEmpty())
                out += indent(redaction::redactTokensInText(finding.evidence), 6) + u'\n';
            if (!finding.fix.isEmpty())
                out += indent(QStringLiteral("Fix: ") + finding.fix, 6) + u'\n';
        }
    }
    return out;
}

QJsonObject callReportJson(const CallResult &call, const Findings &findings)
{
    QJsonObject exchange = exchangeToJson(call.exchange);
    QJsonObject requestJson = exchange.value(QLatin1String("request")).toObject();
    requestJson.insert(QStringLiteral("url"), redactedUrl(call.request().url).toString(QUrl::FullyEncoded));
    if (call.request().ignoreTlsErrors)
        requestJson.insert(QStringLiteral("ignoreTlsErrors"), true);

    QJsonObject out { { QStringLiteral("request"), requestJson }, { QStringLiteral("answered"), call.answered() },
        { QStringLiteral("elapsedMs"), call.elapsedMs() } };
    const HttpResponse &response = call.response();
    if (!call.answered()) {
        out.insert(QStringLiteral("failure"), describeFailure(response.failure));
        out.insert(QStringLiteral("error"), response.error);
    } else {
        QJsonObject responseJson = exchange.value(QLatin1String("response")).toObject();
        responseJson.insert(QStringLiteral("reason"),
            response.reason.isEmpty() ? statusReasonPhrase(response.status) : QString::fromLatin1(response.reason));
        responseJson.insert(QStringLiteral("meaning"), statusMeaning(response.status));
        responseJson.insert(QStringLiteral("bodyKind"), bodyKindName(call.bodyKind));
        responseJson.insert(QStringLiteral("size"), response.body.size());
        if (call.bodyKind == BodyKind::Json) {
            const QJsonDocument document = QJsonDocument::fromJson(redaction::redactBody(response.body));
            responseJson.insert(QStringLiteral("body"),
                document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        } else if (call.bodyKind == BodyKind::Binary) {
            responseJson.insert(QStringLiteral("body"), QString::fromLatin1(response.body.toBase64()));
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
        challenges.append(challengeToJson(challenge));
    QJsonObject analysis { { QStringLiteral("challenges"), challenges },
        { QStringLiteral("responder"), responderName(call.responder) },
        { QStringLiteral("failure"), authFailureName(call.failureKind) },
        { QStringLiteral("identityModelCodes"), QJsonArray::fromStringList(call.identityModelCodes) },
        { QStringLiteral("requiredRoles"), QJsonArray::fromStringList(call.requiredRoles) } };
    if (!call.serverMessage.isEmpty())
        analysis.insert(QStringLiteral("serverMessage"), redaction::redactTokensInText(call.serverMessage));
    if (!call.announcedAudience.isEmpty())
        analysis.insert(QStringLiteral("announcedAudience"), call.announcedAudience);
    out.insert(QStringLiteral("analysis"), analysis);

    QJsonArray findingArray;
    for (const Finding &finding : findings)
        findingArray.append(findingToJson(finding));
    out.insert(QStringLiteral("findings"), findingArray);
    return out;
}

} // namespace idex
