#pragma once

#include <QString>

class QWidget;

namespace idex::ui {

/*! The centred icon and sentence a panel shows until its issue lands. */
QWidget *makePlaceholder(const QString &iconPath, const QString &text, int issue);

} // namespace idex::ui
