#pragma once

#include "decodedtoken.h"

#include <QList>

namespace idex {

/*! One line of a side-by-side comparison of two tokens. */
struct ClaimDifference
{
    enum class Kind { Same, Added, Removed, Changed };
    Kind kind = Kind::Same;
    bool inHeader = false; ///< a header parameter (alg, kid ...) rather than a claim
    QString name;
    QString left; ///< value in the first token (empty when Added)
    QString right; ///< value in the second token (empty when Removed)
};

/*! Header parameters, then claims, in the first token's order followed by those only the second has. Volatile values
    that always differ between two tokens (iat, nbf, exp, uti, aio, rh, jti) count as Changed like any other: the
    caller decides whether to hide them (see isVolatileClaim). */
QList<ClaimDifference> compareTokens(const DecodedToken &left, const DecodedToken &right, bool includeSame = true);

/*! Claims that differ between any two tokens of the same caller and API (times, per-token IDs, opaque internals). */
bool isVolatileClaim(const QString &name);

QString differenceKindName(ClaimDifference::Kind kind); ///< "same", "added", "removed", "changed"

} // namespace idex
