#pragma once

#include "identity/sourceconfig.h"
#include "identity/tokenresult.h"

class QCommandLineOption;
class QCommandLineParser;

namespace idex::emulator {
class Emulator;
}

namespace idex::cli {

/*! The identity named by --client-id, --object-id or --resource-id (system-assigned when none is given).
    False with \a error set when more than one is given. Shared by `idex token` and `idex call`. */
bool readIdentitySelector(const QCommandLineParser &parser, const QCommandLineOption &clientId,
    const QCommandLineOption &objectId, const QCommandLineOption &resourceId, IdentitySelector *identity,
    QString *error);

/*! Points \a config at the in-process \a emulator for \a sourceId: the emulator source gets its base URL, the
    protocol sources read the emulator's environment exactly as they would read the platform's. False when the
    emulator does not serve that source. */
bool pointAtEmulator(const emulator::Emulator &emulator, const QString &sourceId, SourceConfig &config);

} // namespace idex::cli
