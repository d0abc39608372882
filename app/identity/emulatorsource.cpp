#include "emulatorsource.h"

namespace idex {

QUrl EmulatorSource::tokenUrl() const
{
    if (config().endpoint.isEmpty())
        return {};
    return ImdsSource::tokenUrl();
}

HttpTokenSource::Step EmulatorSource::buildRequest(const TokenRequest &request)
{
    if (config().endpoint.isEmpty())
        return makeFailure(QStringLiteral("emulator-not-running"), QStringLiteral("The emulator is not running"),
            QStringLiteral("No emulator URL is known."),
            QStringLiteral("Start the built-in emulator, or give its URL with --endpoint."));
    return ImdsSource::buildRequest(request);
}

} // namespace idex
