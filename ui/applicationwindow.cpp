#include "applicationwindow.h"

#include "emulator/emulatordock.h"
#include "lessons/controlhighlight.h"
#include "lessons/lessonsdock.h"

namespace idex::ui {

ApplicationWindow::ApplicationWindow(std::shared_future<EmbeddedEmulator::GeneratedKeys> keys)
    : m_keys(std::move(keys))
{
    m_window.addToolDock(new EmulatorDock(m_embedded, &m_window), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_lessons = new LessonsDock(m_session, &m_window);
    m_lessons->driveEmulator(m_embedded); // one emulator for the panels, the emulator dock and the lessons
    m_window.addToolDock(m_lessons, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    followLessonPointers(*m_lessons, m_window);
}

void ApplicationWindow::show()
{
    m_window.show();
    m_embedded.startLater(emulator::EmulatorOptions {}, &m_window, m_keys);
}

} // namespace idex::ui
