#include "tokenfreshness.h"

#include "jwt/decodedtoken.h"

#include <QLocale>

namespace idex {

namespace {

QString issuedAt(const DecodedToken &token)
{
    const std::optional<QDateTime> iat = token.claimTime(QStringLiteral("iat"));
    return iat ? QLocale::c().toString(iat->toUTC(), QStringLiteral("HH:mm:ss 'UTC'")) : QStringLiteral("no iat");
}

} // namespace

QString TokenFreshness::kindName() const
{
    switch (kind) {
    case Kind::AppCache: return QStringLiteral("app-cache");
    case Kind::New: return QStringLiteral("new");
    case Kind::EndpointCache: return QStringLiteral("endpoint-cache");
    case Kind::First: return QStringLiteral("first");
    }
    return {};
}

TokenFreshness freshnessOf(const TokenResult &token, const TokenResult &previous)
{
    using Kind = TokenFreshness::Kind;
    if (token.fromCache)
        return { Kind::AppCache, QStringLiteral("from this app's in-memory cache (no request sent)") };
    const DecodeResult now = decodeToken(token.accessToken);
    const QString issued = now.ok() ? issuedAt(now.token) : QString();
    if (!previous.isValid())
        return { Kind::First,
            issued.isEmpty() ? QStringLiteral("from the endpoint, now cached in memory")
                             : QStringLiteral("from the endpoint (issued %1), now cached in memory").arg(issued) };
    const DecodeResult before = decodeToken(previous.accessToken);
    const bool same = token.accessToken == previous.accessToken
        || (now.ok() && before.ok() && !now.token.claimText(QStringLiteral("uti")).isEmpty()
            && now.token.claimText(QStringLiteral("uti")) == before.token.claimText(QStringLiteral("uti")));
    if (same)
        return { Kind::EndpointCache,
            QStringLiteral("the endpoint answered from its own cache: the same token as before (issued %1). Managed "
                           "identity endpoints keep a token per resource for about 24 hours; a new role appears only "
                           "in a token issued after it.")
                .arg(issued.isEmpty() ? QStringLiteral("at the same time") : issued) };
    return { Kind::New,
        QStringLiteral("a new token from the endpoint (issued %1; the previous one was issued %2)")
            .arg(issued, before.ok() ? issuedAt(before.token) : QStringLiteral("earlier")) };
}

} // namespace idex
