// idex diagnose: evidence in (token, expectation, optionally keys and a directory snapshot), findings out.
#include "clicommand.h"
#include "console.h"
#include "directoryoption.h"
#include "tokenoptions.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace idex::cli {

int runDiagnose(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Say in plain words why a token is refused, and how to fix it. Offline unless --jwks URL or "
                       "--discover is given.\n"
                       "With --directory (a snapshot from `idex directory`), also names the assignment that would add "
                       "a missing role and "
                       "spots tokens issued before the latest assignment change.\n"
                       "Exit status (as idex verify): 0 VALID, 1 INVALID (an error finding), 2 unusable input, 3 NOT "
                       "VERIFIED (no error "
                       "found, but the signature was not checked against trusted keys: give --jwks or --discover)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("token"), QStringLiteral("The token, - for standard input, or @FILE."),
        QStringLiteral("[TOKEN|-|@FILE]"));
    TokenOptions options;
    options.addTo(parser);
    const QCommandLineOption discover(QStringList { QStringLiteral("discover") },
        QStringLiteral("Check the signature through OpenID discovery from iss."));
    DirectoryOption directory(QStringLiteral(
        "A directory snapshot (from `idex directory`): findings name the assignment that would add a missing role, "
        "and the GUIDs it knows."));
    parser.addOptions({ discover, directory.option() });
    if (!parser.parse(args)) {
        err(parser.errorText() + u'\n');
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(commandHelp(parser, args.value(0)));
        return 0;
    }
    const bool json = parser.isSet(options.json);
    DiagnosisInput input;
    QString error;
    if (!options.expectation(parser, input.expectation, &error) || !options.nowTime(parser, input.now, &error)) {
        err(error + u'\n');
        return 2;
    }
    if (!directory.read(parser, QStringLiteral("idex diagnose")))
        return 2;
    input.directory = directory.directory();
    DecodedToken token;
    if (!readAndDecode(parser, token, json))
        return 2;
    if (parser.isSet(options.jwks) || parser.isSet(discover))
        verifyToken(token, parser.value(options.jwks), parser.isSet(discover), parser.values(options.trustIssuer));
    input.token = &token;
    const Findings findings = diagnose(input);
    const TokenVerdict verdict = tokenVerdict(token, findings);

    if (json) {
        out(QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("findings"), findingsToJson(findings) },
                { QStringLiteral("errors"), hasErrors(findings) }, { QStringLiteral("verdict"), verdict.toJson() } })
                                  .toJson()));
    } else {
        out(findings.isEmpty() ? QStringLiteral("No problem found: the token matches every expectation given.\n")
                               : findingsToText(findings, &directory.names()));
        out(u'\n' + verdictLine(verdict) + u'\n');
    }
    return verdict.exitCode();
}

} // namespace idex::cli
