#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace idex {

/*! The fields of a managed identity token response, whatever the protocol's spelling and types. */
struct TokenResponse
{
    QString accessToken;
    QString tokenType;
    QString resource;
    QString clientId;
    QDateTime expiresOn; ///< UTC; from expires_on, else expires_in; invalid when neither is readable
    QDateTime notBefore;
};

/*! Reads a JSON token response. Fails (nullopt + \a error) when the body is not JSON or has no access_token. */
std::optional<TokenResponse> parseTokenResponse(const QByteArray &body, const QDateTime &now, QString *error = nullptr);

/*! Every expires_on form seen in the wild: epoch number, numeric string, ISO 8601, and the 2017 App Service date
    strings in their Windows ("1/16/2020 5:24:12 AM +00:00") and Linux ("06/20/2019 02:57:58 +00:00") forms.
    Numbers below 978307200 (2001-01-01) are relative seconds, as MSAL.NET reads them. */
std::optional<QDateTime> parseExpiresOn(const QJsonValue &value, const QDateTime &now);
std::optional<QDateTime> parseExpiresOn(const QString &text, const QDateTime &now);

/*! expires_in: seconds from \a now, as a number or a numeric string. */
std::optional<QDateTime> parseExpiresIn(const QJsonValue &value, const QDateTime &now);

} // namespace idex
