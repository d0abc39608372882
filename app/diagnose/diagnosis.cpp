#include "diagnosis.h"

#include "directory/objectnames.h"
#include "lessonlinks.h"
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
    addLessonActions(findings);
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
        for (ComparedValues &c : f.compared) {
            c.actual = redaction::redactText(c.actual);
            for (QString &e : c.expected)
                e = redaction::redactText(e);
        }
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
        QJsonObject object { { QStringLiteral("severity"), severityName(f.severity) },
            { QStringLiteral("code"), f.code }, { QStringLiteral("title"), f.title },
            { QStringLiteral("evidence"), f.evidence }, { QStringLiteral("fix"), f.fix },
            { QStringLiteral("actions"), actions } };
        if (!f.compared.isEmpty()) {
            QJsonArray compared;
            for (const ComparedValues &c : f.compared)
                compared.append(
                    QJsonObject { { QStringLiteral("what"), c.what }, { QStringLiteral("actual"), c.actual },
                        { QStringLiteral("expected"), QJsonArray::fromStringList(c.expected) } });
            object.insert(QStringLiteral("compared"), compared);
        }
        array.append(object);
    }
    return array;
}

namespace {
QString named(const QString &text, const ObjectNames *names)
{
    return names ? names->annotate(text) : text;
}
} // namespace

QString findingsToText(const Findings &findings, const ObjectNames *names)
{
    QString out;
    for (const Finding &f : redacted(findings)) {
        out += QStringLiteral("%1  %2  %3\n").arg(severityName(f.severity).toUpper().leftJustified(7), f.code, f.title);
        for (const ComparedValues &c : f.compared)
            out += QStringLiteral("         %1 \"%2\", expected \"%3\"\n")
                       .arg(QString(c.what + u':').leftJustified(9), c.actual,
                           c.expected.join(QStringLiteral("\" or \"")));
        out += QStringLiteral("         Evidence: %1\n").arg(named(f.evidence, names));
        out += QStringLiteral("         Fix:      %1\n").arg(named(f.fix, names));
        for (const FindingAction &a : f.actions) {
            out += QStringLiteral("         Action:   %1 [%2]\n").arg(a.label, a.kindName());
            for (const QString &command : a.commands)
                out += QStringLiteral("                   $ %1\n").arg(command);
        }
    }
    return out;
}

QString findingsToMarkdown(const Findings &findings, const ObjectNames *names)
{
    QString out;
    for (const Finding &f : redacted(findings)) {
        out += QStringLiteral("- **%1** `%2` %3  \n").arg(severityName(f.severity), f.code, f.title);
        for (const ComparedValues &c : f.compared)
            out += QStringLiteral("  %1: `%2`, expected `%3`  \n")
                       .arg(c.what, c.actual, c.expected.join(QStringLiteral("` or `")));
        out += QStringLiteral("  Evidence: %1  \n  Fix: %2\n").arg(named(f.evidence, names), named(f.fix, names));
    }
    return out;
}

} // namespace idex
