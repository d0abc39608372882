#pragma once

#include "tokenresult.h"

#include <QString>

namespace idex {

/*! What the user asks a source for: a token for one resource, as one identity. */
struct TokenRequest
{
    QString resource; ///< a resource ("https://vault.azure.net") or one scope ("https://vault.azure.net/.default")
    IdentitySelector identity;
};

/*! Turns a scope into a resource the way every SDK does (strip "/.default"); one scope only. Leaves a plain resource
    unchanged. Returns an empty string and sets \a error for empty input or several scopes. */
QString scopeToResource(const QString &scopeOrResource, QString *error = nullptr);

/*! The reverse, for endpoints that take scopes (the workload identity exchange): "<resource>/.default". */
QString resourceToScope(const QString &resource);

/*! A short, stable key for the identity, used by the token cache and in file-free logs: "system", "client:<id>" ... */
QString identityKey(const IdentitySelector &identity);

/*! Parses the --client-id/--object-id/--resource-id style kind names "client-id", "object-id", "resource-id". */
IdentitySelector::Kind identityKindFromName(const QString &name, bool *ok = nullptr);

} // namespace idex
