// idex token: get a managed identity token from one source and print it (or JSON with its transcript).
#include "clicommand.h"
#include "console.h"
#include "emulator/emulator.h"
#include "identity/fetchandwait.h"
#include "identity/sourcecatalog.h"
#include "identity/tokensource.h"
#include "net/httpclient.h"
#include "net/redaction.h"
#include "net/transcriptformat.h"
#include "sourceoptions.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace idex::cli {

namespace {

QString sourceList()
{
    QString text = QStringLiteral("Sources (--source):\n");
    for (const SourceInfo &info : sourceCatalog())
        text += QStringLiteral("  %1%2\n").arg(info.id, -16).arg(info.name);
    return text;
}

QJsonObject resultJson(const TokenResult &token)
{
    QJsonObject object {
        { QStringLiteral("access_token"), token.accessToken },
        { QStringLiteral("token_type"), token.tokenType },
        { QStringLiteral("resource"), token.resource },
        { QStringLiteral("source"), token.sourceId },
        { QStringLiteral("source_name"), token.sourceName },
        { QStringLiteral("endpoint"), redaction::redactText(token.endpoint) },
        { QStringLiteral("identity"), token.identity.describe() },
        { QStringLiteral("obtained_at"), token.obtainedAt.toString(Qt::ISODate) },
        { QStringLiteral("transcript"), transcriptToJson(token.transcript) },
    };
    if (token.expiresOn.isValid()) {
        object.insert(QStringLiteral("expires_on"), token.expiresOn.toString(Qt::ISODate));
        object.insert(QStringLiteral("expires_in"), QDateTime::currentDateTimeUtc().secsTo(token.expiresOn));
    }
    if (!token.clientId.isEmpty())
        object.insert(QStringLiteral("client_id"), token.clientId);
    return object;
}

QJsonObject failureJson(const TokenFailure &failure)
{
    // Details quote servers and endpoints: through the redaction layer, like the transcript.
    return QJsonObject {
        { QStringLiteral("error"), failure.code },
        { QStringLiteral("title"), redaction::redactText(failure.title) },
        { QStringLiteral("detail"), redaction::redactText(failure.detail) },
        { QStringLiteral("fix"), redaction::redactText(failure.fix) },
        { QStringLiteral("source"), failure.sourceId },
        { QStringLiteral("endpoint"), redaction::redactText(failure.endpoint) },
        { QStringLiteral("attempts"), failure.attempts },
        { QStringLiteral("transcript"), transcriptToJson(failure.transcript) },
    };
}

} // namespace

