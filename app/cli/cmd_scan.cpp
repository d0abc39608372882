// idex scan: every token in a log or a capture (App Service logs, HAR files, curl traces), one row per distinct
// token, masked. Offline: keys come from a file, names from a directory snapshot; nothing is sent anywhere.
#include "clicommand.h"
#include "console.h"
#include "directoryoption.h"
#include "jwt/keyresolver.h"
#include "net/boundedfile.h"
#include "scan/scanreport.h"

#include <QCommandLineParser>
#include <QJsonDocument>

namespace idex::cli {

int runScan(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Find every token in a log or capture (App Service logs, HAR files, curl -v traces, any text) and print one "
        "row per distinct token: masked, how often and first where, who (appid/oid), audience, roles, issued and "
        "expires, signature (with --jwks) and findings. Offline: nothing is sent anywhere.\n"
        "Exit status: 0 scanned (tokens or none), 2 unusable input."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"),
        QStringLiteral("The log or capture; - or nothing for standard input."), QStringLiteral("[FILE|-]"));
    const QCommandLineOption json(
        QStringList { QStringLiteral("json") }, QStringLiteral("Print JSON (tokens masked)."));
    const QCommandLineOption jwks(QStringList { QStringLiteral("jwks") },
        QStringLiteral("Check signatures against this JWKS or PEM file."), QStringLiteral("FILE"));
    DirectoryOption directory(
        QStringLiteral("Name callers and audiences from this directory snapshot (from `idex directory`)."));
    parser.addOptions({ json, jwks, directory.option() });
    if (!parser.parse(args)) {
        err(parser.errorText() + u'\n');
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(commandHelp(parser, args.value(0)));
        return 0;
    }
    if (parser.positionalArguments().size() > 1) {
        err(QStringLiteral("idex scan: one input at a time (got %1).\n").arg(parser.positionalArguments().size()));
        return 2;
    }
    const QString path = parser.positionalArguments().value(0, QStringLiteral("-"));
    const bool fromStdin = path == QLatin1String("-");
    const BoundedRead read
        = fromStdin ? readBoundedStdin(fileLimits::capture) : readBoundedFile(path, fileLimits::capture);
    if (!read.ok()) {
        err(QStringLiteral("idex scan: %1\n").arg(read.error));
        return 2;
    }
    scan::ScanOptions options;
    if (!directory.read(parser, QStringLiteral("idex scan")))
        return 2;
    options.directory = directory.directory();
    KeyResolution keys;
    if (parser.isSet(jwks)) {
        keys = KeyResolver::loadFile(parser.value(jwks));
        if (!keys.ok()) {
            err(QStringLiteral("idex scan: --jwks: %1\n").arg(keys.error));
            return 2;
        }
        options.keys = &keys;
    }
    const scan::FoundTokens found = scan::findTokens(read.data);
    const QList<scan::ScannedToken> rows = scan::analyse(found, options);
    const QString source = fromStdin ? QStringLiteral("standard input") : path;
    if (parser.isSet(json))
        out(QString::fromUtf8(QJsonDocument(scan::scanReportJson(source, found, rows, options.keys != nullptr))
                                  .toJson(QJsonDocument::Indented)));
    else
        out(scan::scanReportText(source, found, rows, options.keys != nullptr));
    return 0;
}

} // namespace idex::cli
