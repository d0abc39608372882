#pragma once

#include "imdssource.h"

namespace idex {

/*! The built-in emulator, reached exactly like a VM's IMDS (same request, same retries) at the emulator's base URL
    (SourceConfig::endpoint). Never falls back to 169.254.169.254: without a URL it says the emulator is not running. */
class EmulatorSource : public ImdsSource
{
    Q_OBJECT
public:
    using ImdsSource::ImdsSource;

    QString id() const override { return QStringLiteral("emulator"); }
    QString displayName() const override { return QStringLiteral("Built-in emulator"); }

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
