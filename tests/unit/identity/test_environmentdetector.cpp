// Auto detection follows the SDKs' precedence and names the variables that decided; it never touches the network.
#include "identity/environmentdetector.h"

#include <QTest>

using namespace idex;

class TestEnvironmentDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void precedence_data()
    {
        QTest::addColumn<QStringList>("variables"); // NAME=value
        QTest::addColumn<bool>("himds");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("firstDecider");

        QTest::addRow("nothing: IMDS") << QStringList() << false << QStringLiteral("imds") << QString();
        QTest::addRow("pod identity host: IMDS")
            << QStringList { QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST=http://10.0.0.1") } << false
            << QStringLiteral("imds") << QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST=http://10.0.0.1");
        QTest::addRow("app service 2019")
            << QStringList { QStringLiteral("IDENTITY_ENDPOINT=http://127.0.0.1:41/msi/token"),
                   QStringLiteral("IDENTITY_HEADER=s3cr3t") }
            << false << QStringLiteral("appservice")
            << QStringLiteral("IDENTITY_ENDPOINT=http://127.0.0.1:41/msi/token");
        QTest::addRow("service fabric beats app service")
            << QStringList { QStringLiteral("IDENTITY_ENDPOINT=https://127.0.0.1:2377/x"),
                   QStringLiteral("IDENTITY_HEADER=h"), QStringLiteral("IDENTITY_SERVER_THUMBPRINT=ABCD") }
            << false << QStringLiteral("servicefabric") << QStringLiteral("IDENTITY_ENDPOINT=https://127.0.0.1:2377/x");
        QTest::addRow("workload identity first")
            << QStringList { QStringLiteral("AZURE_FEDERATED_TOKEN_FILE=/tmp/t"), QStringLiteral("AZURE_TENANT_ID=t"),
                   QStringLiteral("AZURE_CLIENT_ID=c"), QStringLiteral("IDENTITY_ENDPOINT=http://x"),
                   QStringLiteral("IDENTITY_HEADER=h") }
            << false << QStringLiteral("workload") << QStringLiteral("AZURE_FEDERATED_TOKEN_FILE=/tmp/t");
        QTest::addRow("workload needs all three")
            << QStringList { QStringLiteral("AZURE_FEDERATED_TOKEN_FILE=/tmp/t"), QStringLiteral("AZURE_TENANT_ID=t") }
            << false << QStringLiteral("imds") << QString();
        QTest::addRow("azure ml") << QStringList { QStringLiteral("MSI_ENDPOINT=http://x"),
            QStringLiteral("MSI_SECRET=s"), QStringLiteral("DEFAULT_IDENTITY_CLIENT_ID=c") }
                                  << false << QStringLiteral("azureml") << QStringLiteral("MSI_ENDPOINT=http://x");
        QTest::addRow("app service 2017")
            << QStringList { QStringLiteral("MSI_ENDPOINT=http://x"), QStringLiteral("MSI_SECRET=s") } << false
            << QStringLiteral("appservice2017") << QStringLiteral("MSI_ENDPOINT=http://x");
        QTest::addRow("cloud shell") << QStringList { QStringLiteral(
            "MSI_ENDPOINT=http://localhost:50342/oauth2/token") }
                                     << false << QStringLiteral("cloudshell")
                                     << QStringLiteral("MSI_ENDPOINT=http://localhost:50342/oauth2/token");
        QTest::addRow("arc by variables")
            << QStringList { QStringLiteral("IDENTITY_ENDPOINT=http://localhost:40342/metadata/identity/oauth2/token"),
                   QStringLiteral("IMDS_ENDPOINT=http://localhost:40342") }
            << false << QStringLiteral("arc")
            << QStringLiteral("IDENTITY_ENDPOINT=http://localhost:40342/metadata/identity/oauth2/token");
        QTest::addRow("arc by agent file") << QStringList() << true << QStringLiteral("arc")
                                           << QStringLiteral("/opt/azcmagent/bin/himds (file exists)");
        QTest::addRow("identity endpoint alone: IMDS") << QStringList { QStringLiteral("IDENTITY_ENDPOINT=http://x") }
                                                       << false << QStringLiteral("imds") << QString();
    }

    void precedence()
    {
        QFETCH(QStringList, variables);
        QFETCH(bool, himds);
        QFETCH(QString, source);
        QFETCH(QString, firstDecider);
        QProcessEnvironment environment;
        for (const QString &variable : variables)
            environment.insert(variable.section(u'=', 0, 0), variable.section(u'=', 1));
        QStringList asked;
        const auto detection = detectEnvironment(environment, [&](const QString &path) {
            asked.append(path);
            return himds;
        });
        QCOMPARE(detection.sourceId, source);
        QCOMPARE(detection.decidingVariables.value(0), firstDecider);
        QVERIFY(!detection.reason.isEmpty());
        QCOMPARE(detection.fellBackToImds, source == QLatin1String("imds"));
    }

    void secretsAreNotShown()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("IDENTITY_ENDPOINT"), QStringLiteral("http://127.0.0.1:1/msi/token"));
        environment.insert(QStringLiteral("IDENTITY_HEADER"), QStringLiteral("TOPSECRETVALUE"));
        const auto detection = detectEnvironment(environment, [](const QString &) { return false; });
        QVERIFY(!detection.decidingVariables.join(u' ').contains(QLatin1String("TOPSECRETVALUE")));
        QVERIFY(!detection.reason.contains(QLatin1String("TOPSECRETVALUE")));
        QVERIFY(detection.decidingVariables.join(u' ').contains(QLatin1String("IDENTITY_HEADER (set")));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentDetector)
#include "test_environmentdetector.moc"
