#include "tokenrequest.h"

#include <QRegularExpression>

namespace idex {

QString scopeToResource(const QString &scopeOrResource, QString *error)
{
    const QString trimmed = scopeOrResource.trimmed();
    if (trimmed.isEmpty()) {
        if (error)
            *error = QStringLiteral("No resource given: type a resource such as https://management.azure.com/ or "
                                    "pick a preset.");
        return {};
    }
    if (trimmed.contains(QRegularExpression(QStringLiteral("\\s")))) {
        if (error)
            *error = QStringLiteral("Managed identity returns a token for one resource at a time; \"%1\" holds "
                                    "several scopes. Ask for them one by one.")
                         .arg(trimmed);
        return {};
    }
    static const QString suffix = QStringLiteral("/.default");
    if (trimmed.endsWith(suffix, Qt::CaseInsensitive))
        return trimmed.left(trimmed.size() - suffix.size());
    return trimmed;
}

QString resourceToScope(const QString &resource)
{
    QString scope = resource.trimmed();
    if (scope.endsWith(QLatin1String("/.default"), Qt::CaseInsensitive))
        return scope;
    while (scope.endsWith(u'/'))
        scope.chop(1);
    return scope + QStringLiteral("/.default");
}

QString identityKey(const IdentitySelector &identity)
{
    switch (identity.kind) {
    case IdentitySelector::Kind::SystemAssigned: return QStringLiteral("system");
    case IdentitySelector::Kind::ClientId: return QStringLiteral("client:") + identity.value.trimmed().toLower();
    case IdentitySelector::Kind::ObjectId: return QStringLiteral("object:") + identity.value.trimmed().toLower();
    case IdentitySelector::Kind::ResourceId: return QStringLiteral("resource:") + identity.value.trimmed().toLower();
    }
    return {};
}

IdentitySelector::Kind identityKindFromName(const QString &name, bool *ok)
{
    if (ok)
        *ok = true;
    if (name == QLatin1String("client-id"))
        return IdentitySelector::Kind::ClientId;
    if (name == QLatin1String("object-id") || name == QLatin1String("principal-id"))
        return IdentitySelector::Kind::ObjectId;
    if (name == QLatin1String("resource-id"))
        return IdentitySelector::Kind::ResourceId;
    if (ok)
        *ok = name == QLatin1String("system");
    return IdentitySelector::Kind::SystemAssigned;
}

} // namespace idex
