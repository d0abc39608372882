#include "claimscatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace idex {

namespace {

QList<ClaimInfo> readList(const QJsonArray &array, QHash<QString, qsizetype> &index)
{
    QList<ClaimInfo> list;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        ClaimInfo info;
        info.claim = object.value(QLatin1String("claim")).toString();
        info.name = object.value(QLatin1String("name")).toString();
        info.explanation = object.value(QLatin1String("explanation")).toString();
        info.version = object.value(QLatin1String("version")).toString();
        info.kind = object.value(QLatin1String("kind")).toString();
        info.managedIdentity = object.value(QLatin1String("managedIdentity")).toString();
        if (info.claim.isEmpty() || index.contains(info.claim))
            continue;
        index.insert(info.claim, list.size());
        list << info;
    }
    return list;
}

} // namespace

ClaimsCatalog ClaimsCatalog::builtIn()
{
    QFile file(QStringLiteral(":/claims/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return fromJson(file.readAll());
}

ClaimsCatalog ClaimsCatalog::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    ClaimsCatalog catalog;
    if (!doc.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : QStringLiteral("not a JSON object");
        return catalog;
    }
    catalog.m_claims = readList(doc.object().value(QLatin1String("claims")).toArray(), catalog.m_claimIndex);
    catalog.m_header = readList(doc.object().value(QLatin1String("header")).toArray(), catalog.m_headerIndex);
    return catalog;
}

std::optional<ClaimInfo> ClaimsCatalog::claim(const QString &name) const
{
    const auto it = m_claimIndex.constFind(name);
    return it == m_claimIndex.constEnd() ? std::nullopt : std::optional<ClaimInfo>(m_claims.at(*it));
}

std::optional<ClaimInfo> ClaimsCatalog::headerParameter(const QString &name) const
{
    const auto it = m_headerIndex.constFind(name);
    return it == m_headerIndex.constEnd() ? std::nullopt : std::optional<ClaimInfo>(m_header.at(*it));
}

QString ClaimsCatalog::valueNote(const QString &claim, const QString &value)
{
    if (claim == QLatin1String("appidacr") || claim == QLatin1String("azpacr")) {
        if (value == QLatin1String("0"))
            return QStringLiteral("public client (no credential)");
        if (value == QLatin1String("1"))
            return QStringLiteral("client secret");
        if (value == QLatin1String("2"))
            return QStringLiteral("certificate or federated credential (managed identities)");
    }
    if (claim == QLatin1String("idtyp"))
        return value == QLatin1String("app") ? QStringLiteral("app-only token")
            : value == QLatin1String("user") ? QStringLiteral("user (delegated) token")
                                             : QString();
    if (claim == QLatin1String("ver"))
        return value == QLatin1String("1.0") ? QStringLiteral("v1.0 token")
            : value == QLatin1String("2.0")  ? QStringLiteral("v2.0 token")
                                             : QString();
    if (claim == QLatin1String("acct"))
        return value == QLatin1String("0") ? QStringLiteral("member")
            : value == QLatin1String("1")  ? QStringLiteral("guest")
                                           : QString();
    if (claim == QLatin1String("iss")) {
        if (value.startsWith(QLatin1String("https://sts.windows.net/")))
            return QStringLiteral("v1.0 issuer form");
        if (value.endsWith(QLatin1String("/v2.0")))
            return QStringLiteral("v2.0 issuer form");
    }
    if (claim == QLatin1String("aud")) {
        if (isGuid(value))
            return QStringLiteral("a client ID");
        if (value.startsWith(QLatin1String("api://")))
            return value.endsWith(u'/') ? QStringLiteral("an App ID URI, with a trailing slash")
                                        : QStringLiteral("an App ID URI");
        if (value.startsWith(QLatin1String("https://")))
            return value.endsWith(u'/') ? QStringLiteral("a URI, with a trailing slash") : QStringLiteral("a URI");
    }
    return {};
}

bool isGuid(const QString &text)
{
    static const QRegularExpression guid(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return guid.match(text).hasMatch();
}

} // namespace idex
