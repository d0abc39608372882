// `idex emulator --directory FILE` on a large tenant (issue #15): generate a tenant, write its snapshot, then time
// each step of serving it (read the snapshot, build the scenario, start the emulator, first token). Prints figures
// (wall and process CPU seconds); asserts nothing about time. Usage: bench_directory_emulator [--objects N]
#include "benchrow.h"
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "emulator/directoryscenario.h"
#include "emulator/emulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

using namespace idex;

namespace {

double processCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Timer
{
    double wall = bench::wallSeconds(), cpu = processCpuSeconds();
    QString figures() const
    {
        return QStringLiteral("%1 s wall, %2 s CPU")
            .arg(bench::wallSeconds() - wall, 0, 'f', 2)
            .arg(processCpuSeconds() - cpu, 0, 'f', 2);
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(
        { QStringLiteral("objects"), QStringLiteral("Tenant size."), QStringLiteral("N"), QStringLiteral("100000") });
    // run-bench.sh passes --rows to every benchmark; these figures are printed, not tabled.
    parser.addOption({ QStringLiteral("rows"), QStringLiteral("Ignored."), QStringLiteral("FILE") });
    parser.process(app);
    const int objects = parser.value(QStringLiteral("objects")).toInt();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("tenant.json"));
    QString error;
    {
        Timer t;
        const Directory generated = generateTenant({ .objects = objects });
        if (!snapshot::writeFile(file, generated, &error)) {
            bench::print(QStringLiteral("FAIL: %1").arg(error));
            return 1;
        }
        bench::print(QStringLiteral("generate + write a %1-object snapshot (%2 MB): %3")
                         .arg(objects)
                         .arg(QFileInfo(file).size() / 1e6, 0, 'f', 0)
                         .arg(t.figures()));
    }
    Directory directory;
    {
        Timer t;
        if (!snapshot::readFile(file, directory, &error)) {
            bench::print(QStringLiteral("FAIL: %1").arg(error));
            return 1;
        }
        bench::print(QStringLiteral("read the snapshot: %1").arg(t.figures()));
    }
    {
        Timer t;
        emulator::Scenario scenario;
        if (!emulator::scenarioFromDirectory(directory, QStringLiteral("tenant.json"), &scenario, &error)) {
            bench::print(QStringLiteral("FAIL: %1").arg(error));
            return 1;
        }
        bench::print(QStringLiteral("build the scenario (%1 identities, %2 assignments, %3 functions): %4")
                         .arg(scenario.identities.size())
                         .arg(scenario.appRoleAssignments.size())
                         .arg(scenario.functions.size())
                         .arg(t.figures()));
    }
    QString keysError;
    const emulator::EmulatorKeys keys = emulator::Emulator::generateKeys(&keysError);
    emulator::Emulator e;
    {
        Timer t;
        emulator::EmulatorOptions options;
        options.directory = file;
        options.workDir = dir.filePath(QStringLiteral("work"));
        if (!e.start(options, keys, &error)) {
            bench::print(QStringLiteral("FAIL: %1").arg(error));
            return 1;
        }
        bench::print(QStringLiteral("Emulator::start with --directory (read + build + listen, keys ready): %1")
                         .arg(t.figures()));
    }
    {
        Timer t;
        const auto &w = e.scenario().walkthrough;
        const QString token = e.issueToken(w.identity, w.resource, &error);
        bench::print(QStringLiteral("first token (%1 for %2): %3%4")
                         .arg(w.identity, w.resource, t.figures(),
                             token.isEmpty() ? QStringLiteral(" FAILED: ") + error : QString()));
        if (token.isEmpty())
            return 1;
    }
    return 0;
}
