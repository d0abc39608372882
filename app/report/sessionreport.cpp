#include "sessionreport.h"

#include "appinfo.h"

namespace idex::report {

namespace {

QString kindLabel(JournalEntry::Kind kind)
{
    switch (kind) {
    case JournalEntry::Kind::EmulatorRun: return QStringLiteral("Emulator");
    case JournalEntry::Kind::Token: return QStringLiteral("Token");
    case JournalEntry::Kind::Verification: return QStringLiteral("Signature");
    case JournalEntry::Kind::Call: return QStringLiteral("Call");
    case JournalEntry::Kind::DirectoryChange: return QStringLiteral("Directory");
    case JournalEntry::Kind::Action: return QStringLiteral("Action");
    case JournalEntry::Kind::Note: break;
    }
    return QStringLiteral("Note");
}

QString timeOf(const JournalEntry &entry)
{
    return entry.at.toUTC().toString(QStringLiteral("HH:mm:ss"));
}

/*! Markdown inline code that survives backticks in the text. */
QString code(const QString &text)
{
    QString fence = QStringLiteral("`");
    while (text.contains(fence))
        fence += u'`';
    const bool pad = text.startsWith(u'`') || text.endsWith(u'`');
    return fence + (pad ? QStringLiteral(" ") : QString()) + text + (pad ? QStringLiteral(" ") : QString()) + fence;
}

/*! Text of a Markdown line: characters that would start markup are escaped. */
QString mdText(QString text)
{
    static const QString special = QStringLiteral("\\`*_{}[]<>#|!");
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (special.contains(c))
            out += u'\\';
        out += c == u'\n' ? u' ' : c;
    }
    return out;
}

QString severityClass(Severity severity)
{
    return severityName(severity).toLower();
}

} // namespace

std::optional<Format> formatFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("md") || n == QLatin1String("markdown"))
        return Format::Markdown;
    if (n == QLatin1String("html") || n == QLatin1String("htm"))
        return Format::Html;
    return std::nullopt;
}

QString toMarkdown(const QList<JournalEntry> &entries, const ReportHeader &header)
{
    QString out;
    out += QStringLiteral("# %1\n\n").arg(mdText(header.title));
    if (!header.subtitle.isEmpty())
        out += mdText(header.subtitle) + QStringLiteral("\n\n");
    out += QStringLiteral("Generated %1 UTC by Identity Explorer %2. Tokens and secrets are masked.\n\n")
               .arg(header.generatedAt.toUTC().toString(Qt::ISODate), productVersion());
    if (entries.isEmpty())
        out += QStringLiteral("Nothing happened in this session yet.\n");
    for (const JournalEntry &entry : entries) {
        out += QStringLiteral("## %1 %2: %3\n\n").arg(timeOf(entry), kindLabel(entry.kind), mdText(entry.title));
        for (const QString &line : entry.details)
            out += QStringLiteral("- %1\n").arg(code(line));
        if (!entry.details.isEmpty())
            out += u'\n';
        for (const Finding &finding : entry.findings) {
            out += QStringLiteral("- **%1** %2: %3\n")
                       .arg(severityName(finding.severity), code(finding.code), mdText(finding.title));
            if (!finding.fix.isEmpty())
                out += QStringLiteral("  - Fix: %1\n").arg(mdText(finding.fix));
        }
        if (!entry.findings.isEmpty())
            out += u'\n';
        if (!entry.commands.isEmpty()) {
            out += QStringLiteral("The same in Azure:\n\n```\n");
            for (const QString &command : entry.commands)
                out += QString(command).replace(QStringLiteral("```"), QStringLiteral("'''")) + u'\n';
            out += QStringLiteral("```\n\n");
        }
    }
    return out;
}

