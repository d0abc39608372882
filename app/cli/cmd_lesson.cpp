// idex lesson: the training lessons on the command line, for SSH-only rooms and CI.
//   idex lesson list               the built-in lessons with their expected outcomes
//   idex lesson show NAME|FILE     the steps as text
//   idex lesson check NAME|FILE    runs the lesson headlessly against an embedded emulator
// Exit: 0 every check passed (or list/show worked), 1 a step failed (named), 2 a broken lesson file or usage.
#include "clicommand.h"
#include "console.h"
#include "lessons/lessonengine.h"
#include "lessons/lessonparser.h"
#include "lessons/lessontext.h"
#include "session/session.h"

#include <QCommandLineParser>

namespace idex::cli {

namespace {

int check(const QString &nameOrPath, bool verbose)
{
    lessons::Lesson lesson;
    QString error;
    if (!lessons::loadLesson(nameOrPath, &lesson, &error)) {
        err(QStringLiteral("idex lesson: %1\n").arg(error));
        return 2;
    }
    Session session;
    lessons::LessonEngine engine(session);
    if (!engine.setLesson(lesson, &error)) {
        err(QStringLiteral("idex lesson: %1: %2\n").arg(lesson.name, error));
        return 1;
    }
    const lessons::LessonRunReport report = engine.runAllAndWait();
    if (verbose)
        out(report.log.join(u'\n') + u'\n');
    if (report.passed) {
        out(QStringLiteral("%1: all %2 steps passed\n").arg(lesson.name).arg(lesson.steps.size()));
        return 0;
    }
    const QString title = report.failedStep >= 0 && report.failedStep < lesson.steps.size()
        ? lesson.steps.at(report.failedStep).title
        : QString();
    err(QStringLiteral("%1: step %2 (%3) failed:\n%4\n")
            .arg(lesson.name)
            .arg(report.failedStep + 1)
            .arg(title, report.failure));
    return 1;
}

} // namespace

int runLesson(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Guided, self-checking lessons: the walkthrough from scratch and one lesson per classic failure.\n"
        "  list               the built-in lessons\n"
        "  show NAME|FILE     a lesson's steps as text\n"
        "  check NAME|FILE    run it against an embedded emulator: exit 0 when every check passes, 1 naming the\n"
        "                     failing step, 2 for a broken lesson file"));
    parser.addHelpOption();
    const QCommandLineOption verbose(
        { QStringLiteral("v"), QStringLiteral("verbose") }, QStringLiteral("check: print every step and check."));
    parser.addOption(verbose);
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("list, show or check"));
    parser.addPositionalArgument(QStringLiteral("lesson"), QStringLiteral("a built-in lesson's name or a lesson file"));
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0);
    if (command == QLatin1String("list") && positional.size() == 1) {
        for (const QString &name : lessons::builtInLessonNames()) {
            lessons::Lesson lesson;
            QString error;
            if (!lessons::loadLesson(name, &lesson, &error)) {
                err(QStringLiteral("idex lesson: %1\n").arg(error));
                return 2;
            }
            out(lessons::lessonListLine(lesson));
        }
        return 0;
    }
    if (command == QLatin1String("show") && positional.size() == 2) {
        lessons::Lesson lesson;
        QString error;
        if (!lessons::loadLesson(positional.at(1), &lesson, &error)) {
            err(QStringLiteral("idex lesson: %1\n").arg(error));
            return 2;
        }
        out(lessons::lessonAsText(lesson));
        return 0;
    }
    if (command == QLatin1String("check") && positional.size() == 2)
        return check(positional.at(1), parser.isSet(verbose));
    err(QStringLiteral("Usage: idex lesson list | show NAME|FILE | check NAME|FILE\n"));
    return 2;
}

} // namespace idex::cli
