#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace idex {

/*! What a claim means, from the catalog data (resources/claims/catalog.json). */
struct ClaimInfo
{
    QString claim; ///< "appid"
    QString name; ///< "Application (client) ID"
    QString explanation; ///< plain words
    QString version; ///< "v1", "v2" or "both"
    QString kind; ///< string, guid, url, time, number, list, opaque, flag, json
    QString managedIdentity; ///< what it holds in a managed identity token, when that says more
};

/*! The claims catalog: header parameters and Entra v1/v2 access token claims. Data, not code: edit the JSON. */
class ClaimsCatalog
{
public:
    /*! The catalog compiled into idex_core (:/claims/catalog.json). */
    static ClaimsCatalog builtIn();
    /*! A catalog from JSON text; empty with \a error set when it cannot be read. */
    static ClaimsCatalog fromJson(const QByteArray &json, QString *error = nullptr);

    std::optional<ClaimInfo> claim(const QString &name) const;
    std::optional<ClaimInfo> headerParameter(const QString &name) const;
    QList<ClaimInfo> claims() const { return m_claims; }
    QList<ClaimInfo> headerParameters() const { return m_header; }
    bool isEmpty() const { return m_claims.isEmpty(); }

    /*! A short reading of one value, when the value itself says something: appidacr "2" -> "certificate (or managed
        identity)", idtyp, ver, acct, GUID shapes ... Empty when there is nothing to add. */
    static QString valueNote(const QString &claim, const QString &value);

private:
    QList<ClaimInfo> m_claims;
    QList<ClaimInfo> m_header;
    QHash<QString, qsizetype> m_claimIndex;
    QHash<QString, qsizetype> m_headerIndex;
};

/*! True for a GUID in its usual 8-4-4-4-12 form (any case). */
bool isGuid(const QString &text);

} // namespace idex
