#include "tokencache.h"

namespace idex {

namespace {
constexpr qint64 kExpiryMarginSecs = 5 * 60;
} // namespace

QString TokenCache::key(
    const QString &sourceId, const QString &endpoint, const IdentitySelector &identity, const QString &resource)
{
    // A resource with and without its trailing slash are different audiences to Entra: keep them apart.
    return sourceId + u'|' + endpoint + u'|' + identityKey(identity) + u'|' + scopeToResource(resource);
}

void TokenCache::insert(const QString &key, const TokenResult &result)
{
    if (!result.isValid())
        return;
    TokenResult stored = result;
    stored.fromCache = false;
    m_entries.insert(key, stored);
}

TokenResult TokenCache::lookup(const QString &key, const QDateTime &now) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd())
        return {};
    // A token of unknown lifetime is not reused: the user would not know how stale it is.
    if (!it->expiresOn.isValid() || now.secsTo(it->expiresOn) <= kExpiryMarginSecs)
        return {};
    TokenResult result = *it;
    result.fromCache = true;
    return result;
}

void TokenCache::remove(const QString &key)
{
    m_entries.remove(key);
}

void TokenCache::clear()
{
    m_entries.clear();
}

} // namespace idex
