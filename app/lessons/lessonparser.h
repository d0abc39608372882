#pragma once
// Loads and validates lesson files. Untrusted input (trainers load their own): every error names the file, the
// field path and the reason ("my.json: steps[2].expect[0].role: is required"); nothing is trusted beyond the limits.

#include "lesson.h"

#include <QByteArray>

namespace idex::emulator {
struct Scenario;
}

namespace idex::lessons {

constexpr qint64 kMaxLessonFileBytes = 1024 * 1024;
constexpr int kMaxSteps = 100;
constexpr int kMaxChecksPerStep = 20;
constexpr int kMaxTextLength = 8000; ///< characters of one text field

/*! Parses lesson JSON; \a source names it in errors. Checks the shape, kinds, required fields, limits and the
    placeholder syntax; not the names (see validateNames()). */
bool parseLesson(const QByteArray &json, const QString &source, Lesson *lesson, QString *error);

/*! Checks that every identity and application a lesson names exists in \a scenario (the lesson's, as loaded), and
    that placeholders name existing objects. A role may be one the lesson adds itself. */
bool validateNames(const Lesson &lesson, const emulator::Scenario &scenario, QString *error);

/*! Loads a built-in lesson by name or a lesson file by path: parse, load its scenario (a built-in name, or a file
    relative to the lesson's folder), validate names. \a scenario receives the scenario when given. */
bool loadLesson(const QString &nameOrPath, Lesson *lesson, QString *error, emulator::Scenario *scenario = nullptr);

/*! The built-in lessons' names, in teaching order. */
QStringList builtInLessonNames();

/*! The placeholders a string may hold: {tenant}, {issuerV1}, {issuerV2}, {identity:NAME.clientId|principalId},
    {app:NAME.appId|uri|objectId}. Empty when \a text is well formed, else why. */
QString placeholderProblem(const QString &text);

} // namespace idex::lessons
