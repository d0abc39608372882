#include "verdictbanner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

struct Look
{
    const char *icon;
    const char *background;
    const char *border;
};

Look lookOf(TokenVerdict::Kind kind)
{
    switch (kind) {
    case TokenVerdict::Kind::Valid: return { ":/icons/ok.svg", "#e8f5e9", "#2e7d32" };
    case TokenVerdict::Kind::Invalid: return { ":/icons/error.svg", "#fdecea", "#c62828" };
    case TokenVerdict::Kind::Unverified: return { ":/icons/warning.svg", "#fff8e1", "#b26a00" };
    }
    return { ":/icons/info.svg", "#f5f5f5", "#9e9e9e" };
}

} // namespace

VerdictBanner::VerdictBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_headline(new QLabel(this))
    , m_reason(new QLabel(this))
{
    setObjectName(QStringLiteral("verdictBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    m_headline->setObjectName(QStringLiteral("verdictHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_headline->setFont(bold);
    m_reason->setObjectName(QStringLiteral("verdictReason"));
    m_reason->setTextFormat(Qt::PlainText); // the reason quotes token and server text
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->addWidget(m_headline);
    text->addWidget(m_reason);
    layout->addLayout(text, 1);
    hide();
}

void VerdictBanner::setVerdict(const TokenVerdict &verdict)
{
    m_verdict = verdict;
    const Look look = lookOf(verdict.kind);
    // Scoped to this frame: the labels inside keep the palette's text colour.
    setStyleSheet(QStringLiteral("QFrame#verdictBanner { background: %1; border: 1px solid %2; border-radius: 4px; }"
                                 " QFrame#verdictBanner QLabel { color: #202020; background: transparent; }")
                      .arg(QLatin1String(look.background), QLatin1String(look.border)));
    const int size = fontMetrics().height() + 4;
    m_icon->setPixmap(QIcon(QLatin1String(look.icon)).pixmap(size, size));
    m_headline->setText(verdict.headline);
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
    return m_headline->text();
}

QString VerdictBanner::reason() const
{
    return m_reason->text();
}

} // namespace idex::ui
