#pragma once

#include <QList>
#include <QString>

namespace idex {
class Directory;
class Session;
namespace emulator {
struct Scenario;
}

/*! A user-assigned managed identity a person can pick by name instead of typing a GUID: from the emulator's
    scenario (what the local endpoint will answer for) or from the loaded directory (service principals of type
    ManagedIdentity with isExplicit=True). */
struct IdentityChoice
{
    QString name;
    QString clientId; ///< the appId: ?client_id= / ?mi_res_id= pickers, appid in tokens
    QString objectId; ///< the service principal's id: ?object_id= / ?principal_id=, oid in tokens
    QString resourceId; ///< the ARM id: ?mi_res_id= / ?msi_res_id=
    QString origin; ///< "scenario" or "directory"
    bool attached = true; ///< scenario only: false when the host has not attached it (the endpoint says not found)

    /*! "reader-identity · client 3f2a8c1d…" for a picker. */
    QString label() const;
};

/*! The user-assigned identities known from \a scenario and \a directory (either may be null), scenario first, each
    identity once (matched by client ID), sorted by name within each origin. */
QList<IdentityChoice> identityChoices(const emulator::Scenario *scenario, const Directory *directory);

/*! The identities \a session knows: its emulator's scenario's and its directory's. */
QList<IdentityChoice> identityChoicesOf(const Session &session);

} // namespace idex
