#include "statuscard.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

struct Look
{
    const char *icon;
    const char *accent;
    const char *background;
};

Look lookOf(StatusCard::Tone tone)
{
    switch (tone) {
    case StatusCard::Tone::Ok: return { ":/icons/ok.svg", "#1e7e34", "#f3faf4" };
    case StatusCard::Tone::Error: return { ":/icons/error.svg", "#b3261e", "#fdf3f2" };
    case StatusCard::Tone::Warning: return { ":/icons/warning.svg", "#a34d00", "#fff8e1" };
    case StatusCard::Tone::Neutral: return { ":/icons/info.svg", "#8a94a6", "#f6f8fa" };
    }
    return { ":/icons/info.svg", "#8a94a6", "#f6f8fa" };
}

} // namespace

StatusCard::StatusCard(const QString &name, Tone tone, QWidget *parent)
    : QFrame(parent)
    , m_tone(tone)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_body(new QVBoxLayout)
{
    setObjectName(name);
    // The background is light in every theme: dark text on it, not the palette's (white in a dark theme).
    QPalette dark = palette();
    dark.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Text, QColor(0x20, 0x20, 0x20));
    setPalette(dark);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(12);
    m_icon->setAlignment(Qt::AlignTop);
    layout->addWidget(m_icon, 0, Qt::AlignTop);

    m_title->setTextFormat(Qt::PlainText); // titles quote endpoints and tokens
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_title->hide();
    m_body->setSpacing(6);
    m_body->addWidget(m_title);
    layout->addLayout(m_body, 1);
    setTone(tone);
}

void StatusCard::setTone(Tone tone)
{
    m_tone = tone;
    const Look look = lookOf(tone);
    // Scoped to this frame by name: the labels inside (QFrames too) keep their own look.
    setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border: 1px solid #d8dde6; border-left: 4px solid %3; "
                                 "border-radius: 6px; }")
                      .arg(objectName(), QLatin1String(look.background), QLatin1String(look.accent)));
    updateIcon();
}

void StatusCard::setTitle(const QString &title)
{
    m_title->setText(title);
    m_title->setVisible(!title.isEmpty());
}

void StatusCard::setCompact(bool compact)
{
    m_compact = compact;
    if (compact)
        layout()->setContentsMargins(10, 8, 10, 8);
    else
        layout()->setContentsMargins(14, 12, 14, 12);
    static_cast<QHBoxLayout *>(layout())->setSpacing(compact ? 8 : 12);
    m_body->setSpacing(compact ? 2 : 6);
    updateIcon();
}

void StatusCard::updateIcon()
{
    const int size = m_compact ? fontMetrics().height() + 4 : 28;
    m_icon->setPixmap(QIcon(QLatin1String(lookOf(m_tone).icon)).pixmap(size, size));
}

} // namespace idex::ui
