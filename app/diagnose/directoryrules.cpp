#include "rules.h"

namespace idex::rules {

// TODO(#7): the directory rules land with issue #7.
void directoryRules(const DiagnosisInput &, Findings &)
{
}

} // namespace idex::rules
