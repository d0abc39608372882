#include "protectedapi.h"

#include <QJsonArray>

namespace idex {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray()) {
        if (item.isString())
            out.append(item.toString());
    }
    return out;
}

} // namespace

HttpRequest scenarioRequest(const QUrl &emulatorBase, const QByteArray &adminToken)
{
    HttpRequest request;
    request.url = emulatorBase.resolved(QUrl(QStringLiteral("/admin/scenario")));
    request.setHeader("Accept", "application/json");
    request.setHeader("Authorization", "Bearer " + adminToken);
    request.timeout = std::chrono::milliseconds(5000);
    return request;
}

QList<ProtectedApi> protectedApisFromScenario(const QJsonObject &scenario, const QUrl &emulatorBase)
{
    QList<ProtectedApi> out;
    const QJsonArray applications = scenario.value(QLatin1String("applications")).toArray();
    for (const QJsonValue &value : scenario.value(QLatin1String("functions")).toArray()) {
        const QJsonObject function = value.toObject();
        const QString path = function.value(QLatin1String("path")).toString();
        if (!path.startsWith(u'/'))
            continue;
        ProtectedApi api;
        api.name = function.value(QLatin1String("name")).toString(path);
        api.url = emulatorBase.resolved(QUrl(path));
        api.appId = function.value(QLatin1String("appId")).toString();
        api.allowedAudiences = strings(function.value(QLatin1String("allowedAudiences")));
        api.requiredRoles = strings(function.value(QLatin1String("requiredRoles")));
        api.allowedApplications = strings(function.value(QLatin1String("allowedApplications")));
        api.audience = api.appId;
        for (const QJsonValue &application : applications) {
            const QJsonObject app = application.toObject();
            if (app.value(QLatin1String("appId")).toString() != api.appId)
                continue;
            const QStringList uris = strings(app.value(QLatin1String("identifierUris")));
            if (!uris.isEmpty())
                api.audience = uris.first();
        }
        out.append(api);
    }
    return out;
}

} // namespace idex
