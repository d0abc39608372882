#pragma once
// The session report (File > Export report, `idex report`): a self-contained record of what happened, for handouts
// and support tickets. Written from the session's journal, which is redacted as it is recorded: no raw token,
// identity header or secret can reach a report. HTML has its style inline and loads nothing; Markdown is plain.
#include "session/journal.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace idex::report {

struct ReportHeader
{
    QString title = QStringLiteral("Identity Explorer session report");
    QString subtitle; ///< "Lesson: Stale token after an assignment", "Scenario seed on 127.0.0.1:41234"
    QDateTime generatedAt = QDateTime::currentDateTimeUtc();
};

enum class Format { Markdown, Html };

/*! "md"/"markdown" or "html"/"htm" (a file suffix or a --format value); nullopt for anything else. */
std::optional<Format> formatFromName(const QString &name);

QString toMarkdown(const QList<JournalEntry> &entries, const ReportHeader &header);
QString toHtml(const QList<JournalEntry> &entries, const ReportHeader &header);
inline QString render(Format format, const QList<JournalEntry> &entries, const ReportHeader &header)
{
    return format == Format::Html ? toHtml(entries, header) : toMarkdown(entries, header);
}

} // namespace idex::report
