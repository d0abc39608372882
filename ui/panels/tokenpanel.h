#pragma once
// Moved to ui/token/ (issue 12: ui/ folders by feature). Kept for branches that still include the old path.
#include "token/tokenpanel.h"
