#include "console.h"

#include "net/boundedfile.h"
#include "net/redaction.h"

#include <QCommandLineParser>

#include <cstdio>

namespace idex::cli {

void out(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void err(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

QString readTokenArgument(const QString &argument, QString *error)
{
    if (!argument.isEmpty() && argument != QLatin1String("-") && !argument.startsWith(u'@'))
        return argument;
    // A token is at most a few kilobytes; the cap makes a wrong pipe or file an error, not an exhausted memory.
    const BoundedRead read = argument.startsWith(u'@') ? readBoundedFile(argument.mid(1), fileLimits::token)
                                                       : readBoundedStdin(fileLimits::token);
    if (!read.ok()) {
        *error = read.error;
        return {};
    }
    return QString::fromUtf8(read.data);
}

QString commandHelp(const QCommandLineParser &parser, const QString &command)
{
    QString help = parser.helpText();
    const qsizetype end = help.indexOf(QLatin1String(" [options]"));
    if (help.startsWith(QLatin1String("Usage: ")) && end > 0)
        help.replace(7, end - 7, command);
    return help;
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args)
{
    const QString command = args.value(0, QStringLiteral("idex"));
    if (!parser.parse(args)) {
        err(QStringLiteral("%1: %2\nSee '%1 --help'.\n").arg(command, redaction::redactText(parser.errorText())));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(commandHelp(parser, command));
        return 0;
    }
    return std::nullopt;
}

} // namespace idex::cli
