#pragma once
// Moved to ui/call/ (issue 12: ui/ folders by feature). Kept for branches that still include the old path.
#include "call/callpanel.h"
