#pragma once

#include "sourceconfig.h"
#include "tokensource.h"

#include <QPointer>

class QProcess;
class QTimer;

namespace idex {

/*! The Azure CLI's token for its signed-in account (`az account get-access-token`), as a comparison with the
    managed identity's token. Runs `az` with QProcess; says so plainly when it is not installed. */
class AzureCliSource : public TokenSource
{
    Q_OBJECT
public:
    explicit AzureCliSource(SourceConfig config, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("azcli"); }
    QString displayName() const override { return QStringLiteral("Azure CLI (signed-in account)"); }
    QString refusal(const IdentitySelector &identity) const override;
    QUrl endpoint() const override;

    /*! Reads the JSON `az account get-access-token` prints (expires_on epoch, or the older local-time expiresOn). */
    static std::optional<TokenResult> parseOutput(const QByteArray &json, QString *error);

protected:
    void begin(const TokenRequest &request) override;
    void abort() override;

private:
    void onFinished(int exitCode);

    SourceConfig m_config;
    TokenRequest m_request;
    QPointer<QProcess> m_process;
    QTimer *m_deadline;
    bool m_timedOut = false;
};

} // namespace idex
