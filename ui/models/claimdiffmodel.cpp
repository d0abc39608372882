#include "claimdiffmodel.h"

#include "widgets/labels.h"

#include <QBrush>
#include <QColor>

namespace idex::ui {

ClaimDiffModel::ClaimDiffModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ClaimDiffModel::setTokens(
    const DecodedToken &older, const DecodedToken &newer, const QString &olderName, const QString &newerName)
{
    m_all = compareTokens(older, newer, true);
    m_olderName = olderName;
    m_newerName = newerName;
    rebuild();
    Q_EMIT headerDataChanged(Qt::Horizontal, LeftColumn, RightColumn);
}

void ClaimDiffModel::clear()
{
    m_all.clear();
    rebuild();
}

void ClaimDiffModel::setShowOnlyMeaningful(bool onlyMeaningful)
{
    if (m_onlyMeaningful == onlyMeaningful)
        return;
    m_onlyMeaningful = onlyMeaningful;
    rebuild();
}

void ClaimDiffModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const ClaimDifference &d : std::as_const(m_all)) {
        if (m_onlyMeaningful && (d.kind == ClaimDifference::Kind::Same || (!d.inHeader && isVolatileClaim(d.name))))
            continue;
        m_rows << d;
    }
    endResetModel();
}

int ClaimDiffModel::count(ClaimDifference::Kind kind) const
{
    return int(
        std::count_if(m_all.cbegin(), m_all.cend(), [kind](const ClaimDifference &d) { return d.kind == kind; }));
}

int ClaimDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClaimDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClaimDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClaimDifference &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return d.inHeader ? QStringLiteral("header.%1").arg(d.name) : d.name;
        case LeftColumn: return d.kind == ClaimDifference::Kind::Added ? QStringLiteral("\u2014") : d.left;
        case RightColumn: return d.kind == ClaimDifference::Kind::Removed ? QStringLiteral("\u2014") : d.right;
        }
        break;
    case Qt::ToolTipRole: return QStringLiteral("%1: %2").arg(d.name, differenceKindName(d.kind));
    case Qt::FontRole: return fixedFont();
    case Qt::BackgroundRole:
        // Soft tints that stay readable in light and dark palettes.
        switch (d.kind) {
        case ClaimDifference::Kind::Added: return QBrush(QColor(46, 160, 67, 50));
        case ClaimDifference::Kind::Removed: return QBrush(QColor(248, 81, 73, 50));
        case ClaimDifference::Kind::Changed: return QBrush(QColor(210, 153, 34, 50));
        case ClaimDifference::Kind::Same: break;
        }
        break;
    case KindRole: return differenceKindName(d.kind);
    default: break;
    }
    return {};
}

QVariant ClaimDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return QStringLiteral("Claim");
    case LeftColumn: return m_olderName;
    case RightColumn: return m_newerName;
    }
    return {};
}

} // namespace idex::ui
