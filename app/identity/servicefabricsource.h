#pragma once

#include "httptokensource.h"

namespace idex {

/*! Service Fabric: HTTPS to IDENTITY_ENDPOINT with the `secret` header; the server certificate is accepted when it
 * validates or when its SHA-1 thumbprint equals IDENTITY_SERVER_THUMBPRINT (never "ignore all errors"). */
class ServiceFabricSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("servicefabric"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
    RetryPolicy defaultRetryPolicy() const override { return RetryPolicy::serviceFabric(); }
};

} // namespace idex
