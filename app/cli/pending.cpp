// Subcommands whose issue has not landed yet. Each one moves to its own cmd_<name>.cpp when its issue is done;
// delete its stub here in the same change.
#include "clicommand.h"
#include "console.h"

namespace idex::cli {

namespace {
[[maybe_unused]] int notYet(const QStringList &args, int issue)
{
    err(QStringLiteral("%1: not available in this build yet (issue #%2)\n").arg(args.value(0)).arg(issue));
    return 3;
}
} // namespace


} // namespace idex::cli
