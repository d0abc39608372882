#include "retrypolicy.h"

#include <QLocale>

#include <cmath>

namespace idex {

using std::chrono::milliseconds;

RetryPolicy RetryPolicy::imds()
{
    RetryPolicy policy;
    policy.retryStatuses = { 404, 408, 429 };
    policy.retryServerErrors = true;
    policy.maxRetries = 3;
    policy.baseDelay = milliseconds(1000);
    policy.exponential = true;
    policy.goneMaxRetries = 7;
    policy.goneDelay = milliseconds(10000);
    return policy;
}

RetryPolicy RetryPolicy::standard()
{
    RetryPolicy policy;
    policy.retryStatuses = { 404, 408, 429, 500, 503, 504 };
    policy.maxRetries = 3;
    policy.baseDelay = milliseconds(1000);
    return policy;
}

RetryPolicy RetryPolicy::serviceFabric()
{
    RetryPolicy policy;
    policy.retryStatuses = { 429 };
    policy.retryServerErrors = true;
    policy.maxRetries = 5;
    policy.baseDelay = milliseconds(1000);
    policy.exponential = true;
    return policy;
}

RetryPolicy RetryPolicy::none()
{
    return RetryPolicy {};
}

std::optional<milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double seconds = trimmed.toDouble(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<milliseconds>(milliseconds(qint64(seconds * 1000)));
    // HTTP date (RFC 7231 IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return milliseconds(qMax<qint64>(0, now.msecsTo(when)));
}

std::optional<RetryDecision> RetryPolicy::decide(
    int retriesDone, const HttpResponse &response, const QDateTime &now) const
{
    if (!response.answered())
        return std::nullopt; // transport failures are explained, not retried: the answer will not change
    const int status = response.status;
    const bool gone = status == 410 && goneMaxRetries > 0;
    const bool transient
        = gone || retryStatuses.contains(status) || (retryServerErrors && status >= 500 && status < 600);
    if (!transient)
        return std::nullopt;
    const int limit = gone ? goneMaxRetries : maxRetries;
    if (retriesDone >= limit)
        return std::nullopt;

    RetryDecision decision;
    QString why;
    if (gone) {
        decision.delay = goneDelay;
        why = QStringLiteral("410 Gone: IMDS is updating and is back within 70 s");
    } else {
        decision.delay = exponential ? milliseconds(baseDelay.count() << qMin(retriesDone, 20)) : baseDelay;
        why = QStringLiteral("%1 is transient").arg(status);
        if (status == 429)
            why = QStringLiteral("429 Too Many Requests: throttled");
    }
    if (honourRetryAfter) {
        if (const auto after = parseRetryAfter(response.header("Retry-After"), now)) {
            decision.delay = qMin(*after, maxRetryAfter);
            why += QStringLiteral(", Retry-After %1").arg(describeDelay(decision.delay));
        }
    }
    decision.scaledDelay = milliseconds(qint64(std::llround(double(decision.delay.count()) * timeScale)));
    decision.reason = QStringLiteral("%1; retry %2 of %3 in %4")
                          .arg(why)
                          .arg(retriesDone + 1)
                          .arg(limit)
                          .arg(describeDelay(decision.delay));
    return decision;
}

QString describeDelay(milliseconds delay)
{
    const qint64 ms = delay.count();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace idex
