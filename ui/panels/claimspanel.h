#pragma once
// Moved to ui/claims/ (issue 12: ui/ folders by feature). Kept for branches that still include the old path.
#include "claims/claimspanel.h"
