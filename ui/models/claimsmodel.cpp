#include "claimsmodel.h"

#include "jwt/claimsreport.h"
#include "widgets/labels.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace idex::ui {

ClaimsModel::ClaimsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ClaimsModel::setCatalog(const ClaimsCatalog &catalog)
{
    beginResetModel();
    m_catalog = catalog;
    endResetModel();
}

void ClaimsModel::setToken(const DecodedToken &token)
{
    beginResetModel();
    m_token = token;
    m_names = token.claimOrder.isEmpty() ? token.claims.keys() : token.claimOrder;
    endResetModel();
}

void ClaimsModel::clear()
{
    beginResetModel();
    m_token = DecodedToken();
    m_names.clear();
    endResetModel();
}

void ClaimsModel::setNow(const QDateTime &now)
{
    m_now = now;
    // Only relative times change: repaint the value column, keep selection and scroll position.
    if (!m_names.isEmpty())
        Q_EMIT dataChanged(index(0, ValueColumn), index(int(m_names.size()) - 1, ValueColumn), { Qt::DisplayRole });
}

void ClaimsModel::setObjectNames(const ObjectNames &names)
{
    m_objectNames = names;
    if (!m_names.isEmpty())
        Q_EMIT dataChanged(index(0, ValueColumn), index(int(m_names.size()) - 1, ValueColumn));
}

int ClaimsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

int ClaimsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ClaimsModel::valueText(const QString &claim) const
{
    QString text = readableClaimValue(m_token, claim, m_now);
    const QString raw = m_token.claimText(claim);
    if (const ObjectName *name = m_objectNames.find(raw))
        text += QStringLiteral("  \u2192 %1").arg(name->name);
    return text;
}

QVariant ClaimsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString claim = m_names.at(index.row());
    const std::optional<ClaimInfo> info = m_catalog.claim(claim);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ClaimColumn: return claim;
        case ValueColumn: return valueText(claim);
        case MeaningColumn: return info ? info->name : QStringLiteral("Not in the catalog");
        }
        break;
    case Qt::ToolTipRole: {
        if (index.column() == ValueColumn)
            return m_token.claimText(claim).toHtmlEscaped();
        if (!info)
            return QStringLiteral(
                "\"%1\" is not an Entra access token claim the catalog knows: a custom or optional claim.")
                .arg(claim);
        QString tip = QStringLiteral("<b>%1</b> (%2)<p>%3</p>")
                          .arg(info->name.toHtmlEscaped(), info->version, info->explanation.toHtmlEscaped());
        if (!info->managedIdentity.isEmpty())
            tip += QStringLiteral("<p><i>Managed identity:</i> %1</p>").arg(info->managedIdentity.toHtmlEscaped());
        return tip;
    }
    case Qt::FontRole:
        if (index.column() != MeaningColumn) {
            QFont font = fixedFont();
            font.setBold(index.column() == ClaimColumn);
            return font;
        }
        if (!info) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == MeaningColumn && !info)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        break;
    case ClaimNameRole: return claim;
    case RawValueRole: return m_token.claimText(claim);
    case ExplanationRole: return info ? info->explanation : QString();
    case KnownRole: return bool(info);
    case KindRole: return info ? info->kind : QString();
    default: break;
    }
    return {};
}

QVariant ClaimsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ClaimColumn: return QStringLiteral("Claim");
    case ValueColumn: return QStringLiteral("Value");
    case MeaningColumn: return QStringLiteral("Meaning");
    }
    return {};
}

} // namespace idex::ui
