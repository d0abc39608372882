#pragma once
// Runs a lesson on a Session and an emulator: Reset starts a fresh emulator run on the lesson's scenario, each step's
// action goes through the session workflows (app/session/workflows), and the step's checks are evaluated against the
// session. GUI-free: the Lessons dock and `idex lesson check` drive the same engine. Headless, the engine runs an
// emulator of its own; in the window it drives the window's one embedded emulator (setEmulatorStarter), so the
// panels, the emulator dock and the lesson see the same run on the same port.

#include "emulator/emulator.h"
#include "lesson.h"
#include "lessonchecks.h"
#include "session/workflows/emulatorworkflows.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>

namespace idex {
class Session;
}

namespace idex::lessons {

/*! The end of a headless run (`idex lesson check`): every step performed and checked in order, stopping at the
    first step whose checks fail. */
struct LessonRunReport
{
    bool passed = false;
    int failedStep = -1; ///< index of the first step that failed, -1 when all passed
    QString failure; ///< why, in words (the action's error, or the checks that did not pass)
    QStringList log; ///< one line per step and check, for people
};

class LessonEngine : public QObject
{
    Q_OBJECT
public:
    explicit LessonEngine(Session &session, QObject *parent = nullptr);
    ~LessonEngine() override;

    /*! Starts a fresh run of an emulator on \a scenario and publishes it to the session (Session::setEmulator);
        returns that emulator, or null with \a error. */
    using EmulatorStarter = std::function<emulator::Emulator *(const QString &scenario, QString *error)>;
    /*! Where Reset runs the lesson's scenario: the window's embedded emulator. Unset (headless), the engine starts
        an emulator of its own. */
    void setEmulatorStarter(EmulatorStarter starter) { m_starter = std::move(starter); }

    const Lesson &lesson() const { return m_lesson; }
    /*! Takes \a lesson (validated by loadLesson()) and resets to its first step. */
    bool setLesson(const Lesson &lesson, QString *error);
    /*! A fresh emulator run on the lesson's scenario (new run, new port), the session's evidence of the old run left
        behind, step 0. */
    bool reset(QString *error);

    int currentStep() const { return m_step; }
    int stepCount() const { return int(m_lesson.steps.size()); }
    void setCurrentStep(int step);
    bool next();
    bool back();

    bool isBusy() const { return m_busy; }
    /*! Performs the current step's action; actionFinished() follows (at once with ok when it has none). */
    void performAction();
    /*! The current step's checks against the session now. */
    QList<CheckResult> evaluate() const;
    /*! The current step's action ran and every check passes; a step without checks passes once its action
        succeeded. */
    bool currentStepPassed() const;
    /*! The current step's action ran since the last reset (or it has none). */
    bool currentActionPerformed() const
    {
        return m_step < stepCount() && (!m_lesson.steps.at(m_step).action || m_actionsPerformed.contains(m_step));
    }
    /*! The evidence checks are evaluated against (the session, the latest token failure and freshness). */
    CheckEvidence evidence() const;

    /*! Resets, then performs and checks every step; runFinished() follows. */
    void runAll();
    /*! runAll() in a local event loop, for headless runs (`idex lesson check`, `idex report --lesson`). */
    LessonRunReport runAllAndWait();

    /*! The emulator the lesson runs on (the engine's own or the window's), null before the first reset. */
    emulator::Emulator *emulator() const { return m_emulator; }

Q_SIGNALS:
    void actionFinished(int step, const idex::workflows::Outcome &outcome);
    void stepChanged(int step);
    /*! The evidence changed: re-read evaluate(). */
    void checksChanged();
    void runFinished(const idex::lessons::LessonRunReport &report);

private:
    void perform(const LessonAction &action, workflows::OutcomeCallback done);
    void performNow(const LessonAction &action, workflows::OutcomeCallback done);
    void runFrom(int step, std::shared_ptr<LessonRunReport> report);
    /*! Client ID of the identity that writes the directory: \a as, or idex-reader. */
    QString writerClientId(const QString &as) const;
    /*! The engine's own emulator on the lesson's scenario (headless runs). */
    emulator::Emulator *startOwnEmulator(QString *error);
    /*! The session still runs the lesson's emulator run (no scenario switched since the reset). */
    bool onLessonRun() const;

    Session &m_session;
    Lesson m_lesson;
    EmulatorStarter m_starter;
    QPointer<emulator::Emulator> m_emulator; ///< the lesson's: m_ownEmulator, or the one m_starter started
    int m_runGeneration = 0; ///< the session's emulator run the last reset started
    std::unique_ptr<emulator::Emulator> m_ownEmulator; ///< headless only
    emulator::EmulatorKeys m_keys; ///< generated once: a Reset must be quick
    int m_step = 0;
    bool m_busy = false;
    std::optional<TokenFailure> m_tokenFailure;
    std::optional<TokenFreshness> m_freshness;
    QSet<int> m_actionsDone; ///< steps whose action succeeded since the last reset
    QSet<int> m_actionsPerformed; ///< steps whose action ran (succeeded or not) since the last reset
    QHash<QString, TokenResult> m_previousTokens; ///< per identity|resource, for the freshness of the next one
};

} // namespace idex::lessons

Q_DECLARE_METATYPE(idex::lessons::LessonRunReport)
