#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace idex {

struct DecodedToken;

/*! Microsoft's validators allow this much clock difference (TokenValidationParameters.DefaultClockSkew). */
constexpr qint64 kClockSkewSeconds = 300;

/*! A token's iat/nbf/exp read for people. */
struct TokenTimes
{
    enum class State {
        Valid, ///< nbf <= now < exp
        NotYetValid, ///< now < nbf - skew
        NotYetValidSkew, ///< nbf - skew <= now < nbf: accepted only thanks to the skew allowance
        Expired, ///< exp + skew <= now
        ExpiredSkew, ///< exp <= now < exp + skew: accepted only thanks to the skew allowance
        NoExpiry, ///< no exp (IDX10225)
    };

    std::optional<QDateTime> issuedAt, notBefore, expiresAt; ///< UTC
    State state = State::NoExpiry;
    qint64 secondsLeft = 0; ///< exp - now (negative when expired)

    static TokenTimes of(const DecodedToken &token, const QDateTime &now);

    /*! exp - iat (or exp - nbf), when both are present. */
    std::optional<qint64> lifetimeSeconds() const;
    /*! "expires in 42 min", "expired 3 h ago", "not valid for another 10 min", "no expiry". */
    QString summary(const QDateTime &now) const;
    QString stateName() const;
};

/*! "42 min", "3 h 5 min", "2 d 4 h", "35 s": the two largest units. */
QString formatDuration(qint64 seconds);
/*! "in 42 min" / "3 h ago" / "now". */
QString relativeTime(const QDateTime &when, const QDateTime &now);
/*! "2024-05-01 14:03:12 UTC". */
QString formatUtc(const QDateTime &when);
/*! The same instant in the machine's time zone: "2024-05-01 16:03:12 CEST". */
QString formatLocal(const QDateTime &when);

} // namespace idex