QString toHtml(const QList<JournalEntry> &entries, const ReportHeader &header)
{
    QString out;
    out += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                          "style-src 'unsafe-inline'\">\n<title>%1</title>\n")
               .arg(header.title.toHtmlEscaped());
    out += QStringLiteral(
        "<style>\n"
        "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#f4f6f9;"
        "color:#1d2430}\n"
        "main{max-width:980px;margin:0 auto;padding:28px 24px 48px}\n"
        "h1{font-size:26px;margin:0 0 4px}.sub{color:#4a5568;margin:0 0 4px}.meta{color:#6b7280;font-size:13px;"
        "margin:0 0 24px}\n"
        ".entry{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px 16px;margin:0 0 12px}\n"
        ".head{display:flex;gap:10px;align-items:baseline}.time{color:#6b7280;font:13px ui-monospace,monospace}\n"
        ".kind{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-radius:4px;"
        "padding:1px 7px;color:#fff;background:#64748b}\n"
        ".kind.token{background:#2563eb}.kind.call{background:#7c3aed}.kind.directory-change{background:#0d9488}"
        ".kind.action{background:#d97706}.kind.verification{background:#059669}.kind.emulator-run{background:#475569}\n"
        ".title{font-weight:600}\nul.details{margin:8px 0 0;padding-left:18px;font:13px/1.5 ui-monospace,"
        "'Cascadia Mono',Consolas,monospace;color:#334155;overflow-wrap:anywhere}\n"
        ".finding{margin:8px 0 0;padding:6px 10px;border-left:4px solid #94a3b8;background:#f8fafc}\n"
        ".finding.error{border-color:#dc2626}.finding.warning{border-color:#d97706}.finding.info{border-color:#2563eb}"
        "\n.finding code{font-size:12px;color:#475569}.fix{color:#334155;margin-top:2px}\n"
        "pre{background:#0f172a;color:#e2e8f0;border-radius:6px;padding:10px 12px;font-size:12.5px;"
        "white-space:pre-wrap;overflow-wrap:anywhere;margin:8px 0 0}\n.cmdlabel{font-size:12px;color:#6b7280;"
        "margin-top:8px}\n"
        "</style></head><body><main>\n");
    out += QStringLiteral("<h1>%1</h1>\n").arg(header.title.toHtmlEscaped());
    if (!header.subtitle.isEmpty())
        out += QStringLiteral("<p class=\"sub\">%1</p>\n").arg(header.subtitle.toHtmlEscaped());
    out += QStringLiteral("<p class=\"meta\">Generated %1 UTC by Identity Explorer %2. Tokens and secrets are "
                          "masked.</p>\n")
               .arg(header.generatedAt.toUTC().toString(Qt::ISODate).toHtmlEscaped(), productVersion().toHtmlEscaped());
    if (entries.isEmpty())
        out += QStringLiteral("<p>Nothing happened in this session yet.</p>\n");
    for (const JournalEntry &entry : entries) {
        out += QStringLiteral("<section class=\"entry\"><div class=\"head\"><span class=\"time\">%1</span>"
                              "<span class=\"kind %2\">%3</span><span class=\"title\">%4</span></div>\n")
                   .arg(timeOf(entry), entry.kindName(), kindLabel(entry.kind), entry.title.toHtmlEscaped());
        if (!entry.details.isEmpty()) {
            out += QStringLiteral("<ul class=\"details\">");
            for (const QString &line : entry.details)
                out += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
            out += QStringLiteral("</ul>\n");
        }
        for (const Finding &finding : entry.findings) {
            out += QStringLiteral("<div class=\"finding %1\"><strong>%2</strong> <code>%3</code>")
                       .arg(severityClass(finding.severity), finding.title.toHtmlEscaped(),
                           finding.code.toHtmlEscaped());
            if (!finding.fix.isEmpty())
                out += QStringLiteral("<div class=\"fix\">Fix: %1</div>").arg(finding.fix.toHtmlEscaped());
            out += QStringLiteral("</div>\n");
        }
        if (!entry.commands.isEmpty()) {
            out += QStringLiteral("<div class=\"cmdlabel\">The same in Azure</div><pre>");
            out += entry.commands.join(u'\n').toHtmlEscaped();
            out += QStringLiteral("</pre>\n");
        }
        out += QStringLiteral("</section>\n");
    }
    out += QStringLiteral("</main></body></html>\n");
    return out;
}

} // namespace idex::report
