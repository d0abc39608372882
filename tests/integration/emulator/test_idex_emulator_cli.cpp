// `idex emulator` as a process: the machine-readable --print-env output, a real token from the printed
// environment, clean shutdown on SIGTERM and SIGINT, and clear errors for bad arguments.
#include "emulatortestsupport.h"

#include <QProcess>
#include <QTest>

#include <csignal>

using namespace idex;
using namespace idex::emulator::testing;

namespace {
QString idexPath()
{
    return QStringLiteral(IDEX_BINARY);
}

QHash<QString, QHash<QString, QString>> parseBlocks(const QByteArray &text)
{
    QHash<QString, QHash<QString, QString>> blocks;
    QString current;
    static const QRegularExpression assignment(QStringLiteral("^export ([A-Z_]+)='(.*)'$"));
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1String("# protocol: "))) {
            current = line.mid(12);
            blocks[current];
        } else if (const QRegularExpressionMatch m = assignment.match(line); m.hasMatch() && !current.isEmpty()) {
            blocks[current].insert(m.captured(1), m.captured(2));
        }
    }
    return blocks;
}
} // namespace

class TestIdexEmulatorCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void printEnvServesAndStopsOnSignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void printEnvServesAndStopsOnSignal()
    {
        QFETCH(int, signal);
        QProcess process;
        process.start(idexPath(), {QStringLiteral("emulator"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--print-env"),
                                   QStringLiteral("--quiet")});
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("# ready\n"), 30000);
        const auto blocks = parseBlocks(out);
        for (const QString &protocol : idex::emulator::Emulator::protocols())
            QVERIFY2(blocks.contains(protocol), qPrintable(protocol));
        const QString base = blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_URL"));
        QVERIFY(base.startsWith(QLatin1String("http://127.0.0.1:")));
        QCOMPARE(blocks.value(QStringLiteral("imds")).value(QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST")), base);
        QCOMPARE(blocks.value(QStringLiteral("servicefabric")).value(QStringLiteral("IDENTITY_SERVER_THUMBPRINT")).size(), 40);

        HttpClient client;
        const auto appService = blocks.value(QStringLiteral("appservice"));
        QUrl u(appService.value(QStringLiteral("IDENTITY_ENDPOINT")));
        u.setQuery(QStringLiteral("api-version=2019-08-01&resource=https://vault.azure.net"));
        const Answer a = send(client, "GET", u, {{"X-IDENTITY-HEADER", appService.value(QStringLiteral("IDENTITY_HEADER")).toUtf8()}});
        QCOMPARE(a.status, 200);
        const QString verdict = verifyViaDiscovery(client, a.json().value(QStringLiteral("access_token")).toString());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));

        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << 2 << "--port must be a port number";
        QTest::newRow("bad bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("not-an-ip")} << 2 << "--bind needs an IP address";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2 << "frobnicate";
        QTest::newRow("missing scenario file") << QStringList{QStringLiteral("--scenario"), QStringLiteral("/nonexistent/scenario.json")} << 1
                                               << "cannot read the scenario";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QProcess process;
        process.start(idexPath(), QStringList{QStringLiteral("emulator")} + args);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), exitCode);
        QVERIFY2(QString::fromUtf8(process.readAllStandardError()).contains(message), qPrintable(message));
    }

    void listsScenarios()
    {
        QProcess process;
        process.start(idexPath(), {QStringLiteral("emulator"), QStringLiteral("--list-scenarios")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        for (const QString &name : idex::emulator::builtInScenarioNames())
            QVERIFY2(out.contains(name), qPrintable(name));
    }
};

QTEST_GUILESS_MAIN(TestIdexEmulatorCli)
#include "test_idex_emulator_cli.moc"
