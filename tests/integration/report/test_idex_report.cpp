// `idex report --lesson` end to end: the lesson runs headlessly against its own emulator and the report it writes
// (Markdown on standard output, HTML to a file) tells the story with nothing secret in it; bad usage exits 2.
#include "support/idexprocess.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = idex::testsupport::IdexRun;

Run runIdex(const QStringList &args)
{
    return idex::testsupport::runIdex(QStringList { QStringLiteral("report") } + args);
}

bool containsJwt(const QString &text)
{
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"));
    return jwt.match(text).hasMatch();
}

} // namespace

class TestIdexReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void markdownOfAStaleTokenLesson()
    {
        const Run r = runIdex({ QStringLiteral("--lesson"), QStringLiteral("stale-token") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QLatin1String("# Lesson: ")));
        QVERIFY(r.out.contains(QLatin1String("Token: Token for ")));
        QVERIFY(r.out.contains(QLatin1String("403 from GET")));
        QVERIFY(r.out.contains(QLatin1String("200 from GET")));
        QVERIFY(r.out.contains(QLatin1String("stale-token")));
        // The assignment the lesson made, with the commands that make it in Azure.
        QVERIFY(r.out.contains(QLatin1String("Directory: Assigned DoAll to caller-func on aad-func")));
        QVERIFY(r.out.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment")));
        QVERIFY(r.out.contains(QLatin1String("Lesson finished: every check passed")));
        QVERIFY2(!containsJwt(r.out), qPrintable(r.out));
    }

    void htmlToAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("walkthrough.html"));
        const Run r
            = runIdex({ QStringLiteral("--lesson"), QStringLiteral("missing-assignment"), QStringLiteral("-o"), path });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QLatin1String("class=\"kind call\"")));
        QVERIFY(!containsJwt(html));
    }

    void usageErrors()
    {
        QCOMPARE(runIdex({}).exitCode, 2);
        QCOMPARE(runIdex({ QStringLiteral("--lesson"), QStringLiteral("no-such-lesson") }).exitCode, 2);
        QCOMPARE(runIdex({ QStringLiteral("--lesson"), QStringLiteral("stale-token"), QStringLiteral("--format"),
                             QStringLiteral("pdf") })
                     .exitCode,
            2);
    }
};

QTEST_GUILESS_MAIN(TestIdexReport)
#include "test_idex_report.moc"
