#include "scenariooffer.h"

#include "emulator/emulator.h"

namespace idex {

namespace {

ProtectedApi protectedApiOf(const emulator::ProtectedFunction &function, const emulator::Emulator &emulator)
{
    const emulator::Scenario &scenario = emulator.scenario();
    ProtectedApi api;
    api.name = function.name.isEmpty() ? function.path : function.name;
    api.url = emulator.baseUrl().resolved(QUrl(function.path));
    api.appId = function.appId;
    api.audience = function.appId;
    const emulator::Application *app = scenario.applicationByAppId(function.appId);
    if (app && !app->identifierUris.isEmpty())
        api.audience = app->identifierUris.first();
    // Easy Auth's allowed audiences default to the app's client ID and its App ID URIs.
    api.allowedAudiences = function.allowedAudiences;
    if (api.allowedAudiences.isEmpty()) {
        api.allowedAudiences.append(function.appId);
        if (app)
            api.allowedAudiences.append(app->identifierUris);
    }
    if (function.issuer == QLatin1String("v1"))
        api.issuer = emulator.issuerV1();
    else if (function.issuer == QLatin1String("v2"))
        api.issuer = emulator.issuerV2();
    api.requiredRoles = function.requiredRoles;
    api.allowedApplications = function.allowedApplications;
    return api;
}

} // namespace

ScenarioOffer scenarioOfferOf(const emulator::Emulator &emulator)
{
    const emulator::Scenario &scenario = emulator.scenario();
    ScenarioOffer offer;
    offer.scenarioName = scenario.name;
    for (const emulator::Application &application : scenario.applications) {
        for (const QString &uri : application.identifierUris)
            offer.resources.append({ application.displayName, uri });
    }
    offer.defaultResource = scenario.walkthrough.resource;
    for (const emulator::ProtectedFunction &function : scenario.functions) {
        if (function.path.startsWith(u'/'))
            offer.apis.append(protectedApiOf(function, emulator));
    }
    return offer;
}

} // namespace idex
