// The lesson loader and validator: every built-in lesson loads against its scenario; a broken lesson file gets one
// precise error (file, field path, reason); a trainer's own lesson can name a scenario file beside it.
#include "emulator/scenario.h"
#include "lessons/lessonparser.h"
#include "lessons/lessontext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace idex::lessons;

namespace {

QJsonObject minimalStep()
{
    return { { QStringLiteral("title"), QStringLiteral("Get a token") },
        { QStringLiteral("do"), QStringLiteral("Press Get token") },
        { QStringLiteral("action"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("get-token") },
                { QStringLiteral("identity"), QStringLiteral("caller-func") },
                { QStringLiteral("resource"), QStringLiteral("{app:aad-func.uri}") } } },
        { QStringLiteral("expect"),
            QJsonArray { QJsonObject { { QStringLiteral("kind"), QStringLiteral("token-role") },
                { QStringLiteral("role"), QStringLiteral("DoAll") } } } },
        { QStringLiteral("teaches"), QStringLiteral("Roles are in the token.") } };
}

QJsonObject minimalLesson()
{
    return { { QStringLiteral("format"), 1 }, { QStringLiteral("name"), QStringLiteral("mine") },
        { QStringLiteral("title"), QStringLiteral("Mine") }, { QStringLiteral("story"), QStringLiteral("A story.") },
        { QStringLiteral("scenario"), QStringLiteral("seed") }, { QStringLiteral("outcome"), QStringLiteral("200") },
        { QStringLiteral("steps"), QJsonArray { minimalStep() } } };
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson();
}

/*! \a lesson with the first step's \a key set to \a value (or removed when undefined). */
QJsonObject withStep(QJsonObject lesson, const QString &key, const QJsonValue &value)
{
    QJsonArray steps = lesson.value(QStringLiteral("steps")).toArray();
    QJsonObject step = steps.at(0).toObject();
    if (value.isUndefined())
        step.remove(key);
    else
        step.insert(key, value);
    steps.replace(0, step);
    lesson.insert(QStringLiteral("steps"), steps);
    return lesson;
}

} // namespace

class TestLessonParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyBuiltInLessonLoads_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : builtInLessonNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void everyBuiltInLessonLoads()
    {
        QFETCH(QString, name);
        Lesson lesson;
        idex::emulator::Scenario scenario;
        QString error;
        QVERIFY2(loadLesson(name, &lesson, &error, &scenario), qPrintable(error));
        QCOMPARE(lesson.name, name);
        QVERIFY(!lesson.story.isEmpty() && !lesson.outcome.isEmpty());
        QCOMPARE(scenario.name, lesson.scenario);
        // The scenario it runs on says what it is and what to expect too.
        QVERIFY(!scenario.description.isEmpty());
        QVERIFY(!scenario.walkthrough.expected.isEmpty());
        for (const LessonStep &step : lesson.steps) {
            QVERIFY(!step.teaches.isEmpty());
            QVERIFY(step.action || step.pointer);
        }
        const QString text = lessonAsText(lesson);
        QVERIFY(text.contains(lesson.title));
        QVERIFY(text.contains(QStringLiteral("Step %1.").arg(lesson.steps.size())));
    }

    void theWalkthroughFromScratchFollowsTheArticle()
    {
        Lesson lesson;
        QString error;
        QVERIFY2(loadLesson(QStringLiteral("from-scratch"), &lesson, &error), qPrintable(error));
        QStringList kinds;
        for (const LessonStep &step : lesson.steps)
            if (step.action)
                kinds << LessonAction::kindName(step.action->kind);
        QCOMPARE(kinds.mid(1, 6),
            (QStringList { "set-identity", "app-role", "assign-role", "reload-directory", "get-token", "call" }));
        QStringList claims;
        for (const LessonStep &step : lesson.steps)
            for (const LessonCheck &check : step.checks)
                if (check.kind == LessonCheck::Kind::TokenClaim)
                    claims << check.claim;
                else if (check.kind == LessonCheck::Kind::TokenAudience)
                    claims << QStringLiteral("aud");
        for (const char *claim : { "aud", "iss", "appid", "oid", "idp", "tid" })
            QVERIFY2(claims.contains(QLatin1String(claim)), claim);
    }

    void brokenLessonsGetPreciseErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QJsonObject ok = minimalLesson();
        QJsonObject noTitle = ok;
        noTitle.remove(QStringLiteral("title"));
        QJsonObject badName = ok;
        badName.insert(QStringLiteral("name"), QStringLiteral("Has Spaces"));
        QJsonObject extra = ok;
        extra.insert(QStringLiteral("colour"), QStringLiteral("red"));
        QJsonObject noSteps = ok;
        noSteps.insert(QStringLiteral("steps"), QJsonArray());
        QJsonObject future = ok;
        future.insert(QStringLiteral("format"), 2);

        QTest::newRow("not JSON") << QByteArray("{\n\"name\": \"x\",\n") << "t.json:3: ";
        QTest::newRow("not an object") << QByteArray("[]") << "t.json:1: a lesson is a JSON object";
        QTest::newRow("title missing") << bytes(noTitle) << "t.json: title: is required";
        QTest::newRow("bad name") << bytes(badName) << "t.json: name: lower-case letters, digits and '-', at most 64";
        QTest::newRow("unknown field") << bytes(extra) << "t.json: colour: unknown field";
        QTest::newRow("no steps") << bytes(noSteps) << "t.json: steps: must not be empty";
        QTest::newRow("future format") << bytes(future) << "t.json: format: must be a whole number from 1 to 1";
        QTest::newRow("unknown action") << bytes(withStep(
            ok, QStringLiteral("action"), QJsonObject { { QStringLiteral("kind"), QStringLiteral("teleport") } }))
                                        << "t.json: steps[0].action.kind: unknown action 'teleport'";
        QTest::newRow("action field missing") << bytes(withStep(ok, QStringLiteral("action"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("get-token") },
                { QStringLiteral("identity"), QStringLiteral("caller-func") } }))
                                              << "t.json: steps[0].action.resource: is required";
        QTest::newRow("neither action nor pointer")
            << bytes(withStep(ok, QStringLiteral("action"), QJsonValue::Undefined))
            << "t.json: steps[0].action: a step needs an action, a pointer, or both";
        QTest::newRow("check without role") << bytes(withStep(ok, QStringLiteral("expect"),
            QJsonArray { QJsonObject { { QStringLiteral("kind"), QStringLiteral("token-role") } } }))
                                            << "t.json: steps[0].expect[0].role: is required";
        QTest::newRow("status out of range")
            << bytes(withStep(ok, QStringLiteral("expect"),
                   QJsonArray { QJsonObject { { QStringLiteral("kind"), QStringLiteral("call-status") },
                       { QStringLiteral("status"), 999 } } }))
            << "t.json: steps[0].expect[0].status: must be a whole number from 100 to 599";
        QTest::newRow("unknown placeholder") << bytes(withStep(ok, QStringLiteral("expect"),
            QJsonArray { QJsonObject { { QStringLiteral("kind"), QStringLiteral("token-audience") },
                { QStringLiteral("value"), QStringLiteral("{secret}") } } }))
                                             << "t.json: steps[0].expect[0].value: unknown placeholder {secret}";
        QTest::newRow("bad pointer panel") << bytes(withStep(ok, QStringLiteral("pointer"),
            QJsonObject { { QStringLiteral("panel"), QStringLiteral("kitchen") },
                { QStringLiteral("control"), QStringLiteral("x") } }))
                                           << "t.json: steps[0].pointer.panel: must be token, claims, call";
        QJsonArray many;
        for (int i = 0; i <= kMaxSteps; ++i)
            many.append(minimalStep());
        QJsonObject tooMany = ok;
        tooMany.insert(QStringLiteral("steps"), many);
        QTest::newRow("too many steps") << bytes(tooMany) << "t.json: steps: has 101 entries; at most 100";
        QTest::newRow("huge text") << bytes(withStep(ok, QStringLiteral("teaches"), QString(kMaxTextLength + 1, u'x')))
                                   << "t.json: steps[0].teaches: is longer than";
    }
    void brokenLessonsGetPreciseErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        Lesson lesson;
        QString actual;
        QVERIFY(!parseLesson(json, QStringLiteral("t.json"), &lesson, &actual));
        QVERIFY2(actual.startsWith(error), qPrintable(actual));
    }

    void namesAreCheckedAgainstTheScenario_data()
    {
        QTest::addColumn<QJsonObject>("action");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown identity") << QJsonObject { { QStringLiteral("kind"), QStringLiteral("get-token") },
            { QStringLiteral("identity"), QStringLiteral("nobody") },
            { QStringLiteral("resource"), QStringLiteral("x") } }
                                          << "steps[0].action.identity: no identity named 'nobody' in scenario seed";
        QTest::newRow("unknown app in placeholder")
            << QJsonObject { { QStringLiteral("kind"), QStringLiteral("get-token") },
                   { QStringLiteral("identity"), QStringLiteral("caller-func") },
                   { QStringLiteral("resource"), QStringLiteral("{app:nope.uri}") } }
            << "steps[0].action: {app:nope.uri}: no application named 'nope' in scenario seed";
        QTest::newRow("app role on a service principal") << QJsonObject {
            { QStringLiteral("kind"), QStringLiteral("app-role") },
            { QStringLiteral("application"), QStringLiteral("Microsoft Graph") },
            { QStringLiteral("role"), QStringLiteral("X") }, { QStringLiteral("change"), QStringLiteral("add") }
        } << "steps[0].action.application: app roles are edited on an app registration";
    }
    void namesAreCheckedAgainstTheScenario()
    {
        QFETCH(QJsonObject, action);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes(withStep(minimalLesson(), QStringLiteral("action"), action)));
        file.close();
        Lesson lesson;
        QString actual;
        QVERIFY(!loadLesson(path, &lesson, &actual));
        QCOMPARE(actual.left(path.size() + 2), path + QStringLiteral(": "));
        QVERIFY2(actual.mid(path.size() + 2).startsWith(error), qPrintable(actual));
    }

    void aTrainersLessonNamesAScenarioBesideIt()
    {
        QTemporaryDir dir;
        QFile scenarioFile(dir.filePath(QStringLiteral("my-tenant.json")));
        QFile seed(QStringLiteral(":/scenarios/seed.json"));
        QVERIFY(seed.open(QIODevice::ReadOnly) && scenarioFile.open(QIODevice::WriteOnly));
        scenarioFile.write(seed.readAll().replace("\"name\": \"seed\"", "\"name\": \"my-tenant\""));
        scenarioFile.close();
        QJsonObject lesson = minimalLesson();
        lesson.insert(QStringLiteral("scenario"), QStringLiteral("my-tenant.json"));
        QFile lessonFile(dir.filePath(QStringLiteral("lesson.json")));
        QVERIFY(lessonFile.open(QIODevice::WriteOnly));
        lessonFile.write(bytes(lesson));
        lessonFile.close();
        Lesson loaded;
        idex::emulator::Scenario scenario;
        QString error;
        QVERIFY2(loadLesson(lessonFile.fileName(), &loaded, &error, &scenario), qPrintable(error));
        QCOMPARE(scenario.name, QStringLiteral("my-tenant"));
        QCOMPARE(loaded.scenario, dir.filePath(QStringLiteral("my-tenant.json")));

        lesson.insert(QStringLiteral("scenario"), QStringLiteral("missing.json"));
        QVERIFY(lessonFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
        lessonFile.write(bytes(lesson));
        lessonFile.close();
        QVERIFY(!loadLesson(lessonFile.fileName(), &loaded, &error));
        QVERIFY2(error.startsWith(lessonFile.fileName() + QStringLiteral(": scenario: 'missing.json' is neither")),
            qPrintable(error));
    }

    void noSuchLesson()
    {
        Lesson lesson;
        QString error;
        QVERIFY(!loadLesson(QStringLiteral("no-such-lesson"), &lesson, &error));
        QVERIFY2(error.contains(QStringLiteral("no built-in lesson of that name")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestLessonParser)
#include "test_lessonparser.moc"
