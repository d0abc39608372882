#include "diagnosis.h"

#include "rules.h"

#include <algorithm>

namespace idex {

Findings diagnose(const DiagnosisInput &input)
{
    Findings findings;
    rules::tokenRules(input, findings);
    rules::callRules(input, findings);
    rules::directoryRules(input, findings);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding &a, const Finding &b) { return int(a.severity) > int(b.severity); });
    return findings;
}

} // namespace idex
