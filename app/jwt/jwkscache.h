#pragma once

#include "jsonwebkey.h"

#include <QDateTime>
#include <QHash>

#include <chrono>

namespace idex {

/*! Key sets by JWKS URL, with Entra's refresh rules (signing-key-rollover): use cached keys while they are fresh,
    refresh every hour, and fetch again on an unknown kid, but at most every 5 minutes so that a token with a
    made-up kid cannot make us hammer the issuer. Pure: the caller passes the clock. */
class JwksCache
{
public:
    static constexpr std::chrono::minutes kUnknownKeyRefresh { 5 };
    static constexpr std::chrono::hours kRefresh { 1 };

    struct Entry
    {
        JsonWebKeySet keys;
        QDateTime fetchedAt;
    };

    enum class Decision {
        Fetch, ///< nothing cached, or the cache is older than kRefresh
        FetchForUnknownKey, ///< the kid is not cached and the last fetch is older than kUnknownKeyRefresh
        UseCached, ///< the kid is cached (or the token names none)
        UseCachedUnknownKey ///< the kid is not cached, but the last fetch is too recent to fetch again
    };

    Decision decide(const QString &url, const QString &keyId, const QDateTime &now) const;
    void store(const QString &url, const JsonWebKeySet &keys, const QDateTime &now);
    const Entry *entry(const QString &url) const;
    void clear() { m_entries.clear(); }

private:
    QHash<QString, Entry> m_entries;
};

} // namespace idex
