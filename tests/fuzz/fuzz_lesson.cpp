// libFuzzer target for lesson files (`idex lesson show|check FILE`, the Lessons dock's "Open lesson file"): the
// parser and validator, the name check against the built-in seed scenario, and the text a room is shown.
// Invariants: a refused lesson says why, naming the source; an accepted one has steps that each act or point, and
// renders as text.
#include "emulator/scenario.h"
#include "fuzzsupport.h"
#include "lessons/lessonparser.h"
#include "lessons/lessontext.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex::lessons;
    static const idex::emulator::Scenario seed = [] {
        idex::emulator::Scenario s;
        QString error;
        idex::fuzz::require(idex::emulator::loadScenario(QStringLiteral("seed"), &s, &error), "seed loads");
        return s;
    }();
    const QByteArray bytes = idex::fuzz::bytesOf(data, size);
    Lesson lesson;
    QString error;
    if (!parseLesson(bytes, QStringLiteral("fuzz.json"), &lesson, &error)) {
        idex::fuzz::require(error.startsWith(QLatin1String("fuzz.json")), "a refused lesson names its file");
        return 0;
    }
    idex::fuzz::require(!lesson.steps.isEmpty() && lesson.steps.size() <= kMaxSteps, "steps within the limits");
    for (const LessonStep &step : lesson.steps) {
        idex::fuzz::require(step.action || step.pointer, "every step acts or points");
        idex::fuzz::require(step.checks.size() <= kMaxChecksPerStep, "checks within the limits");
        if (step.action)
            (void)describeAction(*step.action);
        for (const LessonCheck &check : step.checks)
            idex::fuzz::require(placeholderProblem(check.value).isEmpty(), "accepted values have good placeholders");
    }
    idex::fuzz::require(!lessonAsText(lesson).isEmpty(), "an accepted lesson renders");
    QString nameError;
    if (!validateNames(lesson, seed, &nameError))
        idex::fuzz::require(nameError.startsWith(QLatin1String("fuzz.json: steps[")), "a name error names its step");
    return 0;
}
