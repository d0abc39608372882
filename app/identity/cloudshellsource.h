#pragma once

#include "httptokensource.h"

namespace idex {

/*! Azure Cloud Shell: POST to MSI_ENDPOINT with Metadata: true and a form body; system identity of the signed-in user
 * only. */
class CloudShellSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("cloudshell"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
};

} // namespace idex
