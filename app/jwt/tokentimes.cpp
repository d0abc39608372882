#include "tokentimes.h"

#include "decodedtoken.h"

#include <QTimeZone>

namespace idex {

TokenTimes TokenTimes::of(const DecodedToken &token, const QDateTime &now)
{
    TokenTimes times;
    times.issuedAt = token.claimTime(QStringLiteral("iat"));
    times.notBefore = token.claimTime(QStringLiteral("nbf"));
    times.expiresAt = token.claimTime(QStringLiteral("exp"));
    if (!times.expiresAt) {
        times.state = State::NoExpiry;
        return times;
    }
    times.secondsLeft = now.secsTo(*times.expiresAt);
    if (times.notBefore && now < *times.notBefore) {
        times.state = now.secsTo(*times.notBefore) > kClockSkewSeconds ? State::NotYetValid : State::NotYetValidSkew;
    } else if (times.secondsLeft <= 0) {
        times.state = -times.secondsLeft >= kClockSkewSeconds ? State::Expired : State::ExpiredSkew;
    } else {
        times.state = State::Valid;
    }
    return times;
}

std::optional<qint64> TokenTimes::lifetimeSeconds() const
{
    const std::optional<QDateTime> start = issuedAt ? issuedAt : notBefore;
    if (!start || !expiresAt)
        return std::nullopt;
    return start->secsTo(*expiresAt);
}

QString TokenTimes::summary(const QDateTime &now) const
{
    switch (state) {
    case State::NoExpiry: return QStringLiteral("no expiry (exp missing)");
    case State::NotYetValid:
    case State::NotYetValidSkew:
        return QStringLiteral("not valid for another %1").arg(formatDuration(now.secsTo(*notBefore)));
    case State::Expired:
    case State::ExpiredSkew: return QStringLiteral("expired %1 ago").arg(formatDuration(-secondsLeft));
    case State::Valid: return QStringLiteral("expires in %1").arg(formatDuration(secondsLeft));
    }
    return {};
}

QString TokenTimes::stateName() const
{
    switch (state) {
    case State::Valid: return QStringLiteral("valid");
    case State::NotYetValid: return QStringLiteral("not-yet-valid");
    case State::NotYetValidSkew: return QStringLiteral("not-yet-valid-within-skew");
    case State::Expired: return QStringLiteral("expired");
    case State::ExpiredSkew: return QStringLiteral("expired-within-skew");
    case State::NoExpiry: return QStringLiteral("no-expiry");
    }
    return {};
}

QString formatDuration(qint64 seconds)
{
    seconds = qAbs(seconds);
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    const qint64 secs = seconds % 60;
    if (days > 0)
        return hours ? QStringLiteral("%1 d %2 h").arg(days).arg(hours) : QStringLiteral("%1 d").arg(days);
    if (hours > 0)
        return minutes ? QStringLiteral("%1 h %2 min").arg(hours).arg(minutes) : QStringLiteral("%1 h").arg(hours);
    if (minutes > 0)
        return minutes < 10 && secs ? QStringLiteral("%1 min %2 s").arg(minutes).arg(secs)
                                    : QStringLiteral("%1 min").arg(minutes);
    return QStringLiteral("%1 s").arg(secs);
}

QString relativeTime(const QDateTime &when, const QDateTime &now)
{
    const qint64 delta = now.secsTo(when);
    if (delta == 0)
        return QStringLiteral("now");
    return delta > 0 ? QStringLiteral("in %1").arg(formatDuration(delta))
                     : QStringLiteral("%1 ago").arg(formatDuration(-delta));
}

QString formatUtc(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString formatLocal(const QDateTime &when)
{
    const QDateTime local = when.toLocalTime();
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + local.timeZoneAbbreviation();
}

} // namespace idex
