// idex decode: read a token offline and explain every claim.
#include "clicommand.h"
#include "console.h"
#include "directoryoption.h"
#include "jwt/claimsreport.h"
#include "tokenoptions.h"

#include <QCommandLineParser>

namespace idex::cli {

int runDecode(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Decode a token and explain every claim. Offline: nothing is sent anywhere.\n"
                       "The token may be pasted with \"Bearer \", inside a URL (#access_token=...), as a "
                       "token endpoint's JSON answer, or read from standard input (\"-\" or nothing)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("token"), QStringLiteral("The token, - for standard input, or @FILE."),
        QStringLiteral("[TOKEN|-|@FILE]"));
    const QCommandLineOption json(
        QStringList { QStringLiteral("json") }, QStringLiteral("Print JSON (the raw token masked)."));
    const QCommandLineOption markdown(
        QStringList { QStringLiteral("markdown") }, QStringLiteral("Print Markdown tables (the raw token masked)."));
    const QCommandLineOption showToken(QStringList { QStringLiteral("show-token") },
        QStringLiteral("Include the raw token in the output (it is a secret)."));
    DirectoryOption directory(QStringLiteral(
        "Name the GUIDs of the token (appid, oid, aud, tid) from this directory snapshot (from `idex directory`)."));
    parser.addOptions({ json, markdown, showToken, directory.option() });
    if (!parser.parse(args)) {
        err(parser.errorText() + u'\n');
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(commandHelp(parser, args.value(0)));
        return 0;
    }
    if (!directory.read(parser, QStringLiteral("idex decode")))
        return 2;
    DecodedToken token;
    if (!readAndDecode(parser, token, parser.isSet(json)))
        return 2;
    ReportOptions options;
    options.includeRawToken = parser.isSet(showToken);
    if (directory.directory())
        options.nameOf = [&directory](const QString &value) { return directory.nameOf(value); };
    const ReportFormat format = parser.isSet(json) ? ReportFormat::Json
        : parser.isSet(markdown)                   ? ReportFormat::Markdown
                                                   : ReportFormat::Text;
    out(claimsReport(token, ClaimsCatalog::builtIn(), format, options));
    return 0;
}

} // namespace idex::cli
