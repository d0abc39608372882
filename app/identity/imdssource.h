#pragma once

#include "httptokensource.h"

namespace idex {

/*! Azure Instance Metadata Service (VM, VM scale set): GET with Metadata: true, api-version 2018-02-01. The base URL is
 * overridable (endpoint, then AZURE_POD_IDENTITY_AUTHORITY_HOST, then 169.254.169.254). */
class ImdsSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("imds"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
    RetryPolicy defaultRetryPolicy() const override { return RetryPolicy::imds(); }
};

} // namespace idex
