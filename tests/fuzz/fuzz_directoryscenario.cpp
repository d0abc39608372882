// libFuzzer target for `idex emulator --directory FILE` (issue #15): a snapshot accepted by snapshot::fromJson
// becomes the emulator's scenario through scenarioFromDirectory. Invariants: identity names are unique, every
// function path is unique and under /api/, every kept assignment names a resource the scenario serves, and the
// walkthrough names an identity and a function of the scenario.
#include "directory/snapshot.h"
#include "emulator/directoryscenario.h"
#include "fuzzsupport.h"

#include <QSet>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    Directory directory;
    QString error;
    if (!snapshot::fromJson(fuzz::bytesOf(data, size), directory, &error))
        return 0;
    emulator::Scenario scenario;
    if (!emulator::scenarioFromDirectory(directory, QStringLiteral("fuzz.json"), &scenario, &error)) {
        fuzz::require(!error.isEmpty(), "a refused snapshot must say why");
        return 0;
    }
    QSet<QString> names, paths;
    for (const emulator::Identity &i : scenario.identities) {
        fuzz::require(!names.contains(i.name), "two identities with one name");
        names.insert(i.name);
    }
    for (const emulator::ProtectedFunction &f : scenario.functions) {
        fuzz::require(f.path.startsWith(QLatin1String("/api/")) && !paths.contains(f.path.toLower()),
            "a function path outside /api/ or twice");
        paths.insert(f.path.toLower());
    }
    for (const emulator::AppRoleAssignment &a : scenario.appRoleAssignments)
        fuzz::require(scenario.servicePrincipalById(a.resourceId) != nullptr, "an assignment on a missing resource");
    if (!scenario.walkthrough.identity.isEmpty()) {
        fuzz::require(scenario.identityByName(scenario.walkthrough.identity), "the walkthrough's identity is missing");
        fuzz::require(
            scenario.functionByPath(scenario.walkthrough.functionPath), "the walkthrough's function is missing");
    }
    return 0;
}
