// `idex lesson` as a trainer in an SSH-only room uses it: list, show, and check with its exit codes (0 passed,
// 1 naming the failing step, 2 for a broken file with the precise error). Real process, real emulator on loopback.
#include "lessons/lessonparser.h"
#include "support/idexprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = idex::testsupport::IdexRun;

Run runIdex(const QStringList &args)
{
    return idex::testsupport::runIdex(QStringList { QStringLiteral("lesson") } + args);
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return f.fileName();
}

/*! The missing-assignment lesson with its second step's expected status changed to \a status. */
QByteArray missingAssignmentExpecting(int status)
{
    QFile f(QStringLiteral(":/lessons/missing-assignment.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonObject lesson = QJsonDocument::fromJson(f.readAll()).object();
    QJsonArray steps = lesson.value(QStringLiteral("steps")).toArray();
    QJsonObject call = steps.at(1).toObject();
    call.insert(QStringLiteral("expect"),
        QJsonArray { QJsonObject {
            { QStringLiteral("kind"), QStringLiteral("call-status") }, { QStringLiteral("status"), status } } });
    steps.replace(1, call);
    lesson.insert(QStringLiteral("steps"), steps);
    lesson.insert(QStringLiteral("name"), QStringLiteral("trainer-copy"));
    return QJsonDocument(lesson).toJson();
}

} // namespace

class TestIdexLessonCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listNamesEveryBuiltInLesson()
    {
        const Run r = runIdex({ QStringLiteral("list") });
        QCOMPARE(r.exitCode, 0);
        QStringList listed;
        for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
            if (!line.startsWith(u' '))
                listed << line.section(u' ', 0, 0);
        QCOMPARE(listed, idex::lessons::builtInLessonNames());
        QVERIFY(r.out.contains(QStringLiteral("403 with a token without roles")));
    }

    void showPrintsTheStepsAsText()
    {
        const Run r = runIdex({ QStringLiteral("show"), QStringLiteral("from-scratch") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("The walkthrough from scratch\n")));
        QVERIFY(r.out.contains(QStringLiteral("Step 1. Ask for a token before the identity exists")));
        QVERIFY(r.out.contains(QStringLiteral("Action: Turn caller-func's system-assigned identity on")));
        QVERIFY(r.out.contains(QStringLiteral("Expect: the token carries the role DoAll")));
        QVERIFY(r.out.contains(QStringLiteral("$ New-MgServicePrincipalAppRoleAssignment")));
        QVERIFY(r.out.contains(QStringLiteral("Where: claims panel, \"aud\"")));
    }

    void checkPassesATrainersCopy()
    {
        QTemporaryDir dir;
        const Run r = runIdex(
            { QStringLiteral("check"), writeFile(dir, QStringLiteral("copy.json"), missingAssignmentExpecting(403)) });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("trainer-copy: all 7 steps passed")), qPrintable(r.out + r.err));
    }

    void checkNamesTheFailingStep()
    {
        // Written for a 200 where the scenario answers 403: the lesson does not behave as written.
        QTemporaryDir dir;
        const Run r = runIdex(
            { QStringLiteral("check"), writeFile(dir, QStringLiteral("wrong.json"), missingAssignmentExpecting(200)) });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("trainer-copy: step 2 (Call aad-func) failed:\n")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("not yet: the call answers 200; you got HTTP 403")), qPrintable(r.err));
    }

    void brokenFilesExitWith2AndThePreciseError_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("truncated") << QByteArray("{\"name\": \"x\",\n\"steps\": [") << "broken.json:2: ";
        QTest::newRow("missing field") << QByteArray(
            R"({"name":"x","title":"t","story":"s","scenario":"seed","outcome":"o",
                "steps":[{"title":"a","do":"b","teaches":"c","action":{"kind":"call"}}]})")
                                       << "broken.json: steps[0].action.path: is required";
        QTest::newRow("unknown scenario")
            << QByteArray(R"({"name":"x","title":"t","story":"s","scenario":"nowhere","outcome":"o",
                "steps":[{"title":"a","do":"b","teaches":"c","action":{"kind":"flush-cache"}}]})")
            << "broken.json: scenario: 'nowhere' is neither a built-in scenario";
    }
    void brokenFilesExitWith2AndThePreciseError()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("broken.json"), content);
        for (const char *command : { "show", "check" }) {
            const Run r = runIdex({ QLatin1String(command), path });
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.startsWith(QStringLiteral("idex lesson: ") + dir.path() + u'/' + error), qPrintable(r.err));
        }
    }

    void usageErrorsExitWith2()
    {
        QCOMPARE(runIdex({}).exitCode, 2);
        QCOMPARE(runIdex({ QStringLiteral("check") }).exitCode, 2);
        QCOMPARE(runIdex({ QStringLiteral("show"), QStringLiteral("no-such-lesson") }).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestIdexLessonCli)
#include "test_idex_lesson_cli.moc"
