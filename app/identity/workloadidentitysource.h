#pragma once

#include "httptokensource.h"

namespace idex {

/*! AKS workload identity: exchanges the federated token file (AZURE_FEDERATED_TOKEN_FILE) for a token at
 * {AZURE_AUTHORITY_HOST}{tenant}/oauth2/v2.0/token (client credentials with a JWT assertion). */
class WorkloadIdentitySource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("workload"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
