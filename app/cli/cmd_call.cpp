// idex call: send a request to a protected API with a token, print the answer and what it means.
#include "call/clientprincipal.h"
#include "call/requestexport.h"
#include "call/testcall.h"
#include "clicommand.h"
#include "console.h"
#include "diagnose/callreport.h"
#include "diagnose/diagnosis.h"
#include "emulator/emulator.h"
#include "identity/fetchandwait.h"
#include "identity/sourcecatalog.h"
#include "identity/tokensource.h"
#include "jwt/decodedtoken.h"
#include "net/boundedfile.h"
#include "net/httpclient.h"
#include "net/redaction.h"
#include "sourceoptions.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <memory>

namespace idex::cli {

namespace {

constexpr int kUsage = 2;

/*! Gets a token from a source the way `idex token` does; empty with \a error set on failure. */
QString tokenFromSource(
    HttpClient &http, const QString &sourceId, const SourceConfig &config, const TokenRequest &request, QString *error)
{
    std::unique_ptr<TokenSource> source(createSource(sourceId, http, config));
    if (!source) {
        *error = QStringLiteral("unknown source '%1'").arg(sourceId);
        return {};
    }
    const FetchOutcome outcome = fetchAndWait(*source, request);
    if (!outcome.token)
        *error = outcome.failure.toText();
    return outcome.token ? outcome.token->accessToken : QString();
}

bool readBody(const QString &argument, QByteArray *body, QString *error)
{
    if (!argument.startsWith(u'@')) {
        *body = argument.toUtf8();
        return true;
    }
    // curl's convention: @file, or @- for standard input.
    const QString path = argument.mid(1);
    const BoundedRead read = path == QLatin1String("-") ? readBoundedStdin(fileLimits::requestBody)
                                                        : readBoundedFile(path, fileLimits::requestBody);
    if (!read.ok()) {
        *error = QStringLiteral("cannot read the body: %1").arg(read.error);
        return false;
    }
    *body = read.data;
    return true;
}

} // namespace

int runCall(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Call a protected API with a token, print the answer and explain it.\n"
        "Exit status: 0 for a 2xx answer, 1 otherwise, 2 for a usage error.\n\n"
        "Examples:\n"
        "  idex call https://fn.azurewebsites.net/api/aad-func --token \"$TOKEN\"\n"
        "  idex token --source imds --resource api://<app-id> | idex call https://fn.example.net/api/x --token -\n"
        "  idex call /api/aad-func --emulator --source emulator --resource api://<app-id>\n"
        "  idex call https://api.example.net/items -X POST -H 'Content-Type: application/json' -d '{\"a\":1}' --token "
        "-\n"
        "  idex call https://fn.example.net/api/x --token - --print curl"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"),
        QStringLiteral("The API to call (with --emulator, a path like /api/aad-func is enough)."));
    const QCommandLineOption methodOpt({ QStringLiteral("X"), QStringLiteral("request") },
        QStringLiteral("HTTP method (default GET, or POST with -d)."), QStringLiteral("method"));
    const QCommandLineOption headerOpt({ QStringLiteral("H"), QStringLiteral("header") },
        QStringLiteral("Header 'Name: value' (repeatable)."), QStringLiteral("header"));
    const QCommandLineOption dataOpt({ QStringLiteral("d"), QStringLiteral("data") },
        QStringLiteral("Request body; @file reads a file, @- standard input."), QStringLiteral("body"));
    const QCommandLineOption tokenOpt(QStringLiteral("token"),
        QStringLiteral("Bearer token to send, - to read it from standard input, or @FILE to read a file."),
        QStringLiteral("jwt"));
    const QCommandLineOption sourceOpt(QStringLiteral("source"),
        QStringLiteral("Get the token from this source first (see idex token --help)."), QStringLiteral("name"));
    const QCommandLineOption resourceOpt(QStringLiteral("resource"),
        QStringLiteral("With --source: the resource to ask a token for."), QStringLiteral("uri"));
    const QCommandLineOption clientOpt(QStringLiteral("client-id"),
        QStringLiteral("With --source: user-assigned identity by client ID."), QStringLiteral("id"));
    const QCommandLineOption objectOpt(QStringLiteral("object-id"),
        QStringLiteral("With --source: user-assigned identity by object ID."), QStringLiteral("id"));
    const QCommandLineOption armOpt(QStringLiteral("resource-id"),
        QStringLiteral("With --source: user-assigned identity by ARM ID."), QStringLiteral("id"));
    const QCommandLineOption endpointOpt(
        QStringLiteral("endpoint"), QStringLiteral("With --source: the token endpoint to use."), QStringLiteral("url"));
    const QCommandLineOption emulatorOpt(QStringLiteral("emulator"),
        QStringLiteral("Start the built-in emulator in this process: relative URLs and "
                       "--source emulator point at it."));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"),
        QStringLiteral("Emulator scenario (default seed)."), QStringLiteral("name"), QStringLiteral("seed"));
    const QCommandLineOption roleOpt(QStringLiteral("expect-role"),
        QStringLiteral("An app role the API requires (repeatable), for the findings."), QStringLiteral("role"));
    const QCommandLineOption audienceOpt(QStringLiteral("expect-audience"),
        QStringLiteral("An audience the API accepts (repeatable), for the findings."), QStringLiteral("aud"));
    const QCommandLineOption authMeOpt(QStringLiteral("auth-me"),
        QStringLiteral("Call <origin>/.auth/me (App Service Authentication) instead of the URL."));
    const QCommandLineOption insecureOpt({ QStringLiteral("k"), QStringLiteral("insecure") },
        QStringLiteral("Accept a server certificate that fails validation (tests only)."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"), QStringLiteral("Timeout in seconds (default 30)."),
        QStringLiteral("s"), QStringLiteral("30"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    const QCommandLineOption printOpt(QStringLiteral("print"),
        QStringLiteral("Print the request as 'curl' or 'powershell' instead of sending it "
                       "(token and secrets redacted unless --show-secrets)."),
        QStringLiteral("format"));
    // --raw-token is the former spelling, kept for scripts.
    const QCommandLineOption showSecretsOpt({ QStringLiteral("show-secrets"), QStringLiteral("raw-token") },
        QStringLiteral("Print tokens, keys and other secrets as they are (report, --json and --print); "
                       "redacted otherwise."));
    parser.addOptions({ methodOpt, headerOpt, dataOpt, tokenOpt, sourceOpt, resourceOpt, clientOpt, objectOpt, armOpt,
        endpointOpt, emulatorOpt, scenarioOpt, roleOpt, audienceOpt, authMeOpt, insecureOpt, timeoutOpt, jsonOpt,
        printOpt, showSecretsOpt });
    const QString command = args.value(0, QStringLiteral("idex call"));
    auto usageError = [&command](const QString &message) {
        // Messages may quote the URL or a header the user gave: they go through redaction like any output.
        err(QStringLiteral("%1: %2\nSee '%1 --help'.\n").arg(command, redaction::redactText(message)));
        return kUsage;
    };
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError(parser.positionalArguments().isEmpty() ? QStringLiteral("give the URL to call.")
                                                                 : QStringLiteral("give exactly one URL."));
    if (parser.isSet(tokenOpt) && parser.isSet(sourceOpt))
        return usageError(QStringLiteral("give either --token or --source, not both."));
    if (parser.isSet(sourceOpt) && !parser.isSet(resourceOpt))
        return usageError(QStringLiteral("--source needs --resource (the API's App ID URI or client ID)."));
    const QString printFormat = parser.value(printOpt).toLower();
    if (!printFormat.isEmpty() && printFormat != QLatin1String("curl") && printFormat != QLatin1String("powershell"))
        return usageError(QStringLiteral("--print takes 'curl' or 'powershell'."));
    bool ok = false;
    const double timeoutSeconds = parser.value(timeoutOpt).toDouble(&ok);
    if (!ok || timeoutSeconds <= 0 || timeoutSeconds > 600)
        return usageError(QStringLiteral("--timeout takes seconds between 0 and 600."));

    emulator::Emulator emulator;
    if (parser.isSet(emulatorOpt)) {
        emulator::EmulatorOptions options;
        options.scenario = parser.value(scenarioOpt);
        QString error;
        if (!emulator.start(options, &error)) {
            err(QStringLiteral("%1: the emulator did not start: %2\n").arg(command, error));
            return 1;
        }
    }

    QUrl url(parser.positionalArguments().first(), QUrl::StrictMode);
    if (url.isRelative() && emulator.isRunning())
        url = emulator.baseUrl().resolved(url);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return usageError(QStringLiteral("'%1' is not an http(s) URL.").arg(parser.positionalArguments().first()));

    HttpRequest request;
    request.url = url;
    request.timeout = std::chrono::milliseconds(qint64(timeoutSeconds * 1000));
    request.ignoreTlsErrors = parser.isSet(insecureOpt);
    for (const QString &header : parser.values(headerOpt)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            return usageError(QStringLiteral("header '%1' is not 'Name: value'.").arg(header));
        request.headers.append({ header.left(colon).trimmed().toLatin1(), header.mid(colon + 1).trimmed().toUtf8() });
    }
    if (parser.isSet(dataOpt)) {
        QString error;
        if (!readBody(parser.value(dataOpt), &request.body, &error))
            return usageError(error);
        request.method = "POST";
    }
    if (parser.isSet(methodOpt))
        request.method = parser.value(methodOpt).toUpper().toLatin1();

    HttpClient http;
    QString token;
    if (parser.isSet(tokenOpt)) {
        QString readError;
        const QString input = readTokenArgument(parser.value(tokenOpt), &readError); // read once: it may be stdin
        if (!readError.isEmpty())
            return usageError(QStringLiteral("--token: %1").arg(readError));
        token = extractCompactToken(input);
        if (token.isEmpty())
            token = input.trimmed(); // opaque tokens are sent as they are
        if (token.isEmpty())
            return usageError(QStringLiteral("--token is empty."));
    } else if (parser.isSet(sourceOpt)) {
        const QString sourceId = parser.value(sourceOpt);
        if (sourceInfo(sourceId).id.isEmpty())
            return usageError(QStringLiteral("unknown source '%1' (see idex token --help).").arg(sourceId));
        SourceConfig config;
        config.timeout = request.timeout;
        if (parser.isSet(endpointOpt))
            config.endpoint = QUrl(parser.value(endpointOpt));
        if (emulator.isRunning())
            pointAtEmulator(emulator, sourceId, config);
        TokenRequest tokenRequest;
        tokenRequest.resource = parser.value(resourceOpt);
        QString error;
        if (!readIdentitySelector(parser, clientOpt, objectOpt, armOpt, &tokenRequest.identity, &error))
            return usageError(error);
        token = tokenFromSource(http, sourceId, config, tokenRequest, &error);
        if (token.isEmpty()) {
            err(QStringLiteral("%1: no token from %2: %3\n").arg(command, sourceId, redaction::redactText(error)));
            return 1;
        }
    }
    if (parser.isSet(authMeOpt)) {
        const HttpRequest authMe = authMeRequest(request.url, {});
        request.url = authMe.url;
        request.method = "GET";
        request.body.clear();
    }
    request = withBearerToken(request, token);

    const Secrets secrets = parser.isSet(showSecretsOpt) ? Secrets::Shown : Secrets::Redacted;
    if (!printFormat.isEmpty()) {
        out(printFormat == QLatin1String("curl") ? toCurl(request, secrets) : toPowerShell(request, secrets));
        return 0;
    }
    if (request.ignoreTlsErrors)
        err(QStringLiteral("%1: warning: TLS certificate errors are ignored for this request.\n").arg(command));

    const CallResult call = TestCall::run(http, request);
    const DecodeResult decoded = token.isEmpty() ? DecodeResult {} : decodeToken(token);
    DiagnosisInput input;
    input.token = decoded.ok() && !token.isEmpty() ? &decoded.token : nullptr;
    input.call = &call;
    input.expectation.roles = parser.values(roleOpt);
    input.expectation.audiences = parser.values(audienceOpt);
    const Findings findings = diagnose(input);

    if (parser.isSet(jsonOpt))
        out(QString::fromUtf8(QJsonDocument(callReportJson(call, findings, secrets)).toJson(QJsonDocument::Indented)));
    else
        out(callReportText(call, findings, true, secrets));
    if (parser.isSet(authMeOpt) && call.isSuccess() && !parser.isSet(jsonOpt)) {
        const ClientPrincipalResult principal = parseAuthMe(call.response().body);
        if (principal.ok())
            out(QStringLiteral("\n/.auth/me: %1 claims, roles: %2\n")
                    .arg(principal.principal.claims.size())
                    .arg(principal.principal.roles().isEmpty()
                            ? QStringLiteral("none")
                            : principal.principal.roles().join(QStringLiteral(", "))));
    }
    return call.isSuccess() ? 0 : 1;
}

} // namespace idex::cli
