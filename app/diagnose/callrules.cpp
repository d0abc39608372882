#include "rules.h"

namespace idex::rules {

// TODO(#6): the call rules land with issue #6.
void callRules(const DiagnosisInput &, Findings &)
{
}

} // namespace idex::rules
