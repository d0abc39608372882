#pragma once

#include "directory/objectnames.h"
#include "jwt/claimscatalog.h"
#include "jwt/decodedtoken.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>

namespace idex::ui {

/*! The claims of one token as a table: claim, value (read for people), meaning from the catalog. Claims keep the
    token's own order. Unknown claims are shown plainly, marked as not in the catalog. */
class ClaimsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ClaimColumn, ValueColumn, MeaningColumn, ColumnCount };
    enum Role {
        ClaimNameRole = Qt::UserRole + 1, ///< QString: "appid"
        RawValueRole, ///< QString: the value exactly as in the token (what Copy value copies)
        ExplanationRole, ///< QString: the catalog's explanation, empty for unknown claims
        KnownRole, ///< bool: the claim is in the catalog
        KindRole, ///< QString: the catalog kind (guid, time, list ...)
    };

    explicit ClaimsModel(QObject *parent = nullptr);

    void setCatalog(const ClaimsCatalog &catalog);
    void setToken(const DecodedToken &token);
    void clear();
    /*! The clock relative times are computed from; the panel advances it every few seconds. */
    void setNow(const QDateTime &now);
    /*! Names for GUIDs (appid, oid, tid ...) when a directory or the emulator's scenario knows them. */
    void setObjectNames(const ObjectNames &names);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString claimAt(int row) const { return m_names.value(row); }
    int rowOf(const QString &claim) const { return int(m_names.indexOf(claim)); }

private:
    QString valueText(const QString &claim) const;

    ClaimsCatalog m_catalog;
    DecodedToken m_token;
    QStringList m_names;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    ObjectNames m_objectNames;
};

} // namespace idex::ui
