#pragma once

#include "call/protectedapi.h"

#include <QList>
#include <QString>

namespace idex {

namespace emulator {
class Emulator;
}

/*! What the emulator's current scenario offers the panels and idex, read in this one place: the resources a token
    can be asked for, the resource the walkthrough's caller asks for, and the protected functions as ready-made
    requests with what each expects of a token. The panels used to read the scenario three ways (the admin API over
    HTTP, and the Scenario struct from two panels, each with its own rules); now they render this. */
struct ScenarioOffer
{
    struct Resource
    {
        QString appName; ///< the app registration's display name
        QString resource; ///< one of its App ID URIs
    };

    QString scenarioName; ///< empty when no emulator runs
    QList<Resource> resources; ///< every App ID URI of the scenario's applications, in scenario order
    QString defaultResource; ///< what the walkthrough's caller asks for; empty when the scenario has none
    QList<ProtectedApi> apis; ///< the protected functions, their URLs on the emulator's current base URL

    bool isEmpty() const { return scenarioName.isEmpty(); }
};

/*! The offer of \a emulator's scenario as it serves it now (running: URLs and issuers of its current run). */
ScenarioOffer scenarioOfferOf(const emulator::Emulator &emulator);

} // namespace idex
