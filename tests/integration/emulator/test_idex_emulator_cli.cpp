// `idex emulator` as a process: the machine-readable --print-env output, a real token from the printed
// environment, the admin token (printed, chosen by scripts, used by `idex directory`), clean shutdown on SIGTERM and
// SIGINT, scenario file names that try to leave the work directory, and clear errors for bad arguments.
#include "emulatortestsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
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
QProcessEnvironment environmentWithAdminToken(const QString &token)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN"));
    if (!token.isEmpty())
        env.insert(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN"), token);
    return env;
}

/*! Starts `idex emulator --print-env --quiet ARGS` and returns its blocks once it is ready (empty on failure). */
QHash<QString, QHash<QString, QString>> startPrintingEnv(
    QProcess &process, const QStringList &args, const QProcessEnvironment &env)
{
    process.setProcessEnvironment(env);
    process.start(idexPath(),
        QStringList { QStringLiteral("emulator"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--print-env"), QStringLiteral("--quiet") }
            + args);
    if (!process.waitForStarted())
        return {};
    QByteArray out;
    const bool ready
        = QTest::qWaitFor([&] { return (out += process.readAllStandardOutput()).contains("# ready\n"); }, 30000);
    return ready ? parseBlocks(out) : QHash<QString, QHash<QString, QString>>();
}

void stop(QProcess &process)
{
    ::kill(pid_t(process.processId()), SIGTERM);
    process.waitForFinished(10000);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
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
        process.start(idexPath(),
            { QStringLiteral("emulator"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--print-env"),
                QStringLiteral("--quiet") });
        QVERIFY(process.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("# ready\n"), 30000);
        const auto blocks = parseBlocks(out);
        for (const QString &protocol : idex::emulator::Emulator::protocols())
            QVERIFY2(blocks.contains(protocol), qPrintable(protocol));
        const QString base = blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_URL"));
        QVERIFY(base.startsWith(QLatin1String("http://127.0.0.1:")));
        QCOMPARE(blocks.value(QStringLiteral("imds")).value(QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST")), base);
        QCOMPARE(
            blocks.value(QStringLiteral("servicefabric")).value(QStringLiteral("IDENTITY_SERVER_THUMBPRINT")).size(),
            40);

        HttpClient client;
        const auto appService = blocks.value(QStringLiteral("appservice"));
        QUrl u(appService.value(QStringLiteral("IDENTITY_ENDPOINT")));
        u.setQuery(QStringLiteral("api-version=2019-08-01&resource=https://vault.azure.net"));
        const Answer a = send(client, "GET", u,
            { { "X-IDENTITY-HEADER", appService.value(QStringLiteral("IDENTITY_HEADER")).toUtf8() } });
        QCOMPARE(a.status, 200);
        const QString verdict = verifyViaDiscovery(client, a.json().value(QStringLiteral("access_token")).toString());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));

        ::kill(pid_t(process.processId()), signal);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void printEnvGivesTheAdminToken()
    {
        QProcess process;
        const auto blocks = startPrintingEnv(process, {}, environmentWithAdminToken({}));
        QVERIFY(!blocks.isEmpty());
        const QString base = blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_URL"));
        const QByteArray token
            = blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN")).toLatin1();
        QCOMPARE(token.size(), 43);
        HttpClient client;
        QCOMPARE(send(client, "GET", QUrl(base + QStringLiteral("/admin/scenario"))).status, 401);
        QCOMPARE(send(client, "GET", QUrl(base + QStringLiteral("/admin/scenario")),
                     { { "Authorization", "Bearer " + token } })
                     .status,
            200);
        stop(process);

        QProcess second; // a fresh token per run
        const auto again = startPrintingEnv(second, {}, environmentWithAdminToken({}));
        QVERIFY(again.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN")).toLatin1()
            != token);
        stop(second);
    }

    void scriptsChooseTheAdminToken_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("environment") << "token-from-the-environment" << QStringList {} << "token-from-the-environment";
        QTest::newRow("option") << QString()
                                << QStringList { QStringLiteral("--admin-token"),
                                       QStringLiteral("token-from-the-option") }
                                << "token-from-the-option";
        QTest::newRow("option beats environment")
            << "token-from-the-environment"
            << QStringList { QStringLiteral("--admin-token"), QStringLiteral("token-from-the-option") }
            << "token-from-the-option";
    }
    void scriptsChooseTheAdminToken()
    {
        QFETCH(QString, environment);
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QProcess process;
        const auto blocks = startPrintingEnv(process, args, environmentWithAdminToken(environment));
        QVERIFY(!blocks.isEmpty());
        QCOMPARE(blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN")), expected);
        HttpClient client;
        const QString base = blocks.value(QStringLiteral("common")).value(QStringLiteral("IDEX_EMULATOR_URL"));
        QCOMPARE(send(client, "GET", QUrl(base + QStringLiteral("/admin/scenario")),
                     { { "Authorization", "Bearer " + expected.toLatin1() } })
                     .status,
            200);

        // idex directory reads that emulator's Graph with the token from the environment, and says what is missing
        // without it.
        QProcess directory;
        directory.setProcessEnvironment(environmentWithAdminToken(expected));
        directory.start(idexPath(),
            { QStringLiteral("directory"), QStringLiteral("--source"), QStringLiteral("emulator"),
                QStringLiteral("--endpoint"), base, QStringLiteral("--quiet") });
        QVERIFY(directory.waitForFinished(30000));
        QVERIFY2(directory.exitCode() == 0, directory.readAllStandardError().constData());
        directory.setProcessEnvironment(environmentWithAdminToken({}));
        directory.start(idexPath(),
            { QStringLiteral("directory"), QStringLiteral("--source"), QStringLiteral("emulator"),
                QStringLiteral("--endpoint"), base, QStringLiteral("--quiet") });
        QVERIFY(directory.waitForFinished(30000));
        QCOMPARE(directory.exitCode(), 1);
        const QString why = QString::fromUtf8(directory.readAllStandardError());
        QVERIFY2(why.contains(QLatin1String("HTTP 401")) && why.contains(QLatin1String("IDEX_EMULATOR_ADMIN_TOKEN")),
            qPrintable(why));
        stop(process);
    }

    void scenarioCannotWriteOutsideTheWorkDir()
    {
        QTemporaryDir dir;
        const QString victim = dir.filePath(QStringLiteral("victim"));
        QVERIFY(writeFile(victim, "precious"));
        const QString work = dir.filePath(QStringLiteral("a/b/c/d"));
        QVERIFY(QDir().mkpath(work));
        QFile seed(QStringLiteral(":/scenarios/seed.json"));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QJsonObject scenario = QJsonDocument::fromJson(seed.readAll()).object();
        scenario.insert(
            QStringLiteral("federatedTokenFileName"), QStringLiteral("../../../../victim")); // = victim, from work
        const QString file = dir.filePath(QStringLiteral("scenario.json"));
        QVERIFY(writeFile(file, QJsonDocument(scenario).toJson()));

        QProcess process;
        process.start(idexPath(),
            { QStringLiteral("emulator"), QStringLiteral("--scenario"), file, QStringLiteral("--work-dir"), work,
                QStringLiteral("--print-env") });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        const QString message = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(message.contains(file
                     + QStringLiteral(": federatedTokenFileName: \"../../../../victim\" must be a plain file name")),
            qPrintable(message));
        QCOMPARE(contentOf(victim), QByteArray("precious"));
        QVERIFY(QDir(work).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }

    void plantedSymlinkInTheWorkDirIsNotFollowed()
    {
        QTemporaryDir dir;
        const QString victim = dir.filePath(QStringLiteral("victim"));
        QVERIFY(writeFile(victim, "precious"));
        const QString work = dir.filePath(QStringLiteral("work"));
        QVERIFY(QDir().mkpath(work));
        QVERIFY(QFile::link(victim, work + QStringLiteral("/azure-identity-token")));
        QProcess process;
        process.start(idexPath(),
            { QStringLiteral("emulator"), QStringLiteral("--work-dir"), work, QStringLiteral("--print-env") });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        const QString message = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(message.contains(QLatin1String("symbolic link")), qPrintable(message));
        QCOMPARE(contentOf(victim), QByteArray("precious"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("port out of range")
            << QStringList { QStringLiteral("--port"), QStringLiteral("70000") } << 2 << "--port must be a port number";
        QTest::newRow("bad bind") << QStringList { QStringLiteral("--bind"), QStringLiteral("not-an-ip") } << 2
                                  << "--bind needs an IP address";
        QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate") } << 2 << "frobnicate";
        QTest::newRow("admin token too short") << QStringList { QStringLiteral("--admin-token"),
            QStringLiteral("short") } << 2 << "--admin-token is not usable: an admin token has 16 to 512 characters";
        QTest::newRow("missing scenario file")
            << QStringList { QStringLiteral("--scenario"), QStringLiteral("/nonexistent/scenario.json") } << 1
            << "cannot read the scenario";
        QTest::newRow("scenario and directory") << QStringList { QStringLiteral("--scenario"), QStringLiteral("seed"),
            QStringLiteral("--directory"), QStringLiteral("/nonexistent/tenant.json") }
                                                << 2 << "give --scenario or --directory, not both";
        QTest::newRow("missing directory snapshot")
            << QStringList { QStringLiteral("--directory"), QStringLiteral("/nonexistent/tenant.json") } << 1
            << "/nonexistent/tenant.json";
        QTest::newRow("tls-cert without tls-key")
            << QStringList { QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent/cert.pem") } << 1
            << "--tls-cert and --tls-key go together";
    }

    void printEnvNamesTheLocalCa()
    {
        QTemporaryDir work;
        QProcess process;
        const auto blocks
            = startPrintingEnv(process, { QStringLiteral("--work-dir"), work.path() }, environmentWithAdminToken({}));
        QVERIFY(!blocks.isEmpty());
        const auto common = blocks.value(QStringLiteral("common"));
        const QString ca = work.filePath(QStringLiteral("tls/ca.pem"));
        for (const char *name :
            { "IDEX_EMULATOR_CA_CERT", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE" })
            QCOMPARE(common.value(QLatin1String(name)), ca);
        QVERIFY(QSslCertificate::fromPath(ca).value(0).isSelfSigned());
        const QString https = common.value(QStringLiteral("IDEX_EMULATOR_HTTPS_URL"));
        QVERIFY2(https.startsWith(QLatin1String("https://127.0.0.1:")), qPrintable(https));
        QCOMPARE(blocks.value(QStringLiteral("workloadidentity")).value(QStringLiteral("AZURE_AUTHORITY_HOST")),
            https + u'/');
        stop(process);
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QProcess process;
        process.start(idexPath(), QStringList { QStringLiteral("emulator") } + args);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), exitCode);
        QVERIFY2(QString::fromUtf8(process.readAllStandardError()).contains(message), qPrintable(message));
    }

    void listsScenarios()
    {
        QProcess process;
        process.start(idexPath(), { QStringLiteral("emulator"), QStringLiteral("--list-scenarios") });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        for (const QString &name : idex::emulator::builtInScenarioNames())
            QVERIFY2(out.contains(name), qPrintable(name));
        // Each with its description and the outcome it is meant to show.
        idex::emulator::Scenario scenario;
        QString error;
        QVERIFY(idex::emulator::loadScenario(QStringLiteral("missing-assignment"), &scenario, &error));
        QVERIFY2(out.contains(QStringLiteral("missing-assignment\n    ") + scenario.description
                     + QStringLiteral("\n    Expected: GET /api/aad-func answers 403 Forbidden\n")),
            qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestIdexEmulatorCli)
#include "test_idex_emulator_cli.moc"
