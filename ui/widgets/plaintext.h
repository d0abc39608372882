#pragma once

#include <QString>

namespace idex::ui {

/*! A tooltip that shows \a text as written. Qt renders a tooltip as rich text whenever it looks like markup, so a
    URL, a certificate subject or a directory value holding `<img src=...>` would be drawn; escaped and kept as one
    pre-wrapped block, it is shown literally. (Labels showing such text use Qt::PlainText instead.) */
QString plainToolTip(const QString &text);

} // namespace idex::ui
