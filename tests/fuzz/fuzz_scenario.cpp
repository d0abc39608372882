// libFuzzer target for emulator scenario files (`idex emulator --scenario FILE`, the GUI's scenario picker and the
// admin API's fault objects): parseScenario, its validator, and the lookups the routes make on what it accepted.
// Invariant: a scenario that was accepted, written back with toJson(), is accepted again (what the admin API shows
// can be saved and reloaded).
#include "emulator/scenario.h"
#include "fuzzsupport.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex::emulator;
    const QByteArray bytes = idex::fuzz::bytesOf(data, size);
    Scenario scenario;
    QString error;
    if (!parseScenario(bytes, QStringLiteral("fuzz.json"), &scenario, &error)) {
        idex::fuzz::require(!error.isEmpty(), "a refused scenario must say why");
        return 0;
    }
    for (const Identity &identity : scenario.identities) {
        (void)scenario.identityByName(identity.name);
        (void)scenario.identityByClientId(identity.clientId);
        (void)scenario.identityByResourceId(identity.resourceId);
    }
    (void)scenario.systemIdentity();
    for (const ServicePrincipal &sp : scenario.servicePrincipals) {
        for (const QString &name : sp.servicePrincipalNames)
            (void)scenario.servicePrincipalForResource(name);
        for (const AppRoleAssignment &assignment : scenario.appRoleAssignments)
            (void)scenario.rolesOf(assignment.principalId, sp.id);
    }
    for (const ProtectedFunction &function : scenario.functions)
        (void)scenario.functionByPath(function.path);

    const QByteArray written = QJsonDocument(scenario.toJson()).toJson();
    Scenario again;
    if (!parseScenario(written, QStringLiteral("written.json"), &again, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        idex::fuzz::invariantBroken("an accepted scenario, written back, is refused");
    }
    idex::fuzz::require(again.identities.size() == scenario.identities.size(), "identities lost in the round trip");
    idex::fuzz::require(
        again.appRoleAssignments.size() == scenario.appRoleAssignments.size(), "assignments lost in the round trip");
    return 0;
}
