#pragma once

#include "directory.h"

#include <QJsonObject>

namespace idex::directoryjson {

/*! Graph's JSON shapes <-> the directory value types. Used by the Graph reader (pages of Graph objects) and the
    snapshot files (which store the same shapes). Unknown properties are ignored; missing ones stay empty. */
AppRole appRoleFromJson(const QJsonObject &json);
Application applicationFromJson(const QJsonObject &json);
ServicePrincipal servicePrincipalFromJson(const QJsonObject &json);
AppRoleAssignment assignmentFromJson(const QJsonObject &json);
OAuth2PermissionGrant grantFromJson(const QJsonObject &json);

QJsonObject toJson(const AppRole &role);
QJsonObject toJson(const Application &application);
QJsonObject toJson(const ServicePrincipal &servicePrincipal);
QJsonObject toJson(const AppRoleAssignment &assignment);
QJsonObject toJson(const OAuth2PermissionGrant &grant);

} // namespace idex::directoryjson
