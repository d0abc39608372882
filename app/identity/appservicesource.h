#pragma once

#include "httptokensource.h"

namespace idex {

/*! App Service / Functions / Container Apps, api-version 2019-08-01: IDENTITY_ENDPOINT with the X-IDENTITY-HEADER
 * secret from IDENTITY_HEADER. */
class AppServiceSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("appservice"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
