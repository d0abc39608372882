#include "verdictbanner.h"

#include <QLabel>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

StatusCard::Tone toneOf(TokenVerdict::Kind kind)
{
    switch (kind) {
    case TokenVerdict::Kind::Valid: return StatusCard::Tone::Ok;
    case TokenVerdict::Kind::Invalid: return StatusCard::Tone::Error;
    case TokenVerdict::Kind::Unverified: return StatusCard::Tone::Warning;
    }
    return StatusCard::Tone::Neutral;
}

} // namespace

VerdictBanner::VerdictBanner(QWidget *parent)
    : StatusCard(QStringLiteral("verdictBanner"), Tone::Neutral, parent)
    , m_reason(new QLabel(this))
{
    setCompact(true); // a sidebar's first line, not a page's
    titleLabel()->setObjectName(QStringLiteral("verdictHeadline"));
    m_reason->setObjectName(QStringLiteral("verdictReason"));
    m_reason->setTextFormat(Qt::PlainText); // the reason quotes token and server text
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    body()->addWidget(m_reason);
    hide();
}

void VerdictBanner::setVerdict(const TokenVerdict &verdict)
{
    m_verdict = verdict;
    setTone(toneOf(verdict.kind));
    setTitle(verdict.headline);
    m_reason->setText(verdict.reason);
    setToolTip(QStringLiteral("Verdict code: %1").arg(verdict.code));
    show();
}

void VerdictBanner::clear()
{
    m_verdict = {};
    hide();
}

QString VerdictBanner::headline() const
{
    return titleLabel()->text();
}

QString VerdictBanner::reason() const
{
    return m_reason->text();
}

} // namespace idex::ui
