#include "jwkscache.h"

namespace idex {

JwksCache::Decision JwksCache::decide(const QString &url, const QString &keyId, const QDateTime &now) const
{
    const Entry *cached = entry(url);
    if (!cached)
        return Decision::Fetch;
    const qint64 ageMs = cached->fetchedAt.msecsTo(now);
    if (ageMs >= std::chrono::milliseconds(kRefresh).count() || ageMs < 0)
        return Decision::Fetch;
    if (keyId.isEmpty() || cached->keys.find(keyId))
        return Decision::UseCached;
    return ageMs >= std::chrono::milliseconds(kUnknownKeyRefresh).count() ? Decision::FetchForUnknownKey
                                                                          : Decision::UseCachedUnknownKey;
}

void JwksCache::store(const QString &url, const JsonWebKeySet &keys, const QDateTime &now)
{
    m_entries.insert(url, Entry { keys, now });
}

const JwksCache::Entry *JwksCache::entry(const QString &url) const
{
    const auto it = m_entries.constFind(url);
    return it == m_entries.constEnd() ? nullptr : &it.value();
}

} // namespace idex
