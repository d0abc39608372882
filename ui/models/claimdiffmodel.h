#pragma once

#include "jwt/tokencompare.h"

#include <QAbstractTableModel>

namespace idex::ui {

/*! Two tokens side by side: one row per header parameter or claim, coloured by added / removed / changed. */
class ClaimDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, LeftColumn, RightColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 }; ///< QString: "same", "added", "removed", "changed"

    explicit ClaimDiffModel(QObject *parent = nullptr);

    void setTokens(const DecodedToken &left, const DecodedToken &right);
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
};

} // namespace idex::ui
