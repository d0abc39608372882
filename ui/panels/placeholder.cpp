#include "placeholder.h"

#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace idex::ui {

QWidget *makePlaceholder(const QString &iconPath, const QString &text, int issue)
{
    auto *widget = new QWidget;
    auto *layout = new QVBoxLayout(widget);
    layout->addStretch();
    auto *icon = new QLabel;
    icon->setPixmap(QIcon(iconPath).pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    auto *label
        = new QLabel(QStringLiteral("<p style='font-size:13pt'>%1</p><p style='color:gray'>Coming with issue #%2.</p>")
                         .arg(text.toHtmlEscaped())
                         .arg(issue));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    layout->addWidget(label);
    layout->addStretch();
    return widget;
}

} // namespace idex::ui
