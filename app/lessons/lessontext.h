#pragma once
// Lessons as plain text, for SSH-only rooms (`idex lesson show`, `idex lesson list`).

#include "lesson.h"

namespace idex::lessons {

/*! "from-scratch  The walkthrough from scratch\n    <outcome>" */
QString lessonListLine(const Lesson &lesson);
/*! The whole lesson: title, story, scenario, expected outcome, then each step with what to do, the action or the
    place to click, what should happen, what it teaches, the portal steps and the commands. */
QString lessonAsText(const Lesson &lesson);
/*! "Get a token for caller-func and api://..." */
QString describeAction(const LessonAction &action);
/*! "the token carries the role DoAll" */
QString describeCheck(const LessonCheck &check);

} // namespace idex::lessons
