// Cold start: how long `idex token --source emulator` takes from process start to its exit with the first token (the
// built-in emulator generates its keys first), beside `idex decode -` of that token as the peer: a process that
// starts, decodes and exits. Then the GUI: from starting gui_first_token (identity-explorer's ApplicationWindow, Get
// token pressed the moment its emulator runs) to the token in its session, beside the same process showing its
// window. Median of N runs each; wall time. Prints figures; asserts nothing about time.
//   bench_startup [--runs N] [--rows FILE]
#include "benchrow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <algorithm>
#include <utility>

using namespace idex::bench;

namespace {

struct Run
{
    double ms = -1; ///< -1: the process failed
    QByteArray output;
};

void startClean(QProcess &process, const QString &program, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Nothing may send it to a real endpoint: the emulator source is built in, and these would only confuse "auto".
    for (const char *name : { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET" })
        environment.remove(QLatin1String(name));
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
}

Run timeProcess(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    startClean(process, QStringLiteral(IDEX_BENCH_IDEX_BINARY), arguments);
    if (!input.isEmpty() && process.waitForStarted(10000)) {
        process.write(input);
        process.closeWriteChannel();
    }
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    Run run;
    run.output = process.readAllStandardOutput();
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        run.ms = double(clock.nsecsElapsed()) / 1e6;
    return run;
}

/*! The GUI child: milliseconds from its start to the lines "window" and "token" on its output, as they arrive
    (its exit, after the window is torn down, is not waited for in the figure); {-1, -1} when it failed. */
std::pair<double, double> timeGui()
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    startClean(process, QStringLiteral(IDEX_BENCH_GUI_BINARY), {});
    double window = -1, token = -1;
    QByteArray output;
    while (token < 0 && clock.elapsed() < 30000 && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        output += process.readAllStandardOutput();
        const double now = double(clock.nsecsElapsed()) / 1e6;
        if (window < 0 && output.contains("window "))
            window = now;
        if (output.contains("token "))
            token = now;
    }
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        return { -1, -1 };
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return { -1, -1 };
    return { window, token };
}

QString spread(const QList<double> &values)
{
    return QStringLiteral("%1 to %2 ms")
        .arg(*std::min_element(values.cbegin(), values.cend()), 0, 'f', 1)
        .arg(*std::max_element(values.cbegin(), values.cend()), 0, 'f', 1);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions(
        { { QStringLiteral("runs"), QStringLiteral("Runs of each command."), QStringLiteral("N"), QStringLiteral("7") },
            { QStringLiteral("rows"), QStringLiteral("Append the table rows (JSON lines) to FILE."),
                QStringLiteral("FILE") } });
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    QList<double> tokenMs, decodeMs;
    QByteArray token;
    for (int i = 0; i < runs; ++i) {
        const Run run
            = timeProcess({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator") });
        if (run.ms < 0 || run.output.trimmed().count('.') != 2) {
            print(QStringLiteral("idex token --source emulator failed"));
            return 1;
        }
        tokenMs << run.ms;
        token = run.output.trimmed(); // the token itself is never printed
    }
    for (int i = 0; i < runs; ++i) {
        const Run run = timeProcess({ QStringLiteral("decode"), QStringLiteral("-") }, token + '\n');
        if (run.ms < 0) {
            print(QStringLiteral("idex decode - failed"));
            return 1;
        }
        decodeMs << run.ms;
    }
    const double tokenMedian = median(tokenMs), decodeMedian = median(decodeMs);
    print(QStringLiteral("idex token --source emulator, cold process: median %1 ms (%2 runs, %3)")
              .arg(tokenMedian, 0, 'f', 1)
              .arg(runs)
              .arg(spread(tokenMs)));
    print(QStringLiteral("idex decode -, cold process: median %1 ms (%2 runs, %3)")
              .arg(decodeMedian, 0, 'f', 1)
              .arg(runs)
              .arg(spread(decodeMs)));
    appendRow(parser.value(QStringLiteral("rows")),
        Row { QStringLiteral("startup-token"),
            QStringLiteral("`idex token --source emulator`, cold process to the first token"), tokenMedian,
            QStringLiteral("ms"), QStringLiteral("`idex decode -` of that token, cold process"), decodeMedian,
            QStringLiteral("<= 300 ms"), tokenMedian <= 300 });

    QList<double> guiWindowMs, guiTokenMs;
    for (int i = 0; i < runs; ++i) {
        const auto [window, token] = timeGui();
        if (token < 0) {
            print(QStringLiteral("the GUI (gui_first_token) got no token"));
            return 1;
        }
        guiWindowMs << window;
        guiTokenMs << token;
    }
    const double guiWindow = median(guiWindowMs), guiToken = median(guiTokenMs);
    print(QStringLiteral("GUI, cold process to the window shown: median %1 ms (%2 runs, %3); to the first token "
                         "(Get token pressed as the emulator starts): median %4 ms (%5)")
              .arg(guiWindow, 0, 'f', 1)
              .arg(runs)
              .arg(spread(guiWindowMs))
              .arg(guiToken, 0, 'f', 1)
              .arg(spread(guiTokenMs)));
    appendRow(parser.value(QStringLiteral("rows")),
        Row { QStringLiteral("startup-gui"),
            QStringLiteral("GUI (identity-explorer's window, offscreen), cold process to the first token"), guiToken,
            QStringLiteral("ms"), QStringLiteral("the same process showing its window"), guiWindow,
            QStringLiteral("<= 300 ms"), guiToken <= 300 });
    return 0;
}
