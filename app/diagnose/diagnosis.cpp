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
    // The directory rules sharpen the token's role findings (the exact assignment, its action) before the call
    // rules absorb those into the API's own verdict.
    rules::directoryRules(input, findings);
    rules::callRules(input, findings);
    // Most severe first; among equals, what the API itself answered (the call rules' "call-" codes) leads, since it
    // is the verdict the token findings explain.
    const auto rank = [](const Finding &f) {
        return std::pair { int(f.severity), f.code.startsWith(QLatin1String("call-")) ? 1 : 0 };
    };
    std::stable_sort(
        findings.begin(), findings.end(), [&rank](const Finding &a, const Finding &b) { return rank(a) > rank(b); });
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
    for (const Finding &f : redacted(findings)) {
        QJsonArray actions;
        for (const FindingAction &a : f.actions) {
            QJsonObject parameters;
            for (auto it = a.parameters.cbegin(); it != a.parameters.cend(); ++it)
                parameters.insert(it.key(), it.value());
            actions.append(QJsonObject { { QStringLiteral("kind"), a.kindName() }, { QStringLiteral("label"), a.label },
                { QStringLiteral("parameters"), parameters },
                { QStringLiteral("commands"), QJsonArray::fromStringList(a.commands) } });
        }
        array.append(
            QJsonObject { { QStringLiteral("severity"), severityName(f.severity) }, { QStringLiteral("code"), f.code },
                { QStringLiteral("title"), f.title }, { QStringLiteral("evidence"), f.evidence },
                { QStringLiteral("fix"), f.fix }, { QStringLiteral("actions"), actions } });
    }
    return array;
}

QString findingsToText(const Findings &findings)
{
    QString out;
    for (const Finding &f : redacted(findings)) {
        out += QStringLiteral("%1  %2  %3\n").arg(severityName(f.severity).toUpper().leftJustified(7), f.code, f.title);
        out += QStringLiteral("         Evidence: %1\n").arg(f.evidence);
        out += QStringLiteral("         Fix:      %1\n").arg(f.fix);
        for (const FindingAction &a : f.actions) {
            out += QStringLiteral("         Action:   %1 [%2]\n").arg(a.label, a.kindName());
            for (const QString &command : a.commands)
                out += QStringLiteral("                   $ %1\n").arg(command);
        }
    }
    return out;
}

QString findingsToMarkdown(const Findings &findings)
{
    QString out;
    for (const Finding &f : redacted(findings))
        out += QStringLiteral("- **%1** `%2` %3  \n  Evidence: %4  \n  Fix: %5\n")
                   .arg(severityName(f.severity), f.code, f.title, f.evidence, f.fix);
    return out;
}

} // namespace idex
