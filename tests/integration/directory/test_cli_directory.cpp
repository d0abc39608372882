// `idex directory` as a user runs it: a real process, its embedded emulator over loopback, real files.
#include "directory/snapshot.h"
#include "emulator/emulator.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

class TestCliDirectory : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run idex(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(IDEX_BINARY), QStringList { QStringLiteral("directory") } + args);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void tableOfTheSeed()
    {
        const Run r = idex({ QStringLiteral("--quiet") });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(u'\n');
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QString &l) {
            return l.startsWith(QLatin1String("caller-func")) && l.contains(QLatin1String("DoAll"))
                && l.contains(QLatin1String("aad-func"));
        }));
        QVERIFY(r.out.contains(QLatin1String("3 app role assignments")));
    }

    void snapshotExportThenOfflineFilter()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("seed.json"));
        QCOMPARE(idex({ QStringLiteral("--quiet"), QStringLiteral("--export"), file }).code, 0);
        Directory d;
        QString error;
        QVERIFY2(snapshot::readFile(file, d, &error), qPrintable(error));
        QCOMPARE(d.assignments().size(), 3);
        const Run r = idex({ QStringLiteral("--source"), file, QStringLiteral("--filter"), QStringLiteral("DoAll"),
            QStringLiteral("--quiet") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QLatin1String("(1 shown)")));
    }

    void dotAndSvg()
    {
        const Run dot = idex({ QStringLiteral("--quiet"), QStringLiteral("--format"), QStringLiteral("dot"),
            QStringLiteral("--export"), QStringLiteral("-") });
        QCOMPARE(dot.code, 0);
        QVERIFY(dot.out.startsWith(QLatin1String("digraph directory {")));
        QVERIFY(dot.out.contains(QLatin1String("\"holds role\"")));
        const Run svg = idex({ QStringLiteral("--quiet"), QStringLiteral("--format"), QStringLiteral("svg"),
            QStringLiteral("--export"), QStringLiteral("-") });
        QCOMPARE(svg.code, 0);
        QVERIFY(svg.out.contains(QLatin1String("<svg")));
        QVERIFY(svg.out.contains(QLatin1String(">DoAll<")));
    }

    void tokenPathExitCodes()
    {
        // Tokens from an emulator of the same scenario: the seed's object ids are fixed, so the CLI's own embedded
        // emulator knows these principals.
        emulator::Emulator emu;
        QString error;
        QVERIFY2(emu.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        const QString api = emu.scenario().applicationByName(QStringLiteral("aad-func"))->identifierUris.first();
        const QString good = emu.issueToken(QStringLiteral("caller-func"), api, &error);
        const QString bad = emu.issueToken(QStringLiteral("idex-noaccess"), api, &error);
        QVERIFY(!good.isEmpty() && !bad.isEmpty());
        const Run ok = idex({ QStringLiteral("--quiet"), QStringLiteral("--path"), good, QStringLiteral("--require"),
            QStringLiteral("DoAll") });
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.startsWith(QLatin1String("OK")));
        const Run broken = idex({ QStringLiteral("--quiet"), QStringLiteral("--path"), bad, QStringLiteral("--require"),
            QStringLiteral("DoAll") });
        QCOMPARE(broken.code, 4);
        QVERIFY2(broken.out.contains(QLatin1String("not assigned DoAll")), qPrintable(broken.out));
    }

    void badInputIsExplained()
    {
        const Run missing = idex({ QStringLiteral("--source"), QStringLiteral("/nonexistent/tenant.json") });
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains(QLatin1String("cannot read")));
        const Run graph = idex({ QStringLiteral("--source"), QStringLiteral("graph") });
        QCOMPARE(graph.code, 2);
        QVERIFY(graph.err.contains(QLatin1String("--token")));
        const Run format = idex({ QStringLiteral("--quiet"), QStringLiteral("--format"), QStringLiteral("png") });
        QCOMPARE(format.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliDirectory)
#include "test_cli_directory.moc"
