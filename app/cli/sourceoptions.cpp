#include "sourceoptions.h"

#include "emulator/emulator.h"
#include "identity/sourcecatalog.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace idex::cli {

bool readIdentitySelector(const QCommandLineParser &parser, const QCommandLineOption &clientId,
    const QCommandLineOption &objectId, const QCommandLineOption &resourceId, IdentitySelector *identity,
    QString *error)
{
    int selectors = 0;
    *identity = {};
    for (const auto &[option, kind] : { std::pair { &clientId, IdentitySelector::Kind::ClientId },
             std::pair { &objectId, IdentitySelector::Kind::ObjectId },
             std::pair { &resourceId, IdentitySelector::Kind::ResourceId } }) {
        if (parser.isSet(*option)) {
            ++selectors;
            *identity = { kind, parser.value(*option) };
        }
    }
    if (selectors > 1) {
        *error = QStringLiteral("give at most one of --client-id, --object-id, --resource-id.");
        return false;
    }
    return true;
}

bool pointAtEmulator(const emulator::Emulator &emulator, const QString &sourceId, SourceConfig &config)
{
    if (sourceId == QLatin1String("emulator")) {
        if (config.endpoint.isEmpty())
            config.endpoint = emulator.baseUrl();
        return true;
    }
    const QString protocol = emulatorProtocol(sourceId);
    if (protocol.isEmpty())
        return false;
    config.environment = environmentFrom(emulator.environment(protocol));
    if (config.arcKeyDirectory.isEmpty())
        config.arcKeyDirectory = QFileInfo(emulator.arcKeyFilePath()).absolutePath();
    return true;
}

} // namespace idex::cli