int runToken(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Get a managed identity token and print it.\n\n") + sourceList()
        + QStringLiteral("\nExamples:\n"
                         "  idex token --source emulator --resource api://seed-api\n"
                         "  idex token --source appservice --resource https://vault.azure.net --client-id <id>\n"
                         "  idex token --source arc --emulator --json\n"
                         "  idex token --source imds --endpoint http://127.0.0.1:8080 --verbose\n"));
    parser.addHelpOption();
    const QCommandLineOption sourceOpt(
        QStringLiteral("source"), QStringLiteral("Where to get the token (see the list)."), QStringLiteral("name"));
    const QCommandLineOption resourceOpt(QStringLiteral("resource"),
        QStringLiteral("Resource or one scope (a trailing /.default is removed). Default: "
                       "https://management.azure.com/"),
        QStringLiteral("uri"), QStringLiteral("https://management.azure.com/"));
    const QCommandLineOption clientOpt(
        QStringLiteral("client-id"), QStringLiteral("User-assigned identity by client ID."), QStringLiteral("id"));
    const QCommandLineOption objectOpt(QStringLiteral("object-id"),
        QStringLiteral("User-assigned identity by object (principal) ID."), QStringLiteral("id"));
    const QCommandLineOption armOpt(QStringLiteral("resource-id"),
        QStringLiteral("User-assigned identity by ARM resource ID."), QStringLiteral("id"));
    const QCommandLineOption endpointOpt(QStringLiteral("endpoint"),
        QStringLiteral("Use this endpoint instead of the environment's (IMDS: a base URL)."), QStringLiteral("url"));
    const QCommandLineOption secretOpt(QStringLiteral("secret"),
        QStringLiteral("Identity header/secret instead of IDENTITY_HEADER or MSI_SECRET."), QStringLiteral("value"));
    const QCommandLineOption thumbprintOpt(QStringLiteral("thumbprint"),
        QStringLiteral("Service Fabric: pinned SHA-1 thumbprint instead of "
                       "IDENTITY_SERVER_THUMBPRINT."),
        QStringLiteral("hex"));
    const QCommandLineOption arcDirOpt(QStringLiteral("arc-key-dir"),
        QStringLiteral("Azure Arc: the directory the key file must be in (default "
                       "/var/opt/azcmagent/tokens)."),
        QStringLiteral("dir"));
    const QCommandLineOption tokenOpt(QStringLiteral("token"),
        QStringLiteral("--source pasted: the token, - to read it from standard input, or @FILE to read a file."),
        QStringLiteral("jwt"));
    const QCommandLineOption emulatorOpt(QStringLiteral("emulator"),
        QStringLiteral("Start the built-in emulator in this process and point the "
                       "source at it (implied by --source emulator)."));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"),
        QStringLiteral("Emulator scenario (built-in name or JSON file). Default: seed."), QStringLiteral("name"),
        QStringLiteral("seed"));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
        QStringLiteral("Per-request timeout in seconds (default 15)."), QStringLiteral("s"), QStringLiteral("15"));
    const QCommandLineOption jsonOpt(
        QStringLiteral("json"), QStringLiteral("Print JSON: token, expiry, source and the redacted transcript."));
    const QCommandLineOption verboseOpt(
        QStringLiteral("verbose"), QStringLiteral("Print the redacted HTTP transcript and retries to standard error."));
    parser.addOptions({ sourceOpt, resourceOpt, clientOpt, objectOpt, armOpt, endpointOpt, secretOpt, thumbprintOpt,
        arcDirOpt, tokenOpt, emulatorOpt, scenarioOpt, timeoutOpt, jsonOpt, verboseOpt });
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("idex token: unexpected argument '%1'\n").arg(parser.positionalArguments().first()));
        return 2;
    }
    const QString sourceId = parser.value(sourceOpt);
    if (sourceId.isEmpty() || sourceInfo(sourceId).id.isEmpty()) {
        err((sourceId.isEmpty() ? QStringLiteral("idex token: --source is required.\n")
                                : QStringLiteral("idex token: unknown source '%1'.\n").arg(sourceId))
            + sourceList());
        return 2;
    }

    TokenRequest request;
    request.resource = parser.value(resourceOpt);
    QString selectorError;
    if (!readIdentitySelector(parser, clientOpt, objectOpt, armOpt, &request.identity, &selectorError)) {
        err(QStringLiteral("idex token: ") + selectorError + u'\n');
        return 2;
    }
    bool ok = false;
    const double timeoutSeconds = parser.value(timeoutOpt).toDouble(&ok);
    if (!ok || timeoutSeconds <= 0 || timeoutSeconds > 600) {
        err(QStringLiteral("idex token: --timeout takes seconds between 0 and 600.\n"));
        return 2;
    }

    SourceConfig config;
    config.timeout = std::chrono::milliseconds(qint64(timeoutSeconds * 1000));
    if (parser.isSet(endpointOpt)) {
        config.endpoint = QUrl(parser.value(endpointOpt), QUrl::StrictMode);
        if (!config.endpoint.isValid() || config.endpoint.scheme().isEmpty() || config.endpoint.host().isEmpty()) {
            err(QStringLiteral("idex token: --endpoint '%1' is not an absolute URL.\n").arg(parser.value(endpointOpt)));
            return 2;
        }
    }
    config.secret = parser.value(secretOpt).toUtf8();
    config.thumbprint = parser.value(thumbprintOpt).toLatin1();
    config.arcKeyDirectory = parser.value(arcDirOpt);
    if (sourceId == QLatin1String("pasted")) {
        QString readError;
        config.pastedToken = readTokenArgument(parser.value(tokenOpt), &readError);
        if (!readError.isEmpty()) {
            err(QStringLiteral("idex token: --token: %1\n").arg(readError));
            return 2;
        }
    }

    emulator::Emulator emulator;
    const bool useEmulator = sourceId == QLatin1String("emulator") || parser.isSet(emulatorOpt);
    if (useEmulator) {
        if (sourceId != QLatin1String("emulator") && emulatorProtocol(sourceId).isEmpty()) {
            err(QStringLiteral("idex token: the emulator does not serve the '%1' source.\n").arg(sourceId));
            return 2;
        }
        emulator::EmulatorOptions options;
        options.scenario = parser.value(scenarioOpt);
        QString error;
        if (!emulator.start(options, &error)) {
            err(QStringLiteral("idex token: the emulator did not start: %1\n").arg(error));
            return 1;
        }
        pointAtEmulator(emulator, sourceId, config);
    }

    HttpClient http;
    TokenSource *source = createSource(sourceId, http, config, &http);
    const bool verbose = parser.isSet(verboseOpt);
    const bool json = parser.isSet(jsonOpt);
    QObject::connect(source, &TokenSource::attempted, source, [verbose](const HttpExchange &exchange) {
        if (verbose)
            err(formatExchange(exchange) + QStringLiteral("----------------------------------------\n"));
    });
    // Retries are announced even without --verbose: IMDS may legitimately wait 70 s, and silence looks like a hang.
    QObject::connect(source, &TokenSource::retryScheduled, source, [](int, qint64, const QString &reason) {
        err(QStringLiteral("idex token: %1\n").arg(redaction::redactText(reason)));
    });

    const FetchOutcome outcome = fetchAndWait(*source, request);
    if (!outcome.token) {
        if (json)
            out(QString::fromUtf8(QJsonDocument(failureJson(outcome.failure)).toJson(QJsonDocument::Indented)));
        err(QStringLiteral("idex token: %1\n").arg(redaction::redactText(outcome.failure.toText())));
        return 1;
    }
    const TokenResult &token = *outcome.token;
    if (json) {
        out(QString::fromUtf8(QJsonDocument(resultJson(token)).toJson(QJsonDocument::Indented)));
    } else {
        out(token.accessToken + u'\n');
        if (verbose)
            err(QStringLiteral("# %1 token for %2 from %3%4\n")
                    .arg(token.tokenType, token.resource, token.sourceName,
                        token.expiresOn.isValid() ? QStringLiteral(", expires ") + token.expiresOn.toString(Qt::ISODate)
                                                  : QString()));
    }
    return 0;
}

} // namespace idex::cli
