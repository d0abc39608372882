// idex verify: signature, lifetime, audience, issuer, roles. Exit 0 valid (verified against trusted keys, every
// expectation holds), 1 invalid (an error finding), 2 unusable input, 3 not verified (signature not checked,
// unverifiable, keys unavailable or from an untrusted host). See diagnose/verdict.h.
#include "clicommand.h"
#include "console.h"
#include "jwt/claimsreport.h"
#include "jwt/tokentimes.h"
#include "tokenoptions.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace idex::cli {

int runVerify(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Verify a token: signature, lifetime (5 min skew), and the expectation given (audience, issuer, roles, "
        "client).\n"
        "Keys: --jwks URL or FILE, else OpenID discovery from the token's iss (this contacts the issuer; --offline "
        "skips it). Keys discovered from iss are trusted only for Entra authorities, the local emulator (a loopback "
        "issuer) "
        "and --trust-issuer issuers.\n"
        "Exit status: 0 VALID, 1 INVALID (an error finding), 2 unusable input, 3 NOT VERIFIED (signature not checked, "
        "not verifiable, keys unavailable or not trusted)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("token"), QStringLiteral("The token, - for standard input, or @FILE."),
        QStringLiteral("[TOKEN|-|@FILE]"));
    TokenOptions options;
    options.addTo(parser);
    const QCommandLineOption offline(
        QStringList { QStringLiteral("offline") }, QStringLiteral("Never contact the issuer (no discovery)."));
    parser.addOption(offline);
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    const bool json = parser.isSet(options.json);
    DiagnosisInput input;
    QString error;
    if (!options.expectation(parser, input.expectation, &error) || !options.nowTime(parser, input.now, &error)) {
        err(error + u'\n');
        return 2;
    }
    DecodedToken token;
    if (!readAndDecode(parser, token, json))
        return 2;
    const QString keyLine
        = verifyToken(token, parser.value(options.jwks), !parser.isSet(offline), parser.values(options.trustIssuer));
    input.token = &token;
    const Findings findings = diagnose(input);
    const TokenVerdict verdict = tokenVerdict(token, findings);

    if (json) {
        ReportOptions report;
        report.now = input.now;
        QJsonObject result = claimsReportJson(token, ClaimsCatalog::builtIn(), report);
        result.insert(QStringLiteral("valid"), verdict.isValid());
        result.insert(QStringLiteral("verdict"), verdict.toJson());
        result.insert(QStringLiteral("findings"), findingsToJson(findings));
        out(QString::fromUtf8(QJsonDocument(result).toJson()));
    } else {
        const TokenTimes times = TokenTimes::of(token, input.now);
        out(QStringLiteral("Token   %1 %2 for %3, from %4\n")
                .arg(token.version ? QStringLiteral("v%1.0").arg(token.version) : QStringLiteral("unknown-version"),
                    token.algorithm(), token.audience(), token.issuer()));
        out(QStringLiteral("Caller  %1 (oid %2)\n").arg(token.clientId(), token.objectId()));
        out(QStringLiteral("Times   %1\n").arg(times.summary(input.now)));
        out(keyLine + u'\n');
        if (!findings.isEmpty())
            out(u'\n' + findingsToText(findings));
        out(u'\n' + verdictLine(verdict) + u'\n');
    }
    return verdict.exitCode();
}

} // namespace idex::cli
