#include "retrypolicy.h"

#include <QLocale>

#include <cmath>

namespace idex {

using std::chrono::milliseconds;

namespace {

constexpr qsizetype kMaxValueLength = 64; // the longest legitimate form, an RFC 850 date, has 33 characters

/*! The header value as a note may quote it: printable ASCII only, and short (the server chose it). */
QString quoted(const QByteArray &value)
{
    QString text;
    for (const char c : value.left(32))
        text += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : u'?';
    if (value.size() > 32)
        text += QStringLiteral("...");
    return u'"' + text + u'"';
}

bool isDelaySeconds(const QByteArray &text)
{
    // RFC 9110 delay-seconds is 1*DIGIT; Graph adds a fraction ("2.128"). No sign, exponent, "nan" or "inf".
    const qsizetype dot = text.indexOf('.');
    for (qsizetype i = 0; i < text.size(); ++i)
        if (i != dot && (text[i] < '0' || text[i] > '9'))
            return false;
    return dot != 0 && dot != text.size() - 1;
}

std::optional<QDateTime> parseHttpDate(const QByteArray &text, const QDateTime &now)
{
    const QString s = QString::fromLatin1(text).simplified(); // asctime pads single-digit days with a space
    const QLocale c = QLocale::c();
    for (const QLatin1StringView format : { QLatin1StringView("ddd, dd MMM yyyy HH:mm:ss 'GMT'"), // IMF-fixdate
             QLatin1StringView("ddd MMM d HH:mm:ss yyyy") }) { // asctime
        QDateTime when = c.toDateTime(s, QString(format));
        if (when.isValid()) {
            when.setTimeSpec(Qt::UTC);
            return when;
        }
    }
    // RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT"): Qt reads "yy" as 19yy and would check the weekday against that
    // century, so the weekday is skipped; RFC 9110 puts a year more than 50 years ahead in the previous century.
    const qsizetype comma = s.indexOf(u',');
    if (comma < 0)
        return std::nullopt;
    QDateTime when = c.toDateTime(s.mid(comma + 1).trimmed(), QStringLiteral("dd-MMM-yy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    if (when.addYears(100) <= now.addYears(50))
        when = when.addYears(100);
    return when;
}

} // namespace

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

RetryAfter RetryPolicy::parseRetryAfter(const QByteArray &value, const QDateTime &now, milliseconds cap)
{
    RetryAfter result;
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return result;
    cap = qBound(milliseconds(0), cap, retryAfterCeiling);
    auto capped = [&](const QString &asked) {
        result.delay = cap;
        result.note
            = QStringLiteral("Retry-After %1 is longer than the cap: waiting %2").arg(asked, describeDelay(cap));
    };
    if (trimmed.size() > kMaxValueLength) {
        result.note = QStringLiteral("Retry-After %1 ignored: longer than any valid value").arg(quoted(trimmed));
        return result;
    }
    if (isDelaySeconds(trimmed)) {
        bool ok = false;
        const double seconds = trimmed.toDouble(&ok);
        // Compared as doubles before any conversion: 1e300 s (or 20 nines) converted to qint64 would be UB.
        if (!ok || !(seconds * 1000.0 <= double(cap.count())))
            capped(quoted(trimmed) + QStringLiteral(" s"));
        else
            result.delay = milliseconds(std::llround(seconds * 1000.0));
        return result;
    }
    if (const auto when = parseHttpDate(trimmed, now)) {
        const qint64 wait = now.msecsTo(*when); // both in QDateTime's range, so the difference fits in qint64
        if (wait > cap.count())
            capped(quoted(trimmed));
        else
            result.delay = milliseconds(qMax<qint64>(0, wait)); // a date in the past: retry now
        return result;
    }
    bool number = false;
    const double parsed = trimmed.toDouble(&number);
    result.note = number && parsed < 0
        ? QStringLiteral("Retry-After %1 ignored: a wait cannot be negative").arg(quoted(trimmed))
        : QStringLiteral("Retry-After %1 ignored: neither a number of seconds nor an HTTP date").arg(quoted(trimmed));
    return result;
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
        const RetryAfter after = parseRetryAfter(response.header("Retry-After"), now, maxRetryAfter);
        if (after.delay) {
            decision.delay = *after.delay;
            why += QStringLiteral(", Retry-After %1").arg(describeDelay(decision.delay));
        }
        if (!after.note.isEmpty())
            why += QStringLiteral(" (%1)").arg(after.note);
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
