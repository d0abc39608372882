#pragma once

#include <QFont>
#include <QString>

class QLabel;
class QWidget;

namespace idex::ui {

/*! A value shown as written (endpoints, tokens and scenario files supply it: never markup), selectable and wrapped;
    \a monospace for URLs, GUIDs and masked tokens. */
QLabel *valueLabel(QWidget *parent, const QString &name, bool monospace = false);

/*! Grey help text under a field or a card (rich text: callers escape what they did not write themselves). */
QLabel *hintLabel(QWidget *parent, const QString &name);

/*! The system's fixed-width font at the window's zoom (the application font's size over the platform's general font):
    for fonts that models hand to views, which presenter mode cannot reach as it reaches widgets. */
QFont fixedFont();

} // namespace idex::ui
