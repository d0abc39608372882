#include "apiexpectation.h"

#include "call/callresult.h"

namespace idex {

const ProtectedApi *protectedApiFor(const QList<ProtectedApi> &apis, const QUrl &url)
{
    for (const ProtectedApi &api : apis) {
        if (api.url.adjusted(QUrl::RemoveQuery) == url.adjusted(QUrl::RemoveQuery))
            return &api;
    }
    return nullptr;
}

Expectation expectationOf(const ProtectedApi &api)
{
    Expectation expectation;
    expectation.audiences = api.allowedAudiences;
    expectation.issuer = api.issuer;
    expectation.roles = api.requiredRoles;
    // One caller admitted is one client ID to expect; with several, any of them may call, so none is "the" one.
    if (api.allowedApplications.size() == 1)
        expectation.clientId = api.allowedApplications.first();
    return expectation;
}

std::optional<Expectation> expectationLearnedFrom(
    const CallResult &call, const ProtectedApi *api, const Expectation &current)
{
    if (call.status() != 401 && call.status() != 403)
        return std::nullopt;
    if (call.announcedAudience.isEmpty() && call.requiredRoles.isEmpty())
        return std::nullopt;
    Expectation expectation = current;
    if (!call.announcedAudience.isEmpty()) {
        expectation.audiences = QStringList { call.announcedAudience };
        if (api) {
            for (const QString &audience : api->allowedAudiences) {
                if (!expectation.audiences.contains(audience))
                    expectation.audiences.append(audience);
            }
        }
    }
    if (!call.requiredRoles.isEmpty())
        expectation.roles = call.requiredRoles;
    return expectation;
}

} // namespace idex
