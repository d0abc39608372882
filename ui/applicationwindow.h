#pragma once

#include "emulator/embeddedemulator.h"
#include "mainwindow.h"
#include "session/session.h"

namespace idex::ui {

class LessonsDock;

/*! The whole GUI as identity-explorer starts it: the session, the main window, the built-in emulator with its dock,
    and the Lessons dock driving that same emulator. One place builds it, so that the start-up benchmark measures
    exactly what users start. */
class ApplicationWindow
{
public:
    ApplicationWindow();

    /*! Shows the window, then starts the emulator (seed scenario, ephemeral 127.0.0.1 port) from the event loop: the
        window never waits for key generation. */
    void show();

    Session &session() { return m_session; }
    MainWindow &window() { return m_window; }
    EmbeddedEmulator &emulator() { return m_embedded; }
    LessonsDock &lessons() { return *m_lessons; }

private:
    Session m_session;
    MainWindow m_window { m_session };
    // The emulator outlives nothing that uses it: declared after the window, destroyed before it.
    EmbeddedEmulator m_embedded { m_session };
    LessonsDock *m_lessons = nullptr; ///< owned by the window
};

} // namespace idex::ui
