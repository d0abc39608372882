#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace idex::cli {

/*! stdout and stderr as UTF-8 text, for every subcommand. */
void out(const QString &text);
void err(const QString &text);

/*! A token given as an argument, read from standard input when the argument is "-" or absent, or from a file when it
    is "@path" (a JWT never starts with '@'). Both reads are capped (fileLimits::token); a FIFO, device or directory
    is refused. Empty with \a error set when the input cannot be read. */
QString readTokenArgument(const QString &argument, QString *error);

/*! The parser's help text with "Usage: idex <command>" instead of the executable's path. */
QString commandHelp(const QCommandLineParser &parser, const QString &command);

/*! Parses \a args (args[0] is the command, "idex decode") the same way for every subcommand. Returns the exit code
    when the command ends here: 2 after a usage error, written as "idex decode: <reason>" and "See 'idex decode
    --help'." (redacted, since the reason may quote a token that was typed), or 0 after printing --help. Returns
    std::nullopt when the command should run. */
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args);

} // namespace idex::cli
