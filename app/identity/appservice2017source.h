#pragma once

#include "httptokensource.h"

namespace idex {

/*! App Service legacy, api-version 2017-09-01: MSI_ENDPOINT with the `secret` header from MSI_SECRET; expires_on is a
 * date string. */
class AppService2017Source : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("appservice2017"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
