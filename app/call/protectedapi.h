#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace idex {

/*! A protected function of an emulator scenario, as a ready-made request: where it is, which audience a token
    must carry for it and which app roles it requires. Built by Session::scenarioOffer() (app/session). */
struct ProtectedApi
{
    QString name;
    QUrl url;
    QString appId; ///< the app registration protecting it (its resource_id)
    QString audience; ///< the resource to ask a token for: its first App ID URI, else its appId
    QStringList allowedAudiences;
    QString issuer; ///< the `iss` it is configured with; empty = any of the tenant's
    QStringList requiredRoles; ///< any one of them grants access
    QStringList allowedApplications; ///< appid/azp of the callers it admits; empty = any
};

} // namespace idex
