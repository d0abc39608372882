// Figures, not assertions on time: how long a token round trip to the emulator takes per protocol, and how fast
// token responses are parsed. Run: bench_tokensources (prints QBENCHMARK results).
#include "emulator/emulator.h"
#include "identity/sourcecatalog.h"
#include "identity/tokenresponse.h"
#include "identity/tokensource.h"
#include "net/httpclient.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTest>

using namespace idex;

class BenchTokenSources : public QObject
{
    Q_OBJECT
private:
    emulator::Emulator m_emulator;
    HttpClient m_http;

    bool roundTrip(const QString &sourceId)
    {
        SourceConfig config;
        config.environment = environmentFrom(m_emulator.environment(emulatorProtocol(sourceId)));
        if (sourceId == QLatin1String("emulator"))
            config.endpoint = m_emulator.baseUrl();
        config.arcKeyDirectory = QFileInfo(m_emulator.arcKeyFilePath()).absolutePath();
        std::unique_ptr<TokenSource> source(createSource(sourceId, m_http, config));
        bool ok = false;
        QEventLoop loop;
        connect(source.get(), &TokenSource::succeeded, &loop, [&] {
            ok = true;
            loop.quit();
        });
        connect(source.get(), &TokenSource::failed, &loop, [&] { loop.quit(); });
        source->start(TokenRequest { QStringLiteral("https://management.azure.com/"), {} });
        loop.exec();
        return ok;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
    }

    void tokenRoundTrip_data()
    {
        QTest::addColumn<QString>("source");
        for (const char *id :
            { "emulator", "appservice", "appservice2017", "azureml", "arc", "cloudshell", "servicefabric", "workload" })
            QTest::addRow("%s", id) << QString::fromLatin1(id);
    }

    void tokenRoundTrip()
    {
        QFETCH(QString, source);
        QVERIFY(roundTrip(source)); // warm-up, and a failure would make the figure meaningless
        QBENCHMARK
        {
            QVERIFY(roundTrip(source));
        }
    }

    void parseTokenResponse()
    {
        const QByteArray body
            = "{\"access_token\":\"eyJ0eXAi.eyJhdWQi.c2ln\",\"refresh_token\":\"\",\"expires_in\":\"3599\","
              "\"expires_on\":\"1506484173\",\"not_before\":\"1506480273\",\"resource\":"
              "\"https://management.azure.com/\",\"token_type\":\"Bearer\"}";
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QBENCHMARK
        {
            QVERIFY(idex::parseTokenResponse(body, now).has_value());
        }
    }

    void parseAppService2017Date()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QBENCHMARK
        {
            QVERIFY(parseExpiresOn(QStringLiteral("1/16/2020 5:24:12 AM +00:00"), now).has_value());
        }
    }
};

QTEST_GUILESS_MAIN(BenchTokenSources)
#include "bench_tokensources.moc"
