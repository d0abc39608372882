#pragma once
// Shared by the call integration tests: an in-process emulator with the seed scenario, and tokens fetched from its
// IMDS endpoint over real loopback HTTP. Every ID comes from the scenario, never a hard-coded GUID.

#include "emulator/emulator.h"
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace idex::testing {

struct SeedFacts
{
    const emulator::ProtectedFunction *function = nullptr;
    QString audience; ///< the App ID URI of the function's registration
    QString requiredRole; ///< the role the function requires
    QString callerClientId; ///< the walkthrough's identity (holds the role); empty = system-assigned
    QString noAccessClientId; ///< a user-assigned identity without the role
};

inline SeedFacts seedFacts(const emulator::Scenario &scenario)
{
    SeedFacts facts;
    if (scenario.functions.isEmpty())
        return facts;
    facts.function = &scenario.functions.first();
    const emulator::Application *app = scenario.applicationByAppId(facts.function->appId);
    facts.audience = app && !app->identifierUris.isEmpty() ? app->identifierUris.first() : facts.function->appId;
    facts.requiredRole = facts.function->requiredRoles.value(0);
    const emulator::ServicePrincipal *api = scenario.servicePrincipalByAppId(facts.function->appId);
    for (const emulator::Identity &identity : scenario.identities) {
        if (!identity.attached || !api)
            continue;
        const bool holds = scenario.rolesOf(identity.principalId, api->id).contains(facts.requiredRole);
        if (holds && facts.callerClientId.isEmpty() && identity.isSystem())
            facts.callerClientId = identity.clientId;
        if (!holds && facts.noAccessClientId.isEmpty() && !identity.isSystem())
            facts.noAccessClientId = identity.clientId;
    }
    return facts;
}

/*! A token from the emulator's IMDS endpoint, as a VM would get it; empty on failure. clientId empty = system. */
inline QString imdsToken(HttpClient &http, const QUrl &base, const QString &resource, const QString &clientId = {})
{
    HttpRequest request;
    QUrl url = base.resolved(QUrl(QStringLiteral("/metadata/identity/oauth2/token")));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("api-version"), QStringLiteral("2018-02-01"));
    query.addQueryItem(QStringLiteral("resource"), resource);
    if (!clientId.isEmpty())
        query.addQueryItem(QStringLiteral("client_id"), clientId);
    url.setQuery(query);
    request.url = url;
    request.setHeader("Metadata", "true");
    const HttpExchange exchange = http.sendAndWait(request);
    if (!exchange.response.isSuccess())
        return {};
    return QJsonDocument::fromJson(exchange.response.body).object().value(QLatin1String("access_token")).toString();
}

} // namespace idex::testing
