#pragma once

#include "httptokensource.h"

namespace idex {

/*! Azure Machine Learning compute: MSI_ENDPOINT + MSI_SECRET, api-version 2017-09-01, clientid defaulting to
 * DEFAULT_IDENTITY_CLIENT_ID. */
class AzureMlSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("azureml"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
