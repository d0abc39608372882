// The SDKs' retry schedules as values: which answers are retried, how often, how long apart, Retry-After.
#include "net/retrypolicy.h"

#include <QTest>

using namespace idex;
using std::chrono::milliseconds;

namespace {
HttpResponse answer(int status, const QByteArray &retryAfter = {})
{
    HttpResponse response;
    response.status = status;
    if (!retryAfter.isEmpty())
        response.headers.append({ "Retry-After", retryAfter });
    return response;
}
} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void imdsRetriesTransientStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retried");
        for (int status : { 404, 408, 410, 429, 500, 502, 503, 504 })
            QTest::addRow("%d", status) << status << true;
        for (int status : { 200, 400, 401, 403 })
            QTest::addRow("%d", status) << status << false;
    }

    void imdsRetriesTransientStatuses()
    {
        QFETCH(int, status);
        QFETCH(bool, retried);
        QCOMPARE(RetryPolicy::imds().decide(0, answer(status)).has_value(), retried);
    }

    void imdsGoneWindowIsSeventySeconds()
    {
        const RetryPolicy policy = RetryPolicy::imds();
        milliseconds total { 0 };
        int retries = 0;
        while (const auto decision = policy.decide(retries, answer(410))) {
            QCOMPARE(decision->delay, milliseconds(10000));
            total += decision->delay;
            ++retries;
        }
        QCOMPARE(retries, 7);
        QCOMPARE(total, milliseconds(70000));
    }

    void imdsBackOffIsExponential()
    {
        const RetryPolicy policy = RetryPolicy::imds();
        QList<qint64> delays;
        int retries = 0;
        while (const auto decision = policy.decide(retries, answer(500))) {
            delays.append(decision->delay.count());
            ++retries;
        }
        QCOMPARE(delays, (QList<qint64> { 1000, 2000, 4000 }));
    }

    void timeScaleShrinksTheWaitNotTheSchedule()
    {
        const RetryPolicy policy = RetryPolicy::imds().scaled(0.001);
        const auto decision = policy.decide(0, answer(410));
        QVERIFY(decision);
        QCOMPARE(decision->delay, milliseconds(10000));
        QCOMPARE(decision->scaledDelay, milliseconds(10));
        QVERIFY2(decision->reason.contains(QLatin1String("retry 1 of 7 in 10 s")), qPrintable(decision->reason));
    }

    void retryAfterSecondsIsHonoured()
    {
        const auto decision = RetryPolicy::standard().decide(0, answer(429, "7"));
        QVERIFY(decision);
        QCOMPARE(decision->delay, milliseconds(7000));
        QVERIFY(decision->reason.contains(QLatin1String("Retry-After 7 s")));
    }

    void retryAfterHttpDateIsHonoured()
    {
        const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 57), Qt::UTC);
        const auto decision = RetryPolicy::standard().decide(0, answer(503, "Wed, 21 Oct 2015 07:28:00 GMT"), now);
        QVERIFY(decision);
        QCOMPARE(decision->delay, milliseconds(3000));
    }

    void retryAfterIsCapped()
    {
        const auto decision = RetryPolicy::standard().decide(0, answer(429, "86400"));
        QVERIFY(decision);
        QCOMPARE(decision->delay, RetryPolicy::standard().maxRetryAfter);
    }

    void unreadableRetryAfterFallsBackToSchedule()
    {
        QVERIFY(!RetryPolicy::parseRetryAfter("soon", QDateTime::currentDateTimeUtc()));
        QVERIFY(!RetryPolicy::parseRetryAfter("-3", QDateTime::currentDateTimeUtc()));
        const auto decision = RetryPolicy::standard().decide(0, answer(429, "soon"));
        QVERIFY(decision);
        QCOMPARE(decision->delay, milliseconds(1000));
    }

    // Retry-After comes from the server: whatever it says, the wait stays in [0, maxRetryAfter] and the conversion
    // to milliseconds never overflows (qint64(NaN) or qint64(1e300 * 1000) is undefined behaviour, and before the fix
    // gave a negative delay). Refused values fall back to the schedule (1 s) with a note in the reason.
    void retryAfterEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("delayMs");
        QTest::addColumn<QString>("reason"); // a part of the decision's reason
        QTest::addRow("integer") << QByteArray("7") << qint64(7000) << QStringLiteral("Retry-After 7 s");
        QTest::addRow("graph fractional") << QByteArray("2.128") << qint64(2128) << QStringLiteral("Retry-After 2.1 s");
        QTest::addRow("half") << QByteArray(" 0.5 ") << qint64(500) << QStringLiteral("Retry-After 500 ms");
        QTest::addRow("zero") << QByteArray("0") << qint64(0) << QStringLiteral("Retry-After 0 ms");
        QTest::addRow("nan") << QByteArray("nan") << qint64(1000) << QStringLiteral("\"nan\" ignored");
        QTest::addRow("NaN") << QByteArray("NaN") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("inf") << QByteArray("inf") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("-inf") << QByteArray("-inf") << qint64(1000) << QStringLiteral("negative");
        QTest::addRow("negative") << QByteArray("-3") << qint64(1000) << QStringLiteral("cannot be negative");
        QTest::addRow("1e300") << QByteArray("1e300") << qint64(1000) << QStringLiteral("neither a number");
        QTest::addRow("exponent") << QByteArray("1e3") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("hex") << QByteArray("0x10") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("plus") << QByteArray("+5") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("lone dot") << QByteArray("5.") << qint64(1000) << QStringLiteral("ignored");
        QTest::addRow("20 nines") << QByteArray("99999999999999999999") << qint64(120000)
                                  << QStringLiteral("longer than the cap: waiting 120 s");
        QTest::addRow("int max") << QByteArray("2147483647") << qint64(120000) << QStringLiteral("cap");
        QTest::addRow("60 digits") << QByteArray(60, '9') << qint64(120000) << QStringLiteral("cap");
        QTest::addRow("too long") << QByteArray(400, '9') << qint64(1000) << QStringLiteral("longer than any valid");
        QTest::addRow("control chars") << QByteArray("5\x01\x7f") << qint64(1000) << QStringLiteral("\"5??\"");
        QTest::addRow("imf-fixdate") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(3000)
                                     << QStringLiteral("Retry-After 3 s");
        QTest::addRow("rfc 850") << QByteArray("Wednesday, 21-Oct-15 07:28:00 GMT") << qint64(3000)
                                 << QStringLiteral("Retry-After 3 s");
        QTest::addRow("asctime") << QByteArray("Wed Oct 21 07:28:00 2015") << qint64(3000)
                                 << QStringLiteral("Retry-After 3 s");
        QTest::addRow("date in the past")
            << QByteArray("Tue, 20 Oct 2015 07:28:00 GMT") << qint64(0) << QStringLiteral("Retry-After 0 ms");
        QTest::addRow("year 9999") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << qint64(120000)
                                   << QStringLiteral("cap");
        QTest::addRow("bad date") << QByteArray("Wed, 32 Oct 2015 07:28:00 GMT") << qint64(1000)
                                  << QStringLiteral("nor an HTTP date");
    }

    void retryAfterEdgeCases()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, delayMs);
        QFETCH(QString, reason);
        const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 57), Qt::UTC);
        const auto decision = RetryPolicy::standard().decide(0, answer(429, value), now);
        QVERIFY(decision);
        QCOMPARE(decision->delay.count(), delayMs);
        QVERIFY2(decision->reason.contains(reason), qPrintable(decision->reason));
    }

    void retryAfterParserHonoursItsCap()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const RetryAfter unbounded = RetryPolicy::parseRetryAfter("99999999999999999999", now);
        QCOMPARE(*unbounded.delay, RetryPolicy::retryAfterCeiling); // one day, never years
        const RetryAfter small = RetryPolicy::parseRetryAfter("3", now, milliseconds(50));
        QCOMPARE(*small.delay, milliseconds(50));
        QVERIFY(small.note.contains(QLatin1String("cap")));
        QVERIFY(RetryPolicy::parseRetryAfter("", now).note.isEmpty()); // absent is not worth a note
        QVERIFY(!RetryPolicy::parseRetryAfter("", now));
    }

    void standardPolicyStopsAfterThree()
    {
        const RetryPolicy policy = RetryPolicy::standard();
        QVERIFY(policy.decide(2, answer(503)));
        QVERIFY(!policy.decide(3, answer(503)));
        QVERIFY(!policy.decide(0, answer(410))); // only IMDS knows 410
        QVERIFY(!policy.decide(0, answer(502))); // not in the App Service list
    }

    void serviceFabricDoesNotRetry404()
    {
        const RetryPolicy policy = RetryPolicy::serviceFabric();
        QVERIFY(!policy.decide(0, answer(404)));
        QList<qint64> delays;
        int retries = 0;
        while (const auto decision = policy.decide(retries, answer(429))) {
            delays.append(decision->delay.count());
            ++retries;
        }
        QCOMPARE(delays, (QList<qint64> { 1000, 2000, 4000, 8000, 16000 }));
    }

    void transportFailuresAreNotRetried()
    {
        HttpResponse refused;
        refused.failure = HttpFailure::ConnectionRefused;
        QVERIFY(!RetryPolicy::imds().decide(0, refused));
        QVERIFY(!RetryPolicy::none().decide(0, answer(500)));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "test_retrypolicy.moc"
