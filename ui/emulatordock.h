#pragma once
// Moved to ui/emulator/ (issue 12: ui/ folders by feature). Kept for branches that still include the old path.
#include "emulator/emulatordock.h"
