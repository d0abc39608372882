#include "rules.h"

namespace idex::rules {

// TODO(#5): the token rules land with issue #5.
void tokenRules(const DiagnosisInput &, Findings &)
{
}

} // namespace idex::rules
