#pragma once

#include "tokenrequest.h"
#include "tokenresult.h"

#include <QDateTime>
#include <QHash>

namespace idex {

/*! Tokens already obtained, per (source, endpoint, identity, resource), in memory only: never written anywhere.
    A token within five minutes of expiry counts as expired (as MSAL does). */
class TokenCache
{
public:
    static QString key(
        const QString &sourceId, const QString &endpoint, const IdentitySelector &identity, const QString &resource);

    void insert(const QString &key, const TokenResult &result);
    /*! The cached token marked fromCache, or an invalid result when absent or (nearly) expired. */
    TokenResult lookup(const QString &key, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    void remove(const QString &key);
    void clear();
    int size() const { return int(m_entries.size()); }

private:
    QHash<QString, TokenResult> m_entries;
};

} // namespace idex
