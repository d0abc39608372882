#pragma once
// Evaluating a lesson step's checks against the session's evidence: pure, no I/O. Each check passes, or says
// "not yet" with what the session shows instead, in words a room can read.

#include "identity/tokenfailure.h"
#include "lesson.h"
#include "session/tokenfreshness.h"

#include <optional>

namespace idex {
class Session;
}
namespace idex::emulator {
class Emulator;
}

namespace idex::lessons {

/*! What the engine knows beyond the session: the latest token request's failure, the freshness of the latest
    token, and the live emulator (for placeholders). */
struct CheckEvidence
{
    const Session *session = nullptr;
    const emulator::Emulator *emulator = nullptr;
    std::optional<TokenFailure> tokenFailure; ///< the latest token request failed (and no token came since)
    std::optional<TokenFreshness> freshness; ///< of the latest token obtained
};

struct CheckResult
{
    bool passed = false;
    QString expected; ///< "the token carries the role DoAll"
    QString got; ///< what the session shows: "roles: (none)"; empty when passed

    /*! "✓ the token carries the role DoAll", or "not yet: the token carries the role DoAll; you got roles: none". */
    QString describe() const;
};

CheckResult evaluateCheck(const LessonCheck &check, const CheckEvidence &evidence);
QList<CheckResult> evaluateStep(const LessonStep &step, const CheckEvidence &evidence);

/*! Replaces the placeholders of \a text ({tenant}, {issuerV1}, {identity:NAME.clientId}, {app:NAME.uri}, ...) with
    the live emulator's values; unknown ones stay as written. */
QString expandPlaceholders(const QString &text, const emulator::Emulator *emulator);

} // namespace idex::lessons
