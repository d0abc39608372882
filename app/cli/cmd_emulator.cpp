// idex emulator: runs the local managed identity + Entra + Graph emulator until SIGINT/SIGTERM, printing the
// environment each protocol's SDK needs. `--print-env` output is machine-readable: blocks headed
// "# protocol: <name>" of "export NAME='value'" lines, then "# ready" once it serves. The "common" block holds
// IDEX_EMULATOR_ADMIN_TOKEN, the bearer token of the admin API.
#include "clicommand.h"
#include "console.h"
#include "emulator/adminauth.h"
#include "emulator/emulator.h"
#include "emulator/scenariosummary.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <csignal>

namespace idex::cli {

namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void onStopSignal(int)
{
    g_stopRequested = 1;
}

QString shellQuote(const QString &value)
{
    QString v = value;
    v.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + v + u'\'';
}

bool parsePort(const QCommandLineParser &parser, const QString &name, quint16 *port)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const uint value = parser.value(name).toUInt(&ok);
    if (!ok || value > 65535) {
        err(QStringLiteral("idex emulator: --%1 must be a port number (0-65535), not '%2'\n")
                .arg(name, parser.value(name)));
        return false;
    }
    *port = quint16(value);
    return true;
}

} // namespace

int runEmulator(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the local managed identity + Entra + Graph emulator until Ctrl+C.\n"
        "It serves IMDS, App Service (2019, 2017), Azure ML, Arc, Cloud Shell, Service Fabric (TLS), workload "
        "identity,\n"
        "OpenID discovery + JWKS, a Microsoft Graph subset, the scenario's protected functions and an admin API.\n"
        "Export the printed variables and unmodified Azure SDKs get their tokens from it."));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("port"), QStringLiteral("HTTP port (0 = any free port)."), QStringLiteral("N"),
            QStringLiteral("0") },
        { QStringLiteral("tls-port"),
            QStringLiteral("HTTPS port: every route over TLS, and Service Fabric's (0 = any free port)."),
            QStringLiteral("N"), QStringLiteral("0") },
        { QStringLiteral("tls-cert"),
            QStringLiteral("A certificate of your own for the HTTPS port (PEM, leaf first, then its chain). Default: a "
                           "leaf from the local CA of the work directory (tls/ca.pem, made on first use)."),
            QStringLiteral("FILE") },
        { QStringLiteral("tls-key"), QStringLiteral("The unencrypted PEM private key of --tls-cert (RSA or EC)."),
            QStringLiteral("FILE") },
        { QStringLiteral("bind"),
            QStringLiteral(
                "Address to listen on (default 127.0.0.1). Anything else exposes fake tokens to the network."),
            QStringLiteral("ADDR"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("scenario"), QStringLiteral("Built-in scenario name or a scenario JSON file (default seed)."),
            QStringLiteral("NAME|FILE"), QStringLiteral("seed") },
        { QStringLiteral("directory"),
            QStringLiteral("Serve a directory snapshot instead of a scenario (from `idex directory --source graph "
                           "--export FILE` or `idex directory --generate`): its managed identities get tokens with "
                           "exactly the roles they hold there; one protected function per app role of its APIs."),
            QStringLiteral("FILE") },
        { QStringLiteral("entra-issuers"),
            QStringLiteral("Mint Entra's real issuer strings (sts.windows.net / login.microsoftonline.com).") },
        { QStringLiteral("work-dir"),
            QStringLiteral(
                "Where the Arc key file, the federated token file and the local CA (tls/) go (default: a private "
                "temporary directory, so a new CA each run; give one to trust its CA once)."),
            QStringLiteral("DIR") },
        { QStringLiteral("admin-token"),
            QStringLiteral(
                "The admin API's bearer token (16-512 characters of letters, digits, - . _ ~ + / =). Default: the "
                "environment variable IDEX_EMULATOR_ADMIN_TOKEN, else a fresh random one. Prefer the variable: "
                "other users can read command lines."),
            QStringLiteral("TOKEN") },
        { QStringLiteral("print-env"),
            QStringLiteral("Print only the machine-readable environment blocks, then '# ready'.") },
        { QStringLiteral("list-scenarios"), QStringLiteral("List the built-in scenarios and exit.") },
        { QStringLiteral("quiet"), QStringLiteral("Do not log requests to standard error.") },
    });
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    if (parser.isSet(QStringLiteral("list-scenarios"))) {
        for (const QString &name : emulator::builtInScenarioNames()) {
            const emulator::ScenarioSummary s = emulator::builtInScenarioSummary(name);
            out(QStringLiteral("%1\n    %2\n").arg(name, s.description));
            if (!s.expected.isEmpty())
                out(QStringLiteral("    Expected: %1\n").arg(s.expected));
        }
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("idex emulator: unexpected argument '%1'\n").arg(parser.positionalArguments().first()));
        return 2;
    }

    emulator::EmulatorOptions options;
    if (!parsePort(parser, QStringLiteral("port"), &options.port)
        || !parsePort(parser, QStringLiteral("tls-port"), &options.tlsPort))
        return 2;
    if (!options.bind.setAddress(parser.value(QStringLiteral("bind")))) {
        err(QStringLiteral("idex emulator: --bind needs an IP address, not '%1'\n")
                .arg(parser.value(QStringLiteral("bind"))));
        return 2;
    }
    if (!options.bind.isLoopback())
        err(QStringLiteral(
            "idex emulator: WARNING: listening on %1, not loopback. Anyone who can reach this address can get "
            "(fake) tokens and change the scenario through Graph. The admin API still answers loopback only, "
            "with its token.\n")
                .arg(options.bind.toString()));
    options.scenario = parser.value(QStringLiteral("scenario"));
    options.directory = parser.value(QStringLiteral("directory"));
    if (!options.directory.isEmpty() && parser.isSet(QStringLiteral("scenario"))) {
        err(QStringLiteral("idex emulator: give --scenario or --directory, not both\n"));
        return 2;
    }
    options.entraIssuers = parser.isSet(QStringLiteral("entra-issuers"));
    options.workDir = parser.value(QStringLiteral("work-dir"));
    options.tlsCertFile = parser.value(QStringLiteral("tls-cert"));
    options.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
    // Scripts that start the emulator choose its admin token; otherwise every run gets a fresh random one.
    options.adminToken = parser.isSet(QStringLiteral("admin-token"))
        ? parser.value(QStringLiteral("admin-token")).toUtf8()
        : qgetenv("IDEX_EMULATOR_ADMIN_TOKEN");
    if (!options.adminToken.isEmpty()) {
        if (const QString problem = emulator::adminTokenProblem(options.adminToken); !problem.isEmpty()) {
            err(QStringLiteral("idex emulator: %1 is not usable: %2\n")
                    .arg(parser.isSet(QStringLiteral("admin-token")) ? QStringLiteral("--admin-token")
                                                                     : QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN"),
                        problem));
            return 2;
        }
    }

    // Installed before the keys are generated, so a Ctrl+C during start-up is not lost.
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    emulator::Emulator emulator;
    QString error;
    if (!emulator.start(options, &error)) {
        err(QStringLiteral("idex emulator: %1\n").arg(error));
        return 1;
    }
    const bool printEnv = parser.isSet(QStringLiteral("print-env"));
    const emulator::Scenario &s = emulator.scenario();
    QString text;
    if (!printEnv) {
        text += QStringLiteral("Identity Explorer emulator: scenario '%1' on %2 and %3\n  %4\n\n")
                    .arg(s.name, emulator.baseUrl().toString(), emulator.httpsBaseUrl().toString(), s.description);
        text += emulator.caCertificatePath().isEmpty()
            ? QStringLiteral("HTTPS      certificate of your own (--tls-cert)\n")
            : QStringLiteral("HTTPS      trust the local CA %1 (the variables below, in the common block)\n")
                  .arg(emulator.caCertificatePath());
        text += QStringLiteral(
            "Issuer v1  %1\nIssuer v2  %2\nDiscovery  %3\n           %4\nJWKS       %5\n           %6\n")
                    .arg(emulator.issuerV1(), emulator.issuerV2(), emulator.discoveryUrl(1).toString(),
                        emulator.discoveryUrl(2).toString(), emulator.jwksUrl(1).toString(),
                        emulator.jwksUrl(2).toString());
        text += QStringLiteral("Graph      %1/v1.0/  (token of idex-reader: Application.Read.All, "
                               "AppRoleAssignment.ReadWrite.All in seed)\n")
                    .arg(emulator.baseUrl().toString());
        // A tenant snapshot can define thousands: the first few, then where the rest are listed.
        constexpr int shownFunctions = 12;
        for (qsizetype i = 0; i < s.functions.size() && i < shownFunctions; ++i)
            text += QStringLiteral("Function   %1%2  (requires %3)\n")
                        .arg(emulator.baseUrl().toString(), s.functions.at(i).path,
                            s.functions.at(i).requiredRoles.join(QStringLiteral(", ")));
        if (s.functions.size() > shownFunctions)
            text += QStringLiteral("           ... and %1 more functions (GET /admin/scenario lists them all)\n")
                        .arg(s.functions.size() - shownFunctions);
        if (!s.walkthrough.identity.isEmpty())
            text += QStringLiteral("Try        identity %1 -> %2 -> %3 (expect %4)\n")
                        .arg(s.walkthrough.identity, s.walkthrough.resource, s.walkthrough.functionPath,
                            s.walkthrough.expected);
        text += QStringLiteral("Admin API  %1/admin/scenario  (with Authorization: Bearer $IDEX_EMULATOR_ADMIN_TOKEN)\n"
                               "Service Fabric thumbprint (SHA-1)  %2\nArc key file  %3\n\n")
                    .arg(emulator.baseUrl().toString(), QString::fromLatin1(emulator.serviceFabricThumbprint()),
                        emulator.arcKeyFilePath());
        text += QStringLiteral("Export ONE block below in the shell that runs your SDK code:\n\n");
    }
    text += QStringLiteral(
        "# protocol: common\nexport IDEX_EMULATOR_URL=%1\nexport IDEX_EMULATOR_TENANT=%2\nexport "
        "IDEX_EMULATOR_ISSUER_V1=%3\n"
        "export IDEX_EMULATOR_ISSUER_V2=%4\nexport IDEX_EMULATOR_SCENARIO=%5\nexport IDEX_EMULATOR_ADMIN_TOKEN=%6\n")
                .arg(shellQuote(emulator.baseUrl().toString()), shellQuote(s.tenantId), shellQuote(emulator.issuerV1()),
                    shellQuote(emulator.issuerV2()), shellQuote(s.name),
                    shellQuote(QString::fromLatin1(emulator.adminToken())));
    text += QStringLiteral("export IDEX_EMULATOR_HTTPS_URL=%1\n").arg(shellQuote(emulator.httpsBaseUrl().toString()));
    // The CA file is the bundle these variables name: Node adds it to its roots, Python's requests and OpenSSL-based
    // clients use it instead of the system store (so for them only the emulator is trusted while it is exported).
    if (const QString ca = emulator.caCertificatePath(); !ca.isEmpty()) {
        for (const char *name :
            { "IDEX_EMULATOR_CA_CERT", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE" })
            text += QStringLiteral("export %1=%2\n").arg(QLatin1String(name), shellQuote(ca));
    }
    for (const QString &protocol : emulator::Emulator::protocols()) {
        text += QStringLiteral("# protocol: %1\n").arg(protocol);
        for (auto pair : emulator.environment(protocol)) {
            // SDKs accept only a TLS authority (azure-identity for Python raises on http): printed as the https base.
            if (pair.first == QLatin1String("AZURE_AUTHORITY_HOST"))
                pair.second = emulator.httpsBaseUrl().toString() + u'/';
            text += QStringLiteral("export %1=%2\n").arg(pair.first, shellQuote(pair.second));
        }
    }
    text += QStringLiteral("# ready\n");
    out(text);
    if (!printEnv)
        err(QStringLiteral("Serving; press Ctrl+C to stop.\n"));

    if (!parser.isSet(QStringLiteral("quiet"))) {
        QObject::connect(&emulator, &emulator::Emulator::requestServed, &emulator, [](const QString &line) {
            err(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) + line + u'\n');
        });
    }
    // A signal handler may only set a flag; the event loop polls it and shuts down in an orderly way.
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &emulator, [&emulator] {
        if (g_stopRequested) {
            emulator.stop();
            QCoreApplication::quit();
        }
    });
    poll.start();
    QCoreApplication::exec();
    if (!printEnv)
        err(QStringLiteral("Emulator stopped after %1 requests.\n").arg(emulator.requestCount()));
    return 0;
}

} // namespace idex::cli
