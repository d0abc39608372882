#include "comparetab.h"

#include "jwt/tokencompare.h"
#include "models/claimdiffmodel.h"
#include "window/uizoom.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace idex::ui {

CompareTab::CompareTab(ClaimDiffModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    auto *compareLayout = new QVBoxLayout(this);
    compareLayout->setContentsMargins(6, 6, 6, 6);
    m_input = new QPlainTextEdit(this);
    UiZoom::markSecret(m_input);
    m_input->setObjectName(QStringLiteral("compareInput"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setPlaceholderText(
        QStringLiteral("Paste the other token here. Until then this compares with the previous token shown."));
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 3 + 14);
    connect(m_input, &QPlainTextEdit::textChanged, this, &CompareTab::refresh);
    compareLayout->addWidget(m_input);
    auto *compareRow = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    compareRow->addWidget(m_summary, 1);
    m_meaningful = new QCheckBox(QStringLiteral("Only meaningful differences"), this);
    m_meaningful->setToolTip(
        QStringLiteral("Hide equal claims and those that differ between any two tokens (iat, nbf, exp, uti, aio, rh)"));
    m_meaningful->setChecked(true);
    connect(m_meaningful, &QCheckBox::toggled, m_model, &ClaimDiffModel::setShowOnlyMeaningful);
    m_model->setShowOnlyMeaningful(true);
    compareRow->addWidget(m_meaningful);
    compareLayout->addLayout(compareRow);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("compareView"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->horizontalHeader()->setSectionResizeMode(ClaimDiffModel::NameColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ClaimDiffModel::LeftColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(ClaimDiffModel::RightColumn, QHeaderView::Stretch);
    compareLayout->addWidget(m_view, 1);
}

void CompareTab::setTokens(const std::optional<DecodedToken> &current, const std::optional<DecodedToken> &previous)
{
    m_current = current;
    m_previous = previous;
    refresh();
}

bool CompareTab::setOtherText(const QString &text)
{
    if (m_input->toPlainText() != text)
        m_input->setPlainText(text); // refresh() follows through textChanged
    return decodeToken(text).ok();
}

void CompareTab::refresh()
{
    if (!m_current) {
        m_model->clear();
        m_summary->setText(QStringLiteral("No token to compare."));
        return;
    }
    std::optional<DecodedToken> other;
    QString otherName;
    const QString text = m_input->toPlainText();
    if (!text.trimmed().isEmpty()) {
        const DecodeResult decoded = decodeToken(text);
        if (!decoded.ok()) {
            m_model->clear();
            m_summary->setText(QStringLiteral("The other token: %1").arg(decoded.message));
            return;
        }
        other = decoded.token;
        otherName = QStringLiteral("the pasted token");
    } else if (m_previous) {
        other = m_previous;
        otherName = QStringLiteral("the previous token");
    }
    if (!other) {
        m_model->clear();
        m_summary->setText(QStringLiteral("Paste another token to compare it with this one."));
        return;
    }
    // Additions and removals are told from the newer token's point of view: a role that appeared is "added".
    const qint64 otherIat = other->claimTime(QStringLiteral("iat")).value_or(QDateTime()).toSecsSinceEpoch();
    const qint64 thisIat = m_current->claimTime(QStringLiteral("iat")).value_or(QDateTime()).toSecsSinceEpoch();
    const bool otherIsNewer = otherIat > thisIat;
    const QString thisName = QStringLiteral("This token");
    const QString otherTitle = otherName.left(1).toUpper() + otherName.mid(1);
    if (otherIsNewer)
        m_model->setTokens(
            *m_current, *other, thisName + QStringLiteral(" (older)"), otherTitle + QStringLiteral(" (newer)"));
    else
        m_model->setTokens(
            *other, *m_current, otherTitle + QStringLiteral(" (older)"), thisName + QStringLiteral(" (newer)"));
    m_summary->setText(
        QStringLiteral("%1 against %2: %3 added, %4 removed, %5 changed")
            .arg(otherIsNewer ? otherTitle : thisName, otherIsNewer ? QStringLiteral("this token") : otherName)
            .arg(m_model->count(ClaimDifference::Kind::Added))
            .arg(m_model->count(ClaimDifference::Kind::Removed))
            .arg(m_model->count(ClaimDifference::Kind::Changed)));
}

} // namespace idex::ui
