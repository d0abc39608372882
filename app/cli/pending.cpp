// Subcommands whose issue has not landed yet. Each one moves to its own cmd_<name>.cpp when its issue is done;
// delete its stub here in the same change.
#include "clicommand.h"
#include "console.h"

namespace idex::cli {

namespace {
int notYet(const QStringList &args, int issue)
{
    err(QStringLiteral("%1: not available in this build yet (issue #%2)\n").arg(args.value(0)).arg(issue));
    return 3;
}
} // namespace

int runDirectory(const QStringList &args) { return notYet(args, 7); }
int runEmulator(const QStringList &args) { return notYet(args, 3); }

} // namespace idex::cli
