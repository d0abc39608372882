#pragma once

#include <QList>
#include <QString>

namespace idex {

enum class Severity { Info, Warning, Error };

/*! One thing the diagnosis has to say: a stable code (for tests, docs and `--json`), a one-line title, the evidence
    that led to it, and the fix in plain words. */
struct Finding
{
    Severity severity = Severity::Info;
    QString code; ///< stable, kebab-case: "audience-mismatch", "missing-role", ...
    QString title;
    QString evidence;
    QString fix;
};

using Findings = QList<Finding>;

QString severityName(Severity severity);
bool hasErrors(const Findings &findings);

} // namespace idex
