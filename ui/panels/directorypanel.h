#pragma once
// Moved to ui/directory/ (issue 12: ui/ folders by feature). Kept for branches that still include the old path.
#include "directory/directorypanel.h"
