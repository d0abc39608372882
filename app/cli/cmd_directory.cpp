// idex directory: read the directory (emulator, Microsoft Graph, a snapshot file, or a generated tenant), print who
// holds which role on which API, trace a token's path, and export it as a snapshot, DOT or SVG.
#include "clicommand.h"
#include "console.h"
#include "directory/directorygraph.h"
#include "directory/emulatorgraphreader.h"
#include "directory/graphexport.h"
#include "directory/graphreader.h"
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "directory/tokenpath.h"
#include "emulator/emulator.h"
#include "identity/fetchandwait.h"
#include "identity/sourcecatalog.h"
#include "identity/tokenfailure.h"
#include "identity/tokenrequest.h"
#include "identity/tokensource.h"
#include "jwt/decodedtoken.h"
#include "net/httpclient.h"
#include "net/redaction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUrlQuery>

#include <memory>

namespace idex::cli {

namespace {

const QString graphResource = QStringLiteral("https://graph.microsoft.com");

// A Graph token from an emulator's IMDS route, as a VM would get it.
QString emulatorGraphToken(HttpClient &http, const QUrl &base, const QString &clientId, QString *error)
{
    QUrl url = base.resolved(QUrl(QStringLiteral("/metadata/identity/oauth2/token")));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("api-version"), QStringLiteral("2018-02-01"));
    query.addQueryItem(QStringLiteral("resource"), graphResource);
    query.addQueryItem(QStringLiteral("client_id"), clientId);
    url.setQuery(query);
    HttpRequest request;
    request.url = url;
    request.setHeader("Metadata", "true");
    const HttpExchange ex = http.sendAndWait(request);
    const QString token
        = QJsonDocument::fromJson(ex.response.body).object().value(QLatin1String("access_token")).toString();
    if (token.isEmpty())
        *error
            = QStringLiteral("the emulator gave no Graph token (%1)")
                  .arg(ex.response.answered() ? QStringLiteral("HTTP %1").arg(ex.response.status) : ex.response.error);
    return token;
}

// The identity that reads the emulator's Graph, from its admin API (loopback only, with its admin token).
QString readerOf(
    HttpClient &http, const QUrl &base, const QByteArray &adminToken, const QString &wanted, QString *error)
{
    HttpRequest request;
    request.url = base.resolved(QUrl(QStringLiteral("/admin/scenario")));
    request.setHeader("Authorization", "Bearer " + adminToken);
    const HttpExchange ex = http.sendAndWait(request);
    if (!ex.response.isSuccess()) {
        *error
            = QStringLiteral("%1 did not give its scenario (%2)")
                  .arg(base.toString(),
                      ex.response.answered() ? QStringLiteral("HTTP %1").arg(ex.response.status) : ex.response.error);
        if (ex.response.status == 401)
            *error += QStringLiteral("; pass its admin token with --admin-token or IDEX_EMULATOR_ADMIN_TOKEN (idex "
                                     "emulator --print-env prints it)");
        return {};
    }
    return emulatorGraphReaderClientId(QJsonDocument::fromJson(ex.response.body).object(), wanted, error);
}

// A token for Graph from one of the managed identity sources (imds, appservice, azcli, auto ...).
QString sourceGraphToken(HttpClient &http, const QString &sourceId, const QString &clientId, QString *error)
{
    std::unique_ptr<TokenSource> source(createSource(sourceId, http, SourceConfig {}));
    if (!source) {
        *error = QStringLiteral("unknown token source \"%1\"").arg(sourceId);
        return {};
    }
    TokenRequest request;
    request.resource = graphResource;
    if (!clientId.isEmpty())
        request.identity = { IdentitySelector::Kind::ClientId, clientId };
    const FetchOutcome outcome = fetchAndWait(*source, request);
    if (!outcome.token)
        *error = outcome.failure.toText();
    return outcome.token ? outcome.token->accessToken : QString();
}

bool readGraph(
    HttpClient &http, const QUrl &graphBase, const QString &token, bool quiet, Directory *directory, QString *error)
{
    GraphReader reader(http);
    GraphReaderOptions options;
    options.baseUrl = graphBase;
    options.accessToken = token;
    GraphLoadResult result;
    QEventLoop loop;
    QObject::connect(&reader, &GraphReader::progress, &loop, [quiet](const GraphLoadProgress &p) {
        if (quiet)
            return;
        if (p.currentWaitSeconds > 0)
            err(QStringLiteral("  throttled: waiting %1 s (Retry-After)\n").arg(p.currentWaitSeconds));
        else
            err(QStringLiteral("\r  %1: %L2 objects, %3 pages   ").arg(p.stage).arg(p.objects).arg(p.pages));
    });
    QObject::connect(&reader, &GraphReader::finished, &loop, [&](const GraphLoadResult &r) {
        result = r;
        loop.quit();
    });
    reader.start(options);
    loop.exec();
    if (!quiet)
        err(QStringLiteral("\n"));
    if (!result.ok) {
        *error = result.error;
        return false;
    }
    *directory = result.directory;
    return true;
}

QString pad(const QString &s, int width)
{
    return s.size() > width ? s.left(width - 1) + QStringLiteral("…") : s.leftJustified(width);
}

void printTable(const Directory &d, const QString &filter)
{
    out(QStringLiteral("%1  %2  %3  %4\n")
            .arg(pad(QStringLiteral("PRINCIPAL"), 32), pad(QStringLiteral("TYPE"), 34), pad(QStringLiteral("ROLE"), 24),
                QStringLiteral("API")));
    int shown = 0;
    for (const AppRoleAssignment &a : d.assignments()) {
        const ServicePrincipal *sp = d.servicePrincipal(a.principalId);
        const QString principal = sp ? sp->displayName : a.principalDisplayName;
        const QString type = sp ? sp->kindLabel() : a.principalType;
        const auto role = d.role(a.resourceId, a.appRoleId);
        const QString roleValue = role ? role->value : a.appRoleId;
        const QString api
            = d.displayNameOf(a.resourceId).isEmpty() ? a.resourceDisplayName : d.displayNameOf(a.resourceId);
        if (!filter.isEmpty()
            && !QString(principal + type + roleValue + api + a.principalId + a.resourceId)
                    .contains(filter, Qt::CaseInsensitive))
            continue;
        out(QStringLiteral("%1  %2  %3  %4\n").arg(pad(principal, 32), pad(type, 34), pad(roleValue, 24), api));
        ++shown;
    }
    out(QStringLiteral("\n%L1 applications, %L2 service principals, %L3 app role assignments (%L4 shown). Source: %5\n")
            .arg(d.applications().size())
            .arg(d.servicePrincipals().size())
            .arg(d.assignments().size())
            .arg(shown)
            .arg(d.sourceDescription));
}

bool writeOutput(const QString &path, const QByteArray &data, QString *error)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        out(QString::fromUtf8(data));
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

int runDirectory(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Shows who holds which app role on which API: applications, service principals (managed "
                       "identities) and app role "
                       "assignments, from the emulator, Microsoft Graph or a snapshot file."));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("source"), QStringLiteral("emulator (default), graph, or a snapshot FILE."),
            QStringLiteral("source"), QStringLiteral("emulator") },
        { QStringLiteral("scenario"), QStringLiteral("Embedded emulator scenario (default seed)."),
            QStringLiteral("name"), QStringLiteral("seed") },
        { QStringLiteral("endpoint"),
            QStringLiteral("A running emulator (http://127.0.0.1:PORT) instead of an embedded one."),
            QStringLiteral("url") },
        { QStringLiteral("admin-token"),
            QStringLiteral("With --endpoint: that emulator's admin token (default: $IDEX_EMULATOR_ADMIN_TOKEN, as "
                           "`idex emulator --print-env` prints it)."),
            QStringLiteral("token") },
        { QStringLiteral("reader"),
            QStringLiteral("Emulator: client id or name of the identity that reads Graph (default: one holding "
                           "Application.Read.All)."),
            QStringLiteral("id") },
        { QStringLiteral("token"),
            QStringLiteral(
                "Graph: an access token for https://graph.microsoft.com ('-' reads standard input, @FILE a file)."),
            QStringLiteral("token") },
        { QStringLiteral("token-source"),
            QStringLiteral(
                "Graph: get the token from this managed identity source (imds, appservice, azcli, auto ...)."),
            QStringLiteral("id") },
        { QStringLiteral("client-id"), QStringLiteral("Graph: the user-assigned identity to use with --token-source."),
            QStringLiteral("id") },
        { QStringLiteral("graph-url"), QStringLiteral("Graph base URL (default https://graph.microsoft.com/v1.0/)."),
            QStringLiteral("url") },
        { QStringLiteral("generate"),
            QStringLiteral("Use a generated tenant of N objects (about 3 assignments each) instead of a source."),
            QStringLiteral("N") },
        { QStringLiteral("filter"), QStringLiteral("Only show what matches (name, id, appId, type, role value)."),
            QStringLiteral("text") },
        { QStringLiteral("path"),
            QStringLiteral("Trace this token's path (principal -> assignment -> role -> API) and name the missing link "
                           "('-' reads standard input, @FILE a file)."),
            QStringLiteral("token") },
        { QStringLiteral("require"), QStringLiteral("With --path: the role the API requires (e.g. DoAll)."),
            QStringLiteral("role") },
        { QStringLiteral("export"), QStringLiteral("Write to FILE ('-' = standard output) in --format."),
            QStringLiteral("file") },
        { QStringLiteral("format"),
            QStringLiteral("json (snapshot), dot or svg (default: from the --export suffix, else json)."),
            QStringLiteral("format") },
        { QStringLiteral("quiet"), QStringLiteral("No progress on standard error.") },
    });
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    HttpClient http;
    Directory directory;
    QString error;
    QElapsedTimer timer;
    timer.start();

    const QString source = parser.value(QStringLiteral("source"));
    if (parser.isSet(QStringLiteral("generate"))) {
        bool ok = false;
        const int n = parser.value(QStringLiteral("generate")).toInt(&ok);
        if (!ok || n < 4 || n > 2000000) {
            err(QStringLiteral("idex directory: --generate wants a number of objects between 4 and 2,000,000\n"));
            return 2;
        }
        directory = generateTenant({ n, 3, 7 });
    } else if (source == QLatin1String("emulator")) {
        emulator::Emulator embedded;
        QUrl base;
        QByteArray adminToken;
        QString scenarioName = parser.value(QStringLiteral("scenario"));
        if (parser.isSet(QStringLiteral("endpoint"))) {
            base = QUrl(parser.value(QStringLiteral("endpoint")));
            if (!base.isValid() || base.scheme() != QLatin1String("http")) {
                err(QStringLiteral("idex directory: --endpoint wants http://host:port\n"));
                return 2;
            }
            scenarioName = base.authority();
            adminToken = parser.isSet(QStringLiteral("admin-token"))
                ? parser.value(QStringLiteral("admin-token")).toUtf8()
                : qgetenv("IDEX_EMULATOR_ADMIN_TOKEN");
        } else {
            emulator::EmulatorOptions options;
            options.scenario = parser.value(QStringLiteral("scenario"));
            if (!embedded.start(options, &error)) {
                err(QStringLiteral("idex directory: cannot start the emulator: %1\n")
                        .arg(redaction::redactText(error)));
                return 1;
            }
            base = embedded.baseUrl();
            adminToken = embedded.adminToken();
        }
        const QString reader = readerOf(http, base, adminToken, parser.value(QStringLiteral("reader")), &error);
        if (reader.isEmpty()) {
            err(QStringLiteral("idex directory: %1 (--reader names one)\n").arg(redaction::redactText(error)));
            return 1;
        }
        const QString token = emulatorGraphToken(http, base, reader, &error);
        if (token.isEmpty()) {
            err(QStringLiteral("idex directory: %1\n").arg(redaction::redactText(error)));
            return 1;
        }
        QUrl graph = base;
        graph.setPath(QStringLiteral("/v1.0/"));
        if (!readGraph(http, graph, token, quiet, &directory, &error)) {
            err(QStringLiteral("idex directory: %1\n").arg(redaction::redactText(error)));
            return 1;
        }
        directory.sourceDescription = QStringLiteral("Emulator (%1) at %2").arg(scenarioName, base.toString());
    } else if (source == QLatin1String("graph")) {
        QString token;
        if (parser.isSet(QStringLiteral("token"))) {
            token = readTokenArgument(parser.value(QStringLiteral("token")), &error);
        } else if (parser.isSet(QStringLiteral("token-source"))) {
            token = sourceGraphToken(
                http, parser.value(QStringLiteral("token-source")), parser.value(QStringLiteral("client-id")), &error);
        } else {
            err(QStringLiteral("idex directory: --source graph needs --token or --token-source (a token for "
                               "https://graph.microsoft.com with Application.Read.All)\n"));
            return 2;
        }
        if (token.isEmpty()) {
            err(QStringLiteral("idex directory: no Graph token: %1\n").arg(redaction::redactText(error)));
            return 1;
        }
        const QUrl graph(parser.isSet(QStringLiteral("graph-url"))
                ? parser.value(QStringLiteral("graph-url"))
                : QStringLiteral("https://graph.microsoft.com/v1.0/"));
        if (!readGraph(http, graph, token, quiet, &directory, &error)) {
            err(QStringLiteral("idex directory: %1\n").arg(redaction::redactText(error)));
            return 1;
        }
    } else {
        if (!snapshot::readFile(source, directory, &error)) {
            err(QStringLiteral("idex directory: %1\n").arg(redaction::redactText(error)));
            return 1;
        }
    }
    if (!quiet)
        err(QStringLiteral("Loaded %L1 objects and %L2 assignments in %3 ms.\n")
                .arg(directory.objectCount())
                .arg(directory.assignments().size())
                .arg(timer.elapsed()));

    if (parser.isSet(QStringLiteral("path"))) {
        QString readError;
        const QString input = readTokenArgument(parser.value(QStringLiteral("path")), &readError);
        if (!readError.isEmpty()) {
            err(QStringLiteral("idex directory: --path: %1\n").arg(readError));
            return 2;
        }
        const DecodeResult decoded = decodeToken(input);
        if (!decoded.ok()) {
            err(QStringLiteral("idex directory: --path: %1\n").arg(decoded.message));
            return 2;
        }
        const QStringList required = parser.isSet(QStringLiteral("require"))
            ? QStringList { parser.value(QStringLiteral("require")) }
            : QStringList();
        const TokenPath path = traceTokenPath(directory, TokenPathInput::fromToken(decoded.token, required));
        out((path.isComplete() ? QStringLiteral("OK    ") : QStringLiteral("BROKEN ")) + path.explanation
            + QStringLiteral("\n"));
        return path.isComplete() ? 0 : 4;
    }

    QString format = parser.value(QStringLiteral("format")).toLower();
    const QString exportPath = parser.value(QStringLiteral("export"));
    if (format.isEmpty() && !exportPath.isEmpty()) {
        format = exportPath.endsWith(QLatin1String(".dot")) ? QStringLiteral("dot")
            : exportPath.endsWith(QLatin1String(".svg"))    ? QStringLiteral("svg")
                                                            : QStringLiteral("json");
    }
    if (format.isEmpty()) {
        printTable(directory, parser.value(QStringLiteral("filter")));
        return 0;
    }
    GraphOptions options;
    options.filter = parser.value(QStringLiteral("filter"));
    options.collapseThreshold = 150;
    QByteArray data;
    if (format == QLatin1String("json"))
        data = snapshot::toJson(directory, directory.objectCount() < 2000);
    else if (format == QLatin1String("dot"))
        data = graphexport::toDot(DirectoryGraph::build(directory, options));
    else if (format == QLatin1String("svg"))
        data = graphexport::toSvg(DirectoryGraph::build(directory, options));
    else {
        err(QStringLiteral("idex directory: --format must be json, dot or svg\n"));
        return 2;
    }
    if (!writeOutput(exportPath, data, &error)) {
        err(QStringLiteral("idex directory: %1\n").arg(redaction::redactText(error)));
        return 1;
    }
    if (!exportPath.isEmpty() && exportPath != QLatin1String("-") && !quiet)
        err(QStringLiteral("Wrote %1 (%2, %L3 bytes).\n").arg(exportPath, format).arg(data.size()));
    return 0;
}

} // namespace idex::cli
