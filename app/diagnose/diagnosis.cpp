#include "diagnosis.h"

#include "net/redaction.h"
#include "rules.h"

#include <QJsonObject>

#include <algorithm>

namespace idex {

Findings diagnose(const DiagnosisInput &input)
{
    Findings findings;
    rules::tokenRules(input, findings);
    rules::callRules(input, findings);
    rules::directoryRules(input, findings);
    // Most severe first; among equals, what the API itself answered (the call rules' "call-" codes) leads, since it
    // is the verdict the token findings explain.
    const auto rank = [](const Finding &f) {
        return std::pair{int(f.severity), f.code.startsWith(QLatin1String("call-")) ? 1 : 0};
    };
    std::stable_sort(findings.begin(), findings.end(),
                     [&rank](const Finding &a, const Finding &b) { return rank(a) > rank(b); });
    return findings;
}

namespace {

/*! Evidence quotes servers and URLs: every serialiser shows findings through the one redaction layer. */
Findings redacted(const Findings &findings)
{
    Findings out = findings;
    for (Finding &f : out) {
        f.title = redaction::redactText(f.title);
        f.evidence = redaction::redactText(f.evidence);
        f.fix = redaction::redactText(f.fix);
    }
    return out;
}

} // namespace

QJsonArray findingsToJson(const Findings &findings)
{
    QJsonArray array;
    for (const Finding &f : redacted(findings))
        array.append(QJsonObject{{QStringLiteral("severity"), severityName(f.severity)},
                                 {QStringLiteral("code"), f.code},
                                 {QStringLiteral("title"), f.title},
                                 {QStringLiteral("evidence"), f.evidence},
                                 {QStringLiteral("fix"), f.fix}});
    return array;
}

QString findingsToText(const Findings &findings)
{
    QString out;
    for (const Finding &f : redacted(findings)) {
        out += QStringLiteral("%1  %2  %3\n").arg(severityName(f.severity).toUpper().leftJustified(7), f.code, f.title);
        out += QStringLiteral("         Evidence: %1\n").arg(f.evidence);
        out += QStringLiteral("         Fix:      %1\n").arg(f.fix);
    }
    return out;
}

QString findingsToMarkdown(const Findings &findings)
{
    QString out;
    for (const Finding &f : redacted(findings))
        out += QStringLiteral("- **%1** `%2` %3  \n  Evidence: %4  \n  Fix: %5\n").arg(severityName(f.severity), f.code, f.title, f.evidence, f.fix);
    return out;
}

} // namespace idex
