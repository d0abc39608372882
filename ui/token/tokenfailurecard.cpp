#include "tokenfailurecard.h"

#include "net/redaction.h"
#include "widgets/actionrow.h"
#include "widgets/labels.h"

#include <QLabel>
#include <QVBoxLayout>

namespace idex::ui {

TokenFailureCard::TokenFailureCard(QWidget *parent)
    : StatusCard(QStringLiteral("failureCard"), Tone::Error, parent)
    , m_detail(valueLabel(this, QStringLiteral("failureDetail")))
    , m_fix(valueLabel(this, QStringLiteral("failureFix")))
    , m_meta(hintLabel(this, QStringLiteral("failureMeta")))
    , m_actions(new QVBoxLayout)
{
    titleLabel()->setObjectName(QStringLiteral("failureTitle"));
    m_meta->setTextFormat(Qt::PlainText);
    m_actions->setContentsMargins(0, 0, 0, 0);
    m_actions->setSpacing(2);
    body()->addWidget(m_detail);
    body()->addWidget(new QLabel(QStringLiteral("<b>How to fix</b>"), this));
    body()->addWidget(m_fix);
    body()->addLayout(m_actions);
    body()->addWidget(m_meta);
}

void TokenFailureCard::setFailure(const TokenFailure &failure, const QString &fix, const QList<FindingAction> &actions)
{
    setTitle(redaction::redactText(failure.title));
    m_detail->setText(redaction::redactText(failure.detail));
    m_fix->setText(redaction::redactText(fix));
    QString meta = QStringLiteral("Error code: %1").arg(failure.code);
    if (!failure.sourceName.isEmpty())
        meta += QStringLiteral(" · source: %1").arg(failure.sourceName);
    if (failure.attempts > 0)
        meta += QStringLiteral(" · %1 %2")
                    .arg(failure.attempts)
                    .arg(failure.attempts == 1 ? QStringLiteral("request") : QStringLiteral("requests"));
    m_meta->setText(meta);
    while (QLayoutItem *item = m_actions->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const FindingAction &action : actions) {
        auto *row = new ActionRow(action, this);
        connect(row, &ActionRow::triggered, this, &TokenFailureCard::actionTriggered);
        m_actions->addWidget(row);
    }
}

} // namespace idex::ui
