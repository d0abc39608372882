#pragma once
// Which built-in lesson (resources/lessons/NAME.json) teaches a finding's failure: the diagnosis links each finding
// it can to its lesson as an OpenLesson action, so a failure on screen leads to the walkthrough that explains it.

#include "finding.h"

namespace idex {

/*! The built-in lesson about findings (or token failures) of \a code ("call-missing-role" -> "missing-assignment"),
    or empty when none teaches it. */
QString lessonForFindingCode(const QString &code);

/*! Appends an OpenLesson action (parameter "lesson", command `idex lesson show NAME`) to every finding of
    \a findings whose code has a lesson and that has none yet. */
void addLessonActions(Findings &findings);

/*! The OpenLesson action for \a lesson. */
FindingAction openLessonAction(const QString &lesson);

} // namespace idex
