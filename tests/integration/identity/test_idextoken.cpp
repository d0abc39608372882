// `idex token` as a user runs it: the real executable in a child process, the emulator started inside it.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

struct Run
{
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Run idex(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(IDEX_CLI_PATH), arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        return run;
    }
    run.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestIdexToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void printsTheRawToken()
    {
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator") });
        QCOMPARE(run.status, 0);
        const QByteArray token = run.out.trimmed();
        QCOMPARE(token.count('.'), 2);
        QVERIFY(token.startsWith("eyJ"));
        QVERIFY(run.err.isEmpty());
    }

    void jsonHasExpirySourceAndRedactedTranscript_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("requests");
        QTest::addRow("emulator") << QStringLiteral("emulator") << 1;
        QTest::addRow("appservice via --emulator") << QStringLiteral("appservice") << 1;
        QTest::addRow("arc via --emulator") << QStringLiteral("arc") << 2;
        QTest::addRow("servicefabric via --emulator") << QStringLiteral("servicefabric") << 1;
        QTest::addRow("workload via --emulator") << QStringLiteral("workload") << 1;
    }

    void jsonHasExpirySourceAndRedactedTranscript()
    {
        QFETCH(QString, source);
        QFETCH(int, requests);
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), source,
            QStringLiteral("--emulator"), QStringLiteral("--resource"),
            QStringLiteral("https://vault.azure.net/.default"), QStringLiteral("--json") });
        QCOMPARE(run.status, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("source")).toString(), source);
        QCOMPARE(json.value(QLatin1String("resource")).toString(), QStringLiteral("https://vault.azure.net"));
        QVERIFY(json.value(QLatin1String("expires_in")).toInteger() > 3600);
        QVERIFY(QDateTime::fromString(json.value(QLatin1String("expires_on")).toString(), Qt::ISODate).isValid());
        const QString token = json.value(QLatin1String("access_token")).toString();
        QVERIFY(token.startsWith(QLatin1String("eyJ")));
        const QJsonArray transcript = json.value(QLatin1String("transcript")).toArray();
        QCOMPARE(transcript.size(), requests);
        const QByteArray transcriptText = QJsonDocument(transcript).toJson();
        QVERIFY(!transcriptText.contains(token.toUtf8()));
        QVERIFY(transcriptText.contains("[JWT, "));
    }

    void failureExplainsAndExitsOne()
    {
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator"),
            QStringLiteral("--resource"), QStringLiteral("api://no-such-api") });
        QCOMPARE(run.status, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.contains("not known to Entra ID"));
        QVERIFY(run.err.contains("Fix:"));
    }

    void scenarioOptionPicksTheEmulatorScenario()
    {
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator"),
            QStringLiteral("--scenario"), QStringLiteral("identity-not-found") });
        QCOMPARE(run.status, 1);
        QVERIFY(run.err.contains("managed identity was not found"));
        const Run unknown = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator"),
            QStringLiteral("--scenario"), QStringLiteral("no-such-scenario") });
        QCOMPARE(unknown.status, 1);
        QVERIFY(unknown.err.contains("emulator did not start"));
    }

    void refusedIdentityExitsOne()
    {
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("arc"),
            QStringLiteral("--emulator"), QStringLiteral("--client-id"), QStringLiteral("abc") });
        QCOMPARE(run.status, 1);
        QVERIFY(run.err.contains("system-assigned"));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("no source") << QStringList { QStringLiteral("token") } << QByteArray("--source is required");
        QTest::addRow("unknown source") << QStringList { QStringLiteral("token"), QStringLiteral("--source"),
            QStringLiteral("vm") } << QByteArray("unknown source 'vm'");
        QTest::addRow("two identities") << QStringList { QStringLiteral("token"), QStringLiteral("--source"),
            QStringLiteral("imds"), QStringLiteral("--client-id"), QStringLiteral("a"), QStringLiteral("--object-id"),
            QStringLiteral("b") } << QByteArray("at most one");
        QTest::addRow("bad endpoint") << QStringList { QStringLiteral("token"), QStringLiteral("--source"),
            QStringLiteral("imds"), QStringLiteral("--endpoint"), QStringLiteral("not a url") }
                                      << QByteArray("not an absolute URL");
        QTest::addRow("bad timeout") << QStringList { QStringLiteral("token"), QStringLiteral("--source"),
            QStringLiteral("imds"), QStringLiteral("--timeout"), QStringLiteral("soon") }
                                     << QByteArray("--timeout");
        QTest::addRow("emulator cannot serve azcli") << QStringList { QStringLiteral("token"),
            QStringLiteral("--source"), QStringLiteral("azcli"), QStringLiteral("--emulator") }
                                                     << QByteArray("does not serve");
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = idex(arguments);
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    void pastedTokenFromStandardInput()
    {
        const Run issued = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("emulator") });
        QCOMPARE(issued.status, 0);
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("pasted"),
                                 QStringLiteral("--token"), QStringLiteral("-") },
            "Bearer " + issued.out);
        QCOMPARE(run.status, 0);
        QCOMPARE(run.out.trimmed(), issued.out.trimmed());
    }

    void helpListsTheSources()
    {
        const Run run = idex({ QStringLiteral("token"), QStringLiteral("--help") });
        QCOMPARE(run.status, 0);
        for (const char *name :
            { "emulator", "auto", "imds", "appservice2017", "servicefabric", "workload", "azcli", "pasted" })
            QVERIFY2(run.out.contains(name), name);
    }
};

QTEST_GUILESS_MAIN(TestIdexToken)
#include "test_idextoken.moc"
