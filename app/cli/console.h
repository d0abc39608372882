#pragma once

#include <QString>

class QCommandLineParser;

namespace idex::cli {

/*! stdout and stderr as UTF-8 text, for every subcommand. */
void out(const QString &text);
void err(const QString &text);

/*! A token given as an argument, or read from standard input when the argument is "-" or absent. */
QString readTokenArgument(const QString &argument);

/*! The parser's help text with "Usage: idex <command>" instead of the executable's path. */
QString commandHelp(const QCommandLineParser &parser, const QString &command);

} // namespace idex::cli
