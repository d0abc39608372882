#include "labels.h"

#include <QColor>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLabel>
#include <QPalette>

namespace idex::ui {

QLabel *valueLabel(QWidget *parent, const QString &name, bool monospace)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    if (monospace)
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

QLabel *hintLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(0x55, 0x5f, 0x6d));
    label->setPalette(palette);
    return label;
}

QFont fixedFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const qreal general = QFontDatabase::systemFont(QFontDatabase::GeneralFont).pointSizeF();
    const qreal current = QGuiApplication::font().pointSizeF();
    if (general > 0 && current > 0 && font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * current / general);
    return font;
}

} // namespace idex::ui
