#pragma once

#include "scenario.h"

namespace idex::emulator {

/*! Names for the emulator's request log, so a trainer reads "200 for caller-func" instead of a GUID. Each falls back
    to the shortened GUID when the scenario does not know it. */

/*! The identity or app whose client ID (a token's appid/azp) is \a appId: "caller-func (5eed0000…)". */
QString callerLabel(const Scenario &scenario, const QString &appId);
/*! The value of app role \a appRoleId on the resource service principal \a resourceSpId: "DoAll"; "default access"
    for the all-zero ID. */
QString appRoleLabel(const Scenario &scenario, const QString &resourceSpId, const QString &appRoleId);
/*! The application whose object ID is \a objectId: "aad-func (app registration)". */
QString applicationLabel(const Scenario &scenario, const QString &objectId);

} // namespace idex::emulator
