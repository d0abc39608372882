#include "emulatorgraphreader.h"

#include <QJsonArray>

namespace idex {

QString emulatorGraphReaderClientId(const QJsonObject &scenario, const QString &wanted, QString *error)
{
    const QString name = scenario.value(QLatin1String("name")).toString();
    const QJsonArray identities = scenario.value(QLatin1String("identities")).toArray();
    if (!wanted.isEmpty()) {
        for (const QJsonValue &v : identities) {
            const QJsonObject identity = v.toObject();
            if (identity.value(QLatin1String("clientId")).toString().compare(wanted, Qt::CaseInsensitive) == 0
                || identity.value(QLatin1String("name")).toString() == wanted)
                return identity.value(QLatin1String("clientId")).toString();
        }
        *error = QStringLiteral("No identity \"%1\" in scenario \"%2\".").arg(wanted, name);
        return {};
    }
    // Microsoft Graph's service principal and the id of its Application.Read.All role.
    QString graphSp;
    QString readRole;
    for (const QJsonValue &v : scenario.value(QLatin1String("servicePrincipals")).toArray()) {
        const QJsonObject sp = v.toObject();
        if (sp.value(QLatin1String("appId")).toString() != QLatin1String("00000003-0000-0000-c000-000000000000"))
            continue;
        graphSp = sp.value(QLatin1String("id")).toString();
        for (const QJsonValue &r : sp.value(QLatin1String("appRoles")).toArray()) {
            if (r.toObject().value(QLatin1String("value")).toString() == QLatin1String("Application.Read.All"))
                readRole = r.toObject().value(QLatin1String("id")).toString();
        }
    }
    for (const QJsonValue &v : scenario.value(QLatin1String("appRoleAssignments")).toArray()) {
        const QJsonObject a = v.toObject();
        if (graphSp.isEmpty()
            || a.value(QLatin1String("resourceId")).toString().compare(graphSp, Qt::CaseInsensitive) != 0
            || a.value(QLatin1String("appRoleId")).toString().compare(readRole, Qt::CaseInsensitive) != 0)
            continue;
        const QString principal = a.value(QLatin1String("principalId")).toString();
        for (const QJsonValue &i : identities) {
            if (i.toObject().value(QLatin1String("principalId")).toString().compare(principal, Qt::CaseInsensitive)
                == 0)
                return i.toObject().value(QLatin1String("clientId")).toString();
        }
    }
    *error = QStringLiteral("No identity of scenario \"%1\" holds Application.Read.All on Microsoft Graph; name one.")
                 .arg(name);
    return {};
}

} // namespace idex
