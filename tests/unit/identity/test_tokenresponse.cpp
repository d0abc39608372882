// Every expires_on / expires_in form the endpoints send, and the token response shapes of each protocol.
#include "identity/tokenresponse.h"

#include <QJsonValue>
#include <QTest>

using namespace idex;

class TestTokenResponse : public QObject
{
    Q_OBJECT
private:
    const QDateTime m_now = QDateTime(QDate(2026, 11, 26), QTime(12, 0, 0), Qt::UTC);

private Q_SLOTS:
    void expiresOn_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime epoch1506484173 = QDateTime::fromSecsSinceEpoch(1506484173, Qt::UTC);
        QTest::addRow("epoch number") << QJsonValue(1506484173.0) << epoch1506484173;
        QTest::addRow("epoch numeric string (IMDS)") << QJsonValue(QStringLiteral("1506484173")) << epoch1506484173;
        QTest::addRow("numeric string with spaces") << QJsonValue(QStringLiteral(" 1506484173 ")) << epoch1506484173;
        QTest::addRow("2017 Windows form") << QJsonValue(QStringLiteral("1/16/2020 5:24:12 AM +00:00"))
                                           << QDateTime(QDate(2020, 1, 16), QTime(5, 24, 12), Qt::UTC);
        QTest::addRow("2017 Windows PM") << QJsonValue(QStringLiteral("11/3/2021 12:05:00 PM +00:00"))
                                         << QDateTime(QDate(2021, 11, 3), QTime(12, 5, 0), Qt::UTC);
        QTest::addRow("2017 Windows 12 AM") << QJsonValue(QStringLiteral("11/3/2021 12:05:00 AM +00:00"))
                                            << QDateTime(QDate(2021, 11, 3), QTime(0, 5, 0), Qt::UTC);
        QTest::addRow("2017 Linux form") << QJsonValue(QStringLiteral("06/20/2019 02:57:58 +00:00"))
                                         << QDateTime(QDate(2019, 6, 20), QTime(2, 57, 58), Qt::UTC);
        QTest::addRow("2017 with +02:00 offset") << QJsonValue(QStringLiteral("06/20/2019 04:57:58 +02:00"))
                                                 << QDateTime(QDate(2019, 6, 20), QTime(2, 57, 58), Qt::UTC);
        QTest::addRow("2017 without offset") << QJsonValue(QStringLiteral("06/20/2019 02:57:58"))
                                             << QDateTime(QDate(2019, 6, 20), QTime(2, 57, 58), Qt::UTC);
        QTest::addRow("ISO 8601 Z") << QJsonValue(QStringLiteral("2026-11-26T13:00:00Z"))
                                    << QDateTime(QDate(2026, 11, 26), QTime(13, 0, 0), Qt::UTC);
        QTest::addRow("ISO 8601 offset and ms") << QJsonValue(QStringLiteral("2026-11-26T14:00:00.250+01:00"))
                                                << QDateTime(QDate(2026, 11, 26), QTime(13, 0, 0, 250), Qt::UTC);
        QTest::addRow("ISO 8601 no zone is UTC") << QJsonValue(QStringLiteral("2026-11-26T13:00:00"))
                                                 << QDateTime(QDate(2026, 11, 26), QTime(13, 0, 0), Qt::UTC);
        QTest::addRow("small number is relative") << QJsonValue(3599.0) << m_now.addSecs(3599);
        QTest::addRow("garbage") << QJsonValue(QStringLiteral("tomorrow-ish")) << QDateTime();
        QTest::addRow("month 13") << QJsonValue(QStringLiteral("13/20/2019 02:57:58 +00:00")) << QDateTime();
        QTest::addRow("hour 13 PM") << QJsonValue(QStringLiteral("1/16/2020 13:24:12 PM +00:00")) << QDateTime();
        QTest::addRow("negative") << QJsonValue(-5.0) << QDateTime();
        QTest::addRow("null") << QJsonValue() << QDateTime();
        QTest::addRow("bool") << QJsonValue(true) << QDateTime();
    }

    void expiresOn()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QDateTime, expected);
        const auto parsed = parseExpiresOn(value, m_now);
        QCOMPARE(parsed.has_value(), expected.isValid());
        if (parsed) {
            QCOMPARE(parsed->toUTC(), expected);
            QCOMPARE(parsed->timeSpec(), Qt::UTC);
        }
    }

    void expiresIn_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<qint64>("seconds"); // -1: unreadable
        QTest::addRow("number (workload identity)") << QJsonValue(3599.0) << qint64(3599);
        QTest::addRow("string (IMDS)") << QJsonValue(QStringLiteral("86399")) << qint64(86399);
        QTest::addRow("zero") << QJsonValue(0.0) << qint64(0);
        QTest::addRow("text") << QJsonValue(QStringLiteral("soon")) << qint64(-1);
        QTest::addRow("negative") << QJsonValue(-1.0) << qint64(-1);
        QTest::addRow("absent") << QJsonValue(QJsonValue::Undefined) << qint64(-1);
    }

    void expiresIn()
    {
        QFETCH(QJsonValue, value);
        QFETCH(qint64, seconds);
        const auto parsed = parseExpiresIn(value, m_now);
        QCOMPARE(parsed.has_value(), seconds >= 0);
        if (parsed)
            QCOMPARE(*parsed, m_now.addSecs(seconds));
    }

    void responses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QDateTime>("expiresOn");
        QTest::addColumn<QString>("clientId");
        QTest::addRow("IMDS (all strings)")
            << QByteArray("{\"access_token\":\"eyJ0eXAi.a.b\",\"refresh_token\":\"\",\"expires_in\":\"3599\","
                          "\"expires_on\":\"1506484173\",\"not_before\":\"1506480273\",\"resource\":"
                          "\"https://management.azure.com/\",\"token_type\":\"Bearer\"}")
            << true << QDateTime::fromSecsSinceEpoch(1506484173, Qt::UTC) << QString();
        QTest::addRow("App Service 2019")
            << QByteArray("{\"access_token\":\"eyJ0eXAi.a.b\",\"expires_on\":\"1586984735\",\"resource\":"
                          "\"https://vault.azure.net\",\"token_type\":\"Bearer\",\"client_id\":"
                          "\"5E29463D-71DA-4FE0-8E69-999B57DB23B0\"}")
            << true << QDateTime::fromSecsSinceEpoch(1586984735, Qt::UTC)
            << QStringLiteral("5E29463D-71DA-4FE0-8E69-999B57DB23B0");
        QTest::addRow("Service Fabric (number)")
            << QByteArray("{\"token_type\":\"Bearer\",\"access_token\":\"eyJ0eXAiO.a.b\",\"expires_on\":1565244611,"
                          "\"resource\":\"https://vault.azure.net/\"}")
            << true << QDateTime::fromSecsSinceEpoch(1565244611, Qt::UTC) << QString();
        QTest::addRow("workload identity (expires_in only)")
            << QByteArray("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"x.y.z\"}") << true
            << m_now.addSecs(3599) << QString();
        QTest::addRow("2017 date") << QByteArray(
            "{\"access_token\":\"x.y.z\",\"expires_on\":\"06/20/2019 02:57:58 +00:00\"}")
                                   << true << QDateTime(QDate(2019, 6, 20), QTime(2, 57, 58), Qt::UTC) << QString();
        QTest::addRow("no expiry") << QByteArray("{\"access_token\":\"x.y.z\"}") << true << QDateTime() << QString();
        QTest::addRow("no access_token") << QByteArray("{\"expires_in\":3599}") << false << QDateTime() << QString();
        QTest::addRow("not JSON") << QByteArray("<html>hello</html>") << false << QDateTime() << QString();
        QTest::addRow("empty") << QByteArray() << false << QDateTime() << QString();
        QTest::addRow("array") << QByteArray("[1,2]") << false << QDateTime() << QString();
    }

    void responses()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QDateTime, expiresOn);
        QFETCH(QString, clientId);
        QString error;
        const auto parsed = parseTokenResponse(body, m_now, &error);
        QCOMPARE(parsed.has_value(), ok);
        if (!ok) {
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY(!parsed->accessToken.isEmpty());
        QCOMPARE(parsed->expiresOn, expiresOn);
        QCOMPARE(parsed->clientId, clientId);
        QCOMPARE(parsed->tokenType, QStringLiteral("Bearer"));
    }
};

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "test_tokenresponse.moc"
