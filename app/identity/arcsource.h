#pragma once

#include "httptokensource.h"

namespace idex {

/*! Azure Arc-enabled servers: a first GET with Metadata: true is answered 401 with
    `WWW-Authenticate: Basic realm=<key file>`; the key file's contents go back as `Authorization: Basic <contents>`.
    The key file must be in the agent's token directory (relaxable for the emulator, see SourceConfig), end in .key,
    be at most 4096 bytes (checked before reading), and the challenge must hold exactly one '='. */
class ArcSource : public HttpTokenSource
{
    Q_OBJECT
public:
    using HttpTokenSource::HttpTokenSource;

    QString id() const override { return QStringLiteral("arc"); }
    QString displayName() const override;
    QString refusal(const IdentitySelector &identity) const override;

    /*! The agent's key directory on this platform. */
    static QString defaultKeyDirectory();
    /*! Checks the challenge and the key file; the key, or an empty array and \a problem. */
    static QByteArray readKey(
        const QByteArray &challenge, const QString &keyDirectory, bool anyDirectory, QString *problem);

protected:
    QUrl tokenUrl() const override;
    Step buildRequest(const TokenRequest &request) override;
    std::optional<Step> followUp(const HttpExchange &exchange) override;
};

} // namespace idex
