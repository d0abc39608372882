#pragma once
// Where a lesson step points: a control of the window, found by the text people see on it, outlined for a moment.

#include <QString>

class QWidget;

namespace idex::ui {

class LessonsDock;
class MainWindow;

/*! Finds the visible button, label or group whose text (without '&' mnemonics) is \a text under \a root, or one on a
    tab of \a root that is not in front (the directory's details in presenter mode), brings it into view (its tab in
    front, scroll areas scrolled to it), outlines it for \a ms and gives a button the focus. False when there is no
    such control. */
bool highlightControl(QWidget *root, const QString &text, int ms = 2500);

/*! Follows \a dock's pointers in \a window: shows the panel (or raises the emulator dock) and outlines the control. */
void followLessonPointers(LessonsDock &dock, MainWindow &window);

} // namespace idex::ui
