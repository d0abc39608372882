#pragma once
// What a built-in scenario is about, in words: its description and the outcome its walkthrough expects. The
// emulator dock's picker and `idex emulator --list-scenarios` show the same lines.

#include "scenario.h"

namespace idex::emulator {

struct ScenarioSummary
{
    QString name;
    QString description;
    QString expected; ///< "GET /api/aad-func answers 403 Forbidden"; empty when the scenario does not say
    QString explanation; ///< the walkthrough's paragraph
};

/*! "GET /api/aad-func answers 403 Forbidden" for \a walkthrough.expected "403"; for "none", that no token
    comes; empty when it is empty. */
QString expectedOutcomeText(const Walkthrough &walkthrough);

/*! The summary of the built-in scenario \a name; a scenario that fails to load says so in its description. */
ScenarioSummary builtInScenarioSummary(const QString &name);

} // namespace idex::emulator
