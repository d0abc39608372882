// idex: the command line face of Identity Explorer. Every behaviour lives in idex_core; this file only dispatches.
#include "appinfo.h"
#include "clicommand.h"
#include "console.h"

#include <QCoreApplication>
#include <QNetworkProxyFactory>

#include <iterator>

using namespace idex::cli;

namespace {

constexpr Command kCommands[] = {
    { "token", "Get a managed identity token from a source (emulator, imds, appservice, arc, ...)", runToken },
    { "decode", "Decode a token and explain every claim (offline)", runDecode },
    { "verify", "Verify a token's signature, lifetime, audience, issuer and roles", runVerify },
    { "call", "Call a protected API with a token and explain the answer", runCall },
    { "directory", "Read app registrations, roles, identities and assignments; export them", runDirectory },
    { "diagnose", "Say in plain words why a token is refused, and how to fix it", runDiagnose },
    { "scan", "Find every token in a log or capture (HAR, curl trace) and say what each is", runScan },
    { "emulator", "Run the local managed identity + Entra + Graph emulator", runEmulator },
    { "lesson", "Training lessons: list, show the steps, check them against the emulator", runLesson },
    { "report", "Write a redacted session report (HTML or Markdown) of a lesson run, for handouts and tickets",
        runReport },
};

QString usage()
{
    QString text = QStringLiteral("Usage: idex <command> [options]\n\n"
                                  "Managed identity tokens, claims, test calls and the directory behind them.\n\n"
                                  "Commands:\n");
    for (const Command &command : kCommands)
        text += QStringLiteral("  %1%2\n").arg(QLatin1String(command.name), -12).arg(QLatin1String(command.summary));
    text += QStringLiteral("\nGeneral options:\n"
                           "  -h, --help     Show this help, or `idex <command> --help` for a command's options\n"
                           "  -v, --version  Show the version\n");
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("idex"));
    QCoreApplication::setApplicationVersion(idex::productVersion());
    QNetworkProxyFactory::setUseSystemConfiguration(true);

    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        err(usage());
        return 2;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out(idex::versionLine(QStringLiteral("idex")) + u'\n');
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        out(usage());
        return 0;
    }
    for (const Command &command : kCommands) {
        if (first == QLatin1String(command.name)) {
            QStringList rest = args.mid(2);
            rest.prepend(QStringLiteral("idex ") + first);
            return command.run(rest);
        }
    }
    err(QStringLiteral("idex: unknown command '%1'\n\n").arg(first) + usage());
    return 2;
}
