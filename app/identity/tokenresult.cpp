#include "tokenresult.h"

namespace idex {

QString IdentitySelector::describe() const
{
    switch (kind) {
    case Kind::SystemAssigned: return QStringLiteral("system-assigned");
    case Kind::ClientId: return QStringLiteral("user-assigned, client ID %1").arg(value);
    case Kind::ObjectId: return QStringLiteral("user-assigned, object ID %1").arg(value);
    case Kind::ResourceId: return QStringLiteral("user-assigned, resource ID %1").arg(value);
    }
    return {};
}

} // namespace idex
