// The lesson engine driven one step at a time, as the Lessons dock drives it: checks say "not yet" with what the
// session shows before the action and pass after it; Reset starts a fresh emulator run on the lesson's scenario;
// Next/Back move within the lesson. Real session, real emulator over loopback.
#include "lessons/lessonengine.h"
#include "lessons/lessonparser.h"
#include "session/session.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace idex;
using namespace idex::lessons;

class TestLessonEngine : public QObject
{
    Q_OBJECT
private:
    /*! A session with an engine on a built-in lesson, its emulator started on the lesson's scenario. */
    struct LessonRun
    {
        Session session;
        LessonEngine engine { session };
    };

    static std::unique_ptr<LessonRun> start(const QString &name)
    {
        auto run = std::make_unique<LessonRun>();
        Lesson lesson;
        QString error;
        const bool started = loadLesson(name, &lesson, &error) && run->engine.setLesson(lesson, &error);
        [&] { QVERIFY2(started, qPrintable(error)); }();
        return started ? std::move(run) : nullptr;
    }

    /*! Performs the engine's current step and waits for its outcome. */
    static workflows::Outcome act(LessonEngine &engine)
    {
        QSignalSpy done(&engine, &LessonEngine::actionFinished);
        engine.performAction();
        [&] { QVERIFY(done.isEmpty()); }(); // outcomes come from the event loop, never inside performAction()
        [&] { QVERIFY(done.wait(30000)); }();
        return done.isEmpty() ? workflows::Outcome {} : done.first().at(1).value<workflows::Outcome>();
    }

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<idex::workflows::Outcome>(); }

    void stepByStepNotYetThenPassed()
    {
        const std::unique_ptr<LessonRun> run = start(QStringLiteral("missing-assignment"));
        QVERIFY(run);
        Session &session = run->session;
        LessonEngine &engine = run->engine;
        QCOMPARE(session.emulator(), engine.emulator());
        QCOMPARE(engine.emulator()->scenario().name, QStringLiteral("missing-assignment"));

        // Before anything happened: not yet, and why.
        QList<CheckResult> results = engine.evaluate();
        QCOMPARE(results.size(), 1);
        QVERIFY(!results.first().passed);
        QCOMPARE(results.first().describe(),
            QStringLiteral("not yet: the token does not carry the role DoAll; you got no token yet"));
        QVERIFY(act(engine).ok);
        QVERIFY(engine.currentStepPassed());
        QCOMPARE(
            engine.evaluate().first().describe(), QStringLiteral("\u2713 the token does not carry the role DoAll"));

        QVERIFY(engine.next());
        QCOMPARE(engine.currentStep(), 1);
        QVERIFY(!engine.currentStepPassed());
        QCOMPARE(engine.evaluate().first().got, QStringLiteral("no call yet"));
        QCOMPARE(act(engine).httpStatus, 403);
        QVERIFY2(engine.currentStepPassed(), qPrintable(engine.evaluate().first().describe()));
        QVERIFY(engine.back());
        QCOMPARE(engine.currentStep(), 0);
        QVERIFY(!engine.back());
    }

    void resetStartsAFreshRun()
    {
        const std::unique_ptr<LessonRun> run = start(QStringLiteral("stale-token"));
        QVERIFY(run);
        Session &session = run->session;
        LessonEngine &engine = run->engine;
        QString error;
        QVERIFY(act(engine).ok);
        QVERIFY(session.currentToken().isValid());
        const int generation = session.emulatorRun().generation;
        engine.setCurrentStep(3);
        QSignalSpy runChanged(&session, &Session::emulatorRunChanged);
        QVERIFY2(engine.reset(&error), qPrintable(error));
        QCOMPARE(runChanged.size(), 1);
        QVERIFY(session.emulatorRun().generation > generation);
        QCOMPARE(engine.currentStep(), 0);
        // The old run's token is marked, never taken for current evidence of the new run.
        QVERIFY(session.currentTokenEndedRun().isValid());
        QCOMPARE(engine.emulator()->tokenCacheSize(), 0);
    }

    void aStepWithoutChecksIsItsAction()
    {
        const std::unique_ptr<LessonRun> run = start(QStringLiteral("from-scratch"));
        QVERIFY(run);
        LessonEngine &engine = run->engine;
        engine.setCurrentStep(1); // turn the identity on: no checks
        QVERIFY(engine.evaluate().isEmpty());
        QVERIFY(!engine.currentStepPassed());
        const workflows::Outcome on = act(engine);
        QVERIFY2(on.ok, qPrintable(on.message));
        QVERIFY(engine.currentStepPassed());
        QVERIFY(engine.emulator()->scenario().identityByName(QStringLiteral("caller-func"))->enabled);
    }

    void aSwitchedEmulatorStopsTheLessonUntilReset()
    {
        const std::unique_ptr<LessonRun> run = start(QStringLiteral("missing-assignment"));
        QVERIFY(run);
        Session &session = run->session;
        LessonEngine &engine = run->engine;
        QString error;
        emulator::Emulator other; // the GUI's embedded emulator, restarted on another scenario
        QVERIFY2(other.start(emulator::EmulatorOptions {}, engine.emulator()->keys(), &error), qPrintable(error));
        session.setEmulator(&other);
        const workflows::Outcome refused = act(engine);
        QVERIFY(!refused.ok);
        QVERIFY2(refused.message.contains(QStringLiteral("Reset lesson")), qPrintable(refused.message));
        QCOMPARE(other.requestCount(), quint64(0)); // nothing was sent to the other emulator
        QVERIFY2(engine.reset(&error), qPrintable(error));
        QVERIFY(act(engine).ok);
    }

    void headlessRunReportsEveryStep()
    {
        const std::unique_ptr<LessonRun> run = start(QStringLiteral("wrong-audience"));
        QVERIFY(run);
        LessonEngine &engine = run->engine;
        QSignalSpy finished(&engine, &LessonEngine::runFinished);
        engine.runAll();
        QVERIFY(finished.wait(60000));
        const LessonRunReport report = finished.first().first().value<LessonRunReport>();
        QVERIFY2(report.passed, qPrintable(report.failure));
        QCOMPARE(report.log.first(), QStringLiteral("Step 1/6: Get a token for the App ID URI"));
        QVERIFY(report.log.contains(QStringLiteral("  \u2713 the call answers 200")));
    }
};

QTEST_GUILESS_MAIN(TestLessonEngine)
#include "test_lesson_engine.moc"
