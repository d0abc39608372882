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
