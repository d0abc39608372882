#pragma once

#include "scenario.h"

namespace idex {
class Directory;
}

namespace idex::emulator {

/*! Your tenant, offline (issue #15): the scenario the emulator serves for a directory snapshot
    (`idex directory --source graph --export FILE` or `idex directory --generate`). Its applications, service
    principals and app role assignments are taken as they are (the app/directory value types are the one directory
    model; this only adds what is the emulator's own):
    - every managed identity service principal becomes an identity of the emulated host, attached, so any of them
      gets tokens whose `roles` are exactly the app roles it holds in the snapshot, for any API of the snapshot;
    - one protected function per app role (that applications may hold) of every API registered in the snapshot:
      /api/<api>/<role>, requiring that role, accepting the API's appId and identifier URIs;
    - a walkthrough that names an identity holding a role, its API and that role's function.
    Assignments whose resource or role the snapshot does not contain are left out and counted in the description.
    Linear in the size of the snapshot (the directory's indexes, no nested scans): 100,000 objects take seconds. */
bool scenarioFromDirectory(const Directory &directory, const QString &source, Scenario *scenario, QString *error);

/*! Reads the snapshot file \a path (idex::snapshot) and builds its scenario; errors name the file. */
bool loadDirectoryScenario(const QString &path, Scenario *scenario, QString *error);

} // namespace idex::emulator
