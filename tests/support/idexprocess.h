#pragma once
// Runs the idex binary of this build (IDEX_BINARY, set by the test's CMakeLists) as a user would, for the tests of
// its commands: exit code, standard output, standard error. A run that hangs is killed and reported as -1.
#include <QProcess>
#include <QStringList>

namespace idex::testsupport {

struct IdexRun
{
    int exitCode = -1;
    QString out, err;
};

inline IdexRun runIdex(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(IDEX_BINARY), args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return IdexRun { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
        QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

} // namespace idex::testsupport
