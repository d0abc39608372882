#pragma once

#include <QString>
#include <QStringList>

namespace idex::cli {

/*! A subcommand of `idex`: `args` holds the program name followed by the subcommand's own arguments, ready for
    QCommandLineParser. Returns the process exit status. */
using CommandFunction = int (*)(const QStringList &args);

struct Command
{
    const char *name;
    const char *summary;
    CommandFunction run;
};

int runToken(const QStringList &args);
int runDecode(const QStringList &args);
int runVerify(const QStringList &args);
int runCall(const QStringList &args);
int runDirectory(const QStringList &args);
int runDiagnose(const QStringList &args);
int runEmulator(const QStringList &args);
int runLesson(const QStringList &args);
int runScan(const QStringList &args);
int runReport(const QStringList &args);

} // namespace idex::cli
