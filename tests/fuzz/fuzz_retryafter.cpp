// libFuzzer target for Retry-After, which any server (or throttling proxy) chooses: RetryPolicy::parseRetryAfter
// (delay-seconds, Graph's fractional seconds, the three HTTP-date forms) and the retry decision built on it.
// Invariants: the wait is never negative and never longer than the cap, whatever the value (UBSan catches a
// float-to-integer overflow in the conversion); a refused value says why.
#include "fuzzsupport.h"
#include "net/retrypolicy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    using std::chrono::milliseconds;
    const QByteArray value = fuzz::bytesOf(data, size);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1764158400, Qt::UTC);

    for (const milliseconds cap : { milliseconds(0), milliseconds(120000), RetryPolicy::retryAfterCeiling }) {
        const RetryAfter after = RetryPolicy::parseRetryAfter(value, now, cap);
        if (after.delay) {
            fuzz::require(after.delay->count() >= 0, "a negative Retry-After wait");
            fuzz::require(*after.delay <= cap, "a Retry-After wait above the cap");
        } else {
            fuzz::require(value.trimmed().isEmpty() || !after.note.isEmpty(), "a refused Retry-After without a note");
        }
    }

    HttpResponse response;
    response.status = 429;
    response.headers = { { "Retry-After", value } };
    for (const RetryPolicy &policy : { RetryPolicy::standard(), RetryPolicy::imds(), RetryPolicy::serviceFabric() }) {
        const auto decision = policy.decide(0, response, now);
        fuzz::require(decision.has_value(), "429 is always retried once");
        fuzz::require(decision->delay.count() >= 0 && decision->delay <= qMax(policy.maxRetryAfter, policy.baseDelay),
            "a retry delay outside [0, cap]");
        fuzz::require(decision->scaledDelay.count() >= 0, "a negative scaled delay");
    }
    return 0;
}
