#pragma once

#include "identity/tokenresult.h"

#include <QString>

namespace idex {

/*! Which cache a token came from. Three caches stand between a click and a brand-new token: the app's own (in
    memory, skipped by Force refresh), the managed identity endpoint's (the platform keeps a token per resource for
    about 24 hours; the emulator too), and the token's own lifetime. Force refresh can only skip the first: when the
    endpoint answers with the token it gave before, say so. */
struct TokenFreshness
{
    enum class Kind {
        AppCache, ///< from the app's in-memory cache: no request was sent
        New, ///< a token the endpoint had not given before (another iat/uti)
        EndpointCache, ///< the endpoint answered with the same token as before: its own cache
        First, ///< nothing to compare with: the first token for this request
    };
    Kind kind = Kind::First;
    QString text; ///< one line for the result card

    QString kindName() const; ///< "app-cache", "new", "endpoint-cache", "first"
};

/*! Pure: how fresh \a token is, given the token the same request gave before (\a previous, may be invalid). */
TokenFreshness freshnessOf(const TokenResult &token, const TokenResult &previous);

} // namespace idex
