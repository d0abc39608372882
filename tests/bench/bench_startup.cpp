// Cold start: how long `idex token --source emulator` takes from process start to its exit with the first token (the
// built-in emulator generates its keys first), beside `idex decode -` of that token as the peer: a process that
// starts, decodes and exits. Median of N runs each; wall time. Prints figures; asserts nothing about time.
//   bench_startup [--runs N] [--rows FILE]
#include "benchrow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>

#include <algorithm>

using namespace idex::bench;

namespace {

struct Run
{
    double ms = -1; ///< -1: the process failed
    QByteArray output;
};

Run timeProcess(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Nothing may send it to a real endpoint: the emulator source is built in, and these would only confuse "auto".
    for (const char *name : { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET" })
        environment.remove(QLatin1String(name));
    process.setProcessEnvironment(environment);
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(IDEX_BENCH_IDEX_BINARY), arguments);
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
    print(QStringLiteral("idex token --source emulator, cold process: median %1 ms (%2 runs, %3 to %4 ms)")
              .arg(tokenMedian, 0, 'f', 1)
              .arg(runs)
              .arg(*std::min_element(tokenMs.cbegin(), tokenMs.cend()), 0, 'f', 1)
              .arg(*std::max_element(tokenMs.cbegin(), tokenMs.cend()), 0, 'f', 1));
    print(QStringLiteral("idex decode -, cold process: median %1 ms (%2 runs, %3 to %4 ms)")
              .arg(decodeMedian, 0, 'f', 1)
              .arg(runs)
              .arg(*std::min_element(decodeMs.cbegin(), decodeMs.cend()), 0, 'f', 1)
              .arg(*std::max_element(decodeMs.cbegin(), decodeMs.cend()), 0, 'f', 1));
    appendRow(parser.value(QStringLiteral("rows")),
        Row { QStringLiteral("startup-token"),
            QStringLiteral("`idex token --source emulator`, cold process to the first token"), tokenMedian,
            QStringLiteral("ms"), QStringLiteral("`idex decode -` of that token, cold process"), decodeMedian,
            QStringLiteral("<= 300 ms"), tokenMedian <= 300 });
    return 0;
}
