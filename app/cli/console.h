#pragma once

#include <QString>

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

} // namespace idex::cli
