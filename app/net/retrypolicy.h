#pragma once

#include "httptypes.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace idex {

/*! A Retry-After header value as read: the wait it asks for, bounded, and a note whenever the value was not used
    as sent (refused, or capped). */
struct RetryAfter
{
    std::optional<std::chrono::milliseconds> delay; ///< in [0, cap]; nullopt when absent or refused
    QString note; ///< "Retry-After \"nan\" ignored: ...", "Retry-After 1e+300 s capped at 120 s"; empty otherwise

    explicit operator bool() const { return delay.has_value(); }
};

/*! What to do after an answer: retry after a delay (and why), or stop. */
struct RetryDecision
{
    std::chrono::milliseconds delay { 0 }; ///< as the protocol prescribes (shown to the user)
    std::chrono::milliseconds scaledDelay { 0 }; ///< what the caller actually waits (delay x RetryPolicy::timeScale)
    QString reason; ///< "410 Gone: IMDS is updating (retry 2 of 7, 10 s apart)"
};

/*! The retry rules of the official SDKs as a value: which statuses are transient, how many retries, which back-off,
    whether Retry-After is honoured. Delays are multiplied by timeScale so tests can replay the 70 s IMDS 410 window
    in milliseconds while asserting the real schedule. */
struct RetryPolicy
{
    QList<int> retryStatuses; ///< in addition to every 5xx when retryServerErrors
    bool retryServerErrors = false;
    int maxRetries = 0;
    std::chrono::milliseconds baseDelay { 1000 };
    bool exponential = false; ///< baseDelay x 2^n, else fixed
    /*! IMDS answers 410 while it updates, for up to 70 s: retried on their own, slower schedule. */
    int goneMaxRetries = 0;
    std::chrono::milliseconds goneDelay { 10000 };
    bool honourRetryAfter = true;
    std::chrono::milliseconds maxRetryAfter { 120000 };
    double timeScale = 1.0;

    /*! NET/NODE ImdsRetryPolicy: 404, 408, 429, 5xx 3 retries at 1, 2, 4 s; 410 up to 7 retries 10 s apart. */
    static RetryPolicy imds();
    /*! NET/NODE DefaultRetryPolicy (App Service, Arc, Cloud Shell, ML, workload identity): 404, 408, 429, 500, 503,
        504; 3 retries; 1 s or Retry-After. */
    static RetryPolicy standard();
    /*! Service Fabric: 429 and 5xx retried after 1, 2, 4, 8, 16 s; 404 is final. */
    static RetryPolicy serviceFabric();
    static RetryPolicy none();

    RetryPolicy scaled(double scale) const
    {
        RetryPolicy copy = *this;
        copy.timeScale = scale;
        return copy;
    }

    /*! After \a retriesDone retries, the answer \a response arrived at \a now: retry or not. */
    std::optional<RetryDecision> decide(
        int retriesDone, const HttpResponse &response, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    /*! The longest wait any Retry-After can impose, whatever the caller's own cap: no answer makes us wait a day. */
    static constexpr std::chrono::milliseconds retryAfterCeiling { 24 * 3600 * 1000 };

    /*! Retry-After as delay-seconds (digits, and the fractional form Graph sends, "2.128") or an HTTP date (IMF-fixdate
        and the two obsolete forms RFC 9110 asks recipients to accept). Anything else (negative, NaN, inf, exponents,
        hex) is refused with a note; a wait longer than \a cap is capped, with a note. Never overflows. */
    static RetryAfter parseRetryAfter(
        const QByteArray &value, const QDateTime &now, std::chrono::milliseconds cap = retryAfterCeiling);
};

/*! "10 s", "1.5 s", "250 ms" */
QString describeDelay(std::chrono::milliseconds delay);

} // namespace idex
