#pragma once

#include "diagnosis.h"

namespace idex::rules {

// The rule sets diagnose() runs, one file each. Every rule appends zero or more findings and never performs I/O.
void tokenRules(
    const DiagnosisInput &input, Findings &findings); // tokenrules.cpp: lifetime, audience, issuer, roles, signature
void callRules(const DiagnosisInput &input, Findings &findings); // callrules.cpp: 401/403, WWW-Authenticate, Easy Auth
void directoryRules(const DiagnosisInput &input, Findings &findings); // directoryrules.cpp: assignments, stale tokens

} // namespace idex::rules
