#pragma once
// A token from an emulator's IMDS endpoint, over real loopback HTTP, as any SDK gets it. Shared by the tests that
// need a genuine emulator token (verification, forgeries, scenarios, the session's diagnosis).
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace idex::testsupport {

/*! The access token the emulator at \a base issues for \a resource (and the user-assigned identity \a clientId);
    empty when it refuses. */
inline QString imdsToken(HttpClient &http, const QUrl &base, const QString &resource, const QString &clientId = {})
{
    QUrlQuery query { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
        { QStringLiteral("resource"), resource } };
    if (!clientId.isEmpty())
        query.addQueryItem(QStringLiteral("client_id"), clientId);
    QUrl url = base;
    url.setPath(QStringLiteral("/metadata/identity/oauth2/token"));
    url.setQuery(query);
    HttpRequest request;
    request.url = url;
    request.setHeader("Metadata", "true");
    const HttpExchange exchange = http.sendAndWait(request);
    if (!exchange.response.isSuccess())
        return {};
    return QJsonDocument::fromJson(exchange.response.body).object().value(QLatin1String("access_token")).toString();
}

} // namespace idex::testsupport
