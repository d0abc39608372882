// idex report: a session report (redacted, self-contained HTML or Markdown) for handouts and support tickets.
//   idex report --lesson NAME|FILE [--format md|html] [--output FILE]
// runs the lesson headlessly against an embedded emulator and writes what happened: the tokens obtained (masked
// claims), the calls and their answers, the findings and their fixes, the directory changes, the equivalent commands.
// The GUI writes the same report of its own session (File > Export report).
// Exit: 0 written (even when a step failed: the report says which), 2 usage, a broken lesson file or an unwritable
// output.
#include "clicommand.h"
#include "console.h"
#include "lessons/lessonengine.h"
#include "lessons/lessonparser.h"
#include "report/sessionreport.h"
#include "session/session.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSaveFile>

namespace idex::cli {

int runReport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write a session report: tokens (masked), calls and answers, findings and fixes, directory "
                       "changes and the equivalent commands. Nothing secret is written."));
    parser.addHelpOption();
    const QCommandLineOption lessonOption(QStringLiteral("lesson"),
        QStringLiteral("Run this lesson (a built-in name or a file) headlessly and report its session."),
        QStringLiteral("name"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"), QStringLiteral("md (default) or html."), QStringLiteral("format"));
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Write to this file (its suffix picks the format) instead of standard output."),
        QStringLiteral("file"));
    parser.addOptions({ lessonOption, formatOption, outputOption });
    if (const std::optional<int> exit = parseArguments(parser, args))
        return *exit;
    if (!parser.isSet(lessonOption) || !parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("Usage: idex report --lesson NAME|FILE [--format md|html] [--output FILE]\n"));
        return 2;
    }
    const QString output = parser.value(outputOption);
    QString formatName = parser.value(formatOption);
    if (formatName.isEmpty())
        formatName = output.isEmpty() ? QStringLiteral("md") : QFileInfo(output).suffix();
    const std::optional<report::Format> format = report::formatFromName(formatName);
    if (!format) {
        err(QStringLiteral("idex report: unknown format '%1' (md or html)\n").arg(formatName));
        return 2;
    }

    lessons::Lesson lesson;
    QString error;
    if (!lessons::loadLesson(parser.value(lessonOption), &lesson, &error)) {
        err(QStringLiteral("idex report: %1\n").arg(error));
        return 2;
    }
    Session session;
    lessons::LessonEngine engine(session);
    if (!engine.setLesson(lesson, &error)) {
        err(QStringLiteral("idex report: %1: %2\n").arg(lesson.name, error));
        return 2;
    }
    const lessons::LessonRunReport run = engine.runAllAndWait();
    JournalEntry outcome;
    outcome.title = run.passed
        ? QStringLiteral("Lesson finished: every check passed")
        : QStringLiteral("Lesson stopped at step %1: %2").arg(run.failedStep + 1).arg(run.failure);
    session.note(outcome);

    report::ReportHeader header;
    header.title = QStringLiteral("Lesson: %1").arg(lesson.title);
    header.subtitle = lesson.story;
    const QString text = report::render(*format, session.journal().entries(), header);
    if (output.isEmpty()) {
        out(text);
        return 0;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        err(QStringLiteral("idex report: cannot write %1: %2\n").arg(output, file.errorString()));
        return 2;
    }
    err(QStringLiteral("Report written to %1\n").arg(output));
    return 0;
}

} // namespace idex::cli
