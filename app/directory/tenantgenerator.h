#pragma once

#include "directory.h"

namespace idex {

/*! Builds a synthetic tenant of a given size for benchmarks, screenshots and `idex directory --generate`: APIs with
    app roles and their registrations, system- and user-assigned managed identities, client applications, users,
    and about three app role assignments per object. Deterministic for a given seed. */
struct TenantGeneratorOptions
{
    int objects = 1000; ///< applications + service principals
    int assignmentsPerObject = 3;
    quint32 seed = 7;
};

Directory generateTenant(const TenantGeneratorOptions &options);

} // namespace idex
