#include "secretveil.h"

#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QPainterPath>

namespace idex::ui {

SecretVeil::SecretVeil(QWidget *secret)
    : QWidget(secret)
{
    setObjectName(QStringLiteral("secretVeil"));
    setAttribute(Qt::WA_OpaquePaintEvent); // covers every pixel: nothing of the secret behind it is drawn through
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setFocusPolicy(Qt::NoFocus);
    setGeometry(secret->rect());
    secret->installEventFilter(this);
    show();
    raise();
}

SecretVeil *SecretVeil::of(const QWidget *secret)
{
    return secret->findChild<SecretVeil *>(QString(), Qt::FindDirectChildrenOnly);
}

bool SecretVeil::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parent()) {
        if (event->type() == QEvent::Resize)
            setGeometry(parentWidget()->rect());
        else if (event->type() == QEvent::ChildAdded || event->type() == QEvent::ChildPolished)
            raise(); // a child the widget makes later (a scroll bar) stays under the veil
    }
    return QWidget::eventFilter(watched, event);
}

void SecretVeil::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    // The window's font, not the secret's own (a large fixed-width one): the caption is a hint, not the content.
    const QFont font = QApplication::font();
    painter.setFont(font);
    const QFontMetrics metrics(font);
    const QString caption = QStringLiteral("secret hidden in presenter mode");
    const int margin = qMax(4, metrics.height() / 3);
    const int captionWidth = metrics.horizontalAdvance(caption) + 2 * margin;
    const bool roomForCaption = width() >= captionWidth + 4 * margin;
    const int barsRight = roomForCaption ? width() - captionWidth : width() - margin;
    // Bars where text lines would be: the room sees that something is there, never what.
    const int barHeight = qMax(3, metrics.height() / 2);
    const int lines = qMax(1, (height() - 2 * margin) / metrics.lineSpacing());
    const int step = height() / lines;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    QColor bar = palette().color(QPalette::Text);
    bar.setAlphaF(0.18);
    painter.setBrush(bar);
    for (int line = 0; line < lines && barsRight - margin > 0; ++line) {
        const int y = line * step + (step - barHeight) / 2;
        painter.drawRoundedRect(QRect(margin, y, barsRight - 2 * margin, barHeight), barHeight / 2.0, barHeight / 2.0);
    }
    if (roomForCaption) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(barsRight, 0, captionWidth, qMin(height(), step)), Qt::AlignCenter, caption);
    }
}

} // namespace idex::ui
