#include "finding.h"

#include <algorithm>

namespace idex {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Error: return QStringLiteral("error");
    }
    return {};
}

QString FindingAction::kindName() const
{
    switch (kind) {
    case Kind::GetToken: return QStringLiteral("get-token");
    case Kind::FlushAndRefresh: return QStringLiteral("flush-and-refresh");
    case Kind::AssignRole: return QStringLiteral("assign-role");
    case Kind::ShowInDirectory: return QStringLiteral("show-in-directory");
    case Kind::VerifySignature: return QStringLiteral("verify-signature");
    case Kind::OpenLesson: return QStringLiteral("open-lesson");
    }
    return {};
}

const FindingAction *actionOf(const Finding &finding, FindingAction::Kind kind)
{
    for (const FindingAction &action : finding.actions) {
        if (action.kind == kind)
            return &action;
    }
    return nullptr;
}

bool hasErrors(const Findings &findings)
{
    return std::any_of(
        findings.cbegin(), findings.cend(), [](const Finding &finding) { return finding.severity == Severity::Error; });
}

} // namespace idex
