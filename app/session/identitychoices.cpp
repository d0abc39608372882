#include "identitychoices.h"

#include "directory/directory.h"
#include "emulator/emulator.h"
#include "emulator/scenario.h"
#include "session.h"

#include <QSet>

#include <algorithm>

namespace idex {

QString IdentityChoice::label() const
{
    QString text = name.isEmpty() ? clientId : name;
    if (!clientId.isEmpty() && !name.isEmpty())
        text += QStringLiteral(" \u00b7 client %1\u2026").arg(clientId.left(8));
    if (!attached)
        text += QStringLiteral(" (not attached to this host)");
    return text;
}

QList<IdentityChoice> identityChoices(const emulator::Scenario *scenario, const Directory *directory)
{
    QList<IdentityChoice> fromScenario;
    QList<IdentityChoice> fromDirectory;
    QSet<QString> seen; // client IDs, lower case
    if (scenario) {
        for (const emulator::Identity &identity : scenario->identities) {
            if (identity.isSystem() || identity.clientId.isEmpty() || seen.contains(identity.clientId.toLower()))
                continue;
            seen.insert(identity.clientId.toLower());
            fromScenario.append({ identity.name, identity.clientId, identity.principalId, identity.resourceId,
                QStringLiteral("scenario"), identity.attached });
        }
    }
    if (directory) {
        for (const ServicePrincipal &sp : directory->servicePrincipals()) {
            if (sp.managedIdentityKind() != ServicePrincipal::ManagedIdentityKind::UserAssigned || sp.appId.isEmpty()
                || seen.contains(sp.appId.toLower()))
                continue;
            seen.insert(sp.appId.toLower());
            fromDirectory.append(
                { sp.displayName, sp.appId, sp.id, sp.armResourceId(), QStringLiteral("directory"), true });
        }
    }
    const auto byName = [](const IdentityChoice &a, const IdentityChoice &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    };
    std::stable_sort(fromScenario.begin(), fromScenario.end(), byName);
    std::stable_sort(fromDirectory.begin(), fromDirectory.end(), byName);
    return fromScenario + fromDirectory;
}

QList<IdentityChoice> identityChoicesOf(const Session &session)
{
    const emulator::Emulator *emu = session.emulator();
    return identityChoices(emu ? &emu->scenario() : nullptr, session.directory());
}

} // namespace idex
