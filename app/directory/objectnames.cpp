#include "objectnames.h"

#include "directory.h"

#include <QRegularExpression>

namespace idex {

namespace {
const QRegularExpression &guidPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"));
    return pattern;
}
} // namespace

QString ObjectNames::key(const QString &value)
{
    QString k = value.trimmed().toLower();
    if (k.endsWith(QLatin1String("/.default")))
        k.chop(9);
    while (k.endsWith(u'/'))
        k.chop(1);
    return k;
}

QString ObjectNames::shortGuid(const QString &guid)
{
    return guid.size() > 8 ? guid.left(8) + QChar(0x2026) : guid;
}

void ObjectNames::add(const QString &value, const ObjectName &name)
{
    const QString k = key(value);
    if (k.isEmpty() || name.name.isEmpty() || m_names.contains(k))
        return;
    m_names.insert(k, name);
}

ObjectNames ObjectNames::of(const Directory &directory)
{
    ObjectNames names;
    for (const Application &app : directory.applications()) {
        const ObjectName name { app.displayName, app.identifierUris.value(0), app.appId };
        names.add(app.appId, name);
        names.add(app.id, { app.displayName + QStringLiteral(" (app registration)"), name.uri, app.id });
        for (const QString &uri : app.identifierUris)
            names.add(uri, name);
        for (const AppRole &role : app.appRoles)
            names.add(role.id, { QStringLiteral("app role %1").arg(role.value), {}, role.id });
    }
    for (const ServicePrincipal &sp : directory.servicePrincipals()) {
        const Application *app = directory.applicationByAppId(sp.appId);
        const QString uri = app ? app->identifierUris.value(0) : QString();
        names.add(sp.id, { sp.displayName, uri, sp.id });
        names.add(sp.appId, { sp.displayName, uri, sp.appId });
        for (const AppRole &role : sp.appRoles)
            names.add(role.id, { QStringLiteral("app role %1").arg(role.value), {}, role.id });
    }
    return names;
}

const ObjectName *ObjectNames::find(const QString &value) const
{
    const auto it = m_names.constFind(key(value));
    return it == m_names.cend() ? nullptr : &*it;
}

QString ObjectNames::describe(const QString &value) const
{
    const ObjectName *name = find(value);
    if (!name)
        return value;
    QStringList details;
    if (!name->uri.isEmpty())
        details << name->uri;
    if (!name->id.isEmpty())
        details << shortGuid(name->id);
    return details.isEmpty() ? name->name
                             : QStringLiteral("%1 (%2)").arg(name->name, details.join(QStringLiteral(", ")));
}

QString ObjectNames::annotate(const QString &text) const
{
    if (m_names.isEmpty())
        return text;
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = guidPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const ObjectName *name = find(match.captured());
        if (!name)
            continue;
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += QStringLiteral("%1 (%2)").arg(name->name, shortGuid(match.captured()));
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace idex
