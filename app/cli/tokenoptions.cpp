#include "tokenoptions.h"

#include "console.h"
#include "jwt/keyresolver.h"
#include "jwt/signatureverifier.h"
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace idex::cli {

void TokenOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({ jwks, issuer, audience, role, clientId, tokenVersion, appOnly, now, json, trustIssuer });
}

bool TokenOptions::expectation(const QCommandLineParser &parser, Expectation &out, QString *error) const
{
    out.audiences = parser.values(audience);
    out.issuer = parser.value(issuer);
    out.roles = parser.values(role);
    out.clientId = parser.value(clientId);
    out.appOnly = parser.isSet(appOnly);
    if (parser.isSet(tokenVersion)) {
        const QString v = parser.value(tokenVersion);
        if (v != QLatin1String("1") && v != QLatin1String("2")) {
            *error = QStringLiteral("--token-version must be 1 or 2, not \"%1\"").arg(v);
            return false;
        }
        out.tokenVersion = v.toInt();
    }
    return true;
}

bool TokenOptions::nowTime(const QCommandLineParser &parser, QDateTime &out, QString *error) const
{
    out = QDateTime::currentDateTimeUtc();
    if (!parser.isSet(now))
        return true;
    out = QDateTime::fromString(parser.value(now), Qt::ISODate);
    if (!out.isValid()) {
        *error = QStringLiteral("--now: \"%1\" is not an ISO 8601 time (e.g. 2026-11-26T12:00:00Z)")
                     .arg(parser.value(now));
        return false;
    }
    out = out.toUTC();
    return true;
}

bool readAndDecode(const QCommandLineParser &parser, DecodedToken &token, bool json)
{
    QString readError;
    const QString input = readTokenArgument(parser.positionalArguments().value(0), &readError);
    if (!readError.isEmpty()) {
        if (json)
            out(QString::fromUtf8(QJsonDocument(
                QJsonObject { { QStringLiteral("error"), QStringLiteral("unreadable-input") },
                    { QStringLiteral("message"),
                        readError } }).toJson()));
        else
            err(QStringLiteral("Cannot read the token: %1\n").arg(readError));
        return false;
    }
    const DecodeResult result = decodeToken(input);
    if (result.ok()) {
        token = result.token;
        // Forgeries that need no key to refuse (alg none, HMAC, crit, a stray nonce) are refused even offline.
        if (std::optional<SignatureVerdict> refused = screenSignature(token))
            token.verification = *refused;
        return true;
    }
    if (json)
        out(QString::fromUtf8(
            QJsonDocument(QJsonObject { { QStringLiteral("error"), decodeErrorName(result.error) },
                              { QStringLiteral("message"), result.message }, { QStringLiteral("part"), result.part } })
                .toJson()));
    else
        err(QStringLiteral("Cannot decode the token: %1\n").arg(result.message));
    return false;
}

QString verifyToken(DecodedToken &token, const QString &jwks, bool discover, const QStringList &trustedIssuers)
{
    if (token.verification.isChecked()) // refused by readAndDecode's screening: no key needs fetching
        return QStringLiteral("Signature: %1 (%2). %3")
            .arg(signatureStatusName(token.verification.status), token.verification.reason, token.verification.detail);
    KeyResolution resolution;
    if (!jwks.isEmpty()) {
        const bool isUrl = jwks.startsWith(QLatin1String("https://")) || jwks.startsWith(QLatin1String("http://"));
        if (isUrl) {
            HttpClient http;
            KeyResolver resolver(http);
            resolution = resolver.resolveFromUrlAndWait(QUrl(jwks), token.keyId());
        } else {
            resolution = KeyResolver::loadFile(jwks);
        }
    } else if (discover) {
        HttpClient http;
        KeyResolver resolver(http);
        resolver.setTrustedIssuers(trustedIssuers);
        resolution = resolver.resolveForTokenAndWait(token);
    } else {
        return QStringLiteral("Signature not checked (no --jwks; discovery not requested).");
    }
    token.verification = verifyWithResolution(token, resolution);
    const SignatureVerdict &v = token.verification;
    QString line = QStringLiteral("Signature: %1 (%2). %3").arg(signatureStatusName(v.status), v.reason, v.detail);
    if (!resolution.metadataUrl.isEmpty())
        line += QStringLiteral(" (discovered through %1)").arg(resolution.metadataUrl);
    if (resolution.ok())
        line += QStringLiteral("\nKeys:      %1, %2.").arg(keyTrustName(resolution.trust), resolution.trustNote);
    return line;
}

QString verdictLine(const TokenVerdict &verdict)
{
    return verdict.isValid() ? verdict.headline : QStringLiteral("%1: %2").arg(verdict.headline, verdict.reason);
}

} // namespace idex::cli
