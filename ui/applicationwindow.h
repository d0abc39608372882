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
    /*! \a keys: the emulator's, searched for from now on by default (a test hands over keys it made once). */
    explicit ApplicationWindow(
        std::shared_future<EmbeddedEmulator::GeneratedKeys> keys = EmbeddedEmulator::searchKeys());

    /*! Shows the window, then starts the emulator (seed scenario, ephemeral 127.0.0.1 port) once its keys are there
        (their search began with this object): the window never waits for them. */
    void show();

    Session &session() { return m_session; }
    MainWindow &window() { return m_window; }
    EmbeddedEmulator &emulator() { return m_embedded; }
    LessonsDock &lessons() { return *m_lessons; }

private:
    Session m_session;
    // Begun before the window is built: the first token needs the keys, and their search takes longer.
    std::shared_future<EmbeddedEmulator::GeneratedKeys> m_keys;
    MainWindow m_window { m_session };
    // Declared after the window, destroyed before it, as main.cpp always had it: the docks holding it go with the
    // window right after it, and neither they nor the panels touch the emulator while they are destroyed.
    EmbeddedEmulator m_embedded { m_session };
    LessonsDock *m_lessons = nullptr; ///< owned by the window
};

} // namespace idex::ui
