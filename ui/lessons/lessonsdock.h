#pragma once
// The Lessons dock: the lesson list (with each lesson's scenario and expected outcome), the current step with its
// action button or the control to click, its checks turning from "not yet: you got X" into check marks, and
// Back / Next / Reset lesson / Reveal the fix. Renders the LessonEngine (app/lessons); holds no lesson logic.

#include "lessons/lessonengine.h"

#include <QDockWidget>

class QBoxLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QTextBrowser;

namespace idex {
class Session;
}

namespace idex::ui {

class EmbeddedEmulator;
class FlowLayout;

class LessonsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit LessonsDock(Session &session, QWidget *parent = nullptr);

    /*! Runs the lessons on the window's embedded emulator: Reset lesson switches it to the lesson's scenario, fresh,
        so the panels, the emulator dock and the lesson share one run and one port. Without it (a dock on its own)
        the engine starts an emulator of its own. \a embedded must outlive the dock's use of it. */
    void driveEmulator(EmbeddedEmulator &embedded);

    lessons::LessonEngine &engine() { return m_engine; }
    /*! Adds a trainer's lesson file to the list; false with \a error (file, field, reason) when it is broken. */
    bool addLessonFile(const QString &path, QString *error);
    /*! Shows the dock with the built-in lesson \a name selected (not started); false when there is none. */
    bool showLesson(const QString &name);

    /*! Presenter mode's step bar: the current step, its checks and buttons, without the lesson list and story. */
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    /*! Presenter mode: the step bar's minimum height, its three rows at their current widths. */
    void fitCompactHeight();

protected:
    /*! Follows the window's presenter mode (the dynamic property PresenterLayout sets on every dock). */
    bool event(QEvent *event) override;

Q_SIGNALS:
    /*! The current step points at \a control ("Get token") in \a panel ("token", "claims", "call", "directory",
        "emulator"): the window shows that panel and outlines the control. */
    void pointerShown(const QString &panel, const QString &control);

private:
    void startSelected();
    void openFile();
    void showStep();
    void showChecks();
    void showEmulator();
    void reveal();
    void onActionFinished(int step, const idex::workflows::Outcome &outcome);

    Session &m_session;
    lessons::LessonEngine m_engine;
    QList<lessons::Lesson> m_lessons;
    QWidget *m_left; ///< the lesson list and its buttons
    QListWidget *m_list;
    QLabel *m_lessonTitle, *m_emulatorLine, *m_story, *m_stepTitle, *m_instruction, *m_pointer, *m_actionResult,
        *m_status;
    QListWidget *m_checks;
    QTextBrowser *m_teaches;
    QPushButton *m_start, *m_open, *m_act, *m_back, *m_next, *m_reset, *m_reveal;
    QWidget *m_nav; ///< Back, Next, Reveal the fix, Reset lesson
    QScrollArea *m_stepScroll; ///< the current step's column
    QBoxLayout *m_bodyLayout; ///< the step's column
    QBoxLayout *m_titleRow; ///< the step's title, and in presenter mode the buttons
    QBoxLayout *m_results; ///< the checks and what the step teaches
    FlowLayout *m_actRow; ///< the action's button and its result

    bool m_running = false;
    bool m_compact = false;
};

} // namespace idex::ui
