#pragma once

#include "jwt/tokencompare.h"

#include <QAbstractTableModel>

namespace idex::ui {

/*! Two tokens side by side, the older on the left: one row per header parameter or claim, coloured by added /
    removed / changed, always from the newer token's point of view (a role that appeared is "added"). */
class ClaimDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, LeftColumn, RightColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 }; ///< QString: "same", "added", "removed", "changed"

    explicit ClaimDiffModel(QObject *parent = nullptr);

    /*! \a older on the left, \a newer on the right; the names head the columns ("the previous token", "this token"). */
    void setTokens(const DecodedToken &older, const DecodedToken &newer,
        const QString &olderName = QStringLiteral("Older token"),
        const QString &newerName = QStringLiteral("Newer token"));
    void clear();
    /*! Hide rows of claims that differ between any two tokens (iat, exp, uti ...) and rows that are the same. */
    void setShowOnlyMeaningful(bool onlyMeaningful);
    bool showOnlyMeaningful() const { return m_onlyMeaningful; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int count(ClaimDifference::Kind kind) const; ///< over all differences, hidden or not

private:
    void rebuild();

    QList<ClaimDifference> m_all;
    QList<ClaimDifference> m_rows;
    bool m_onlyMeaningful = false;
    QString m_olderName = QStringLiteral("Older token");
    QString m_newerName = QStringLiteral("Newer token");
};

} // namespace idex::ui
