// Every idex command parses its arguments the same way: --help names "idex <command>" (never the executable's path),
// and a usage error names the command, points at --help, exits 2 and never echoes a token that was typed.
#include "support/idexprocess.h"

#include <QTest>

using namespace idex::testsupport;

namespace {
const QStringList kCommands { QStringLiteral("token"), QStringLiteral("decode"), QStringLiteral("verify"),
    QStringLiteral("call"), QStringLiteral("directory"), QStringLiteral("diagnose"), QStringLiteral("scan"),
    QStringLiteral("emulator"), QStringLiteral("lesson"), QStringLiteral("report") };
} // namespace

class TestIdexCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyCommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const QString &command : kCommands)
            QTest::newRow(qPrintable(command)) << command;
    }

    void everyCommand()
    {
        QFETCH(QString, command);
        const IdexRun help = runIdex({ command, QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith(QStringLiteral("Usage: idex %1 ").arg(command)), qPrintable(help.out));
        QVERIFY2(!help.out.contains(QLatin1String(IDEX_BINARY)), qPrintable(help.out));

        // An option that does not exist, spelled like a token: the message must not repeat it.
        const QString jwtLike = QStringLiteral("--eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl");
        const IdexRun wrong = runIdex({ command, jwtLike });
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.startsWith(QStringLiteral("idex %1: ").arg(command)), qPrintable(wrong.err));
        QVERIFY2(wrong.err.contains(QStringLiteral("See 'idex %1 --help'.").arg(command)), qPrintable(wrong.err));
        QVERIFY2(!wrong.err.contains(QLatin1String("c2lnbmF0dXJlc2lnbmF0dXJl")), qPrintable(wrong.err));
        QVERIFY(wrong.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIdexCommands)
#include "test_idex_commands.moc"
