#pragma once
// Fixture of the test layering_arrows_refuse_upward_include: the bottom area reaching for the diagnosis.
#include "diagnose/finding.h"
