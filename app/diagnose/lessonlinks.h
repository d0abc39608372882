#pragma once
// Which built-in lesson (resources/lessons/NAME.json) teaches a finding's failure: the diagnosis links each finding
// it can to its lesson as an OpenLesson action, so a failure on screen leads to the walkthrough that explains it.

#include "finding.h"
#include "identity/tokenfailure.h"

namespace idex {

/*! The built-in lesson about findings (or token failures) of \a code ("call-missing-role" -> "missing-assignment"),
    or empty when none teaches it. */
QString lessonForFindingCode(const QString &code);

/*! Appends an OpenLesson action (parameter "lesson", command `idex lesson show NAME`) to every finding of
    \a findings whose code has a lesson and that has none yet. */
void addLessonActions(Findings &findings);

/*! The OpenLesson action for \a lesson. */
FindingAction openLessonAction(const QString &lesson);

/*! The built-in lesson about a token request that failed with \a failure, or empty: by its code
    ("identity-not-found"), else by the Entra error the endpoint quoted (AADSTS500011, whatever the code). */
QString lessonForTokenFailure(const TokenFailure &failure);

/*! What can be done about \a failure from where it is shown: the lesson that teaches it, when one does. */
QList<FindingAction> tokenFailureActions(const TokenFailure &failure);

} // namespace idex
