#include "console.h"

#include <QCommandLineParser>
#include <QFile>

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

QString readTokenArgument(const QString &argument)
{
    if (!argument.isEmpty() && argument != QLatin1String("-"))
        return argument;
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return {};
    // A token is at most a few kilobytes; cap what we read so a wrong pipe cannot exhaust memory.
    return QString::fromUtf8(input.read(4 * 1024 * 1024));
}

QString commandHelp(const QCommandLineParser &parser, const QString &command)
{
    QString help = parser.helpText();
    const qsizetype end = help.indexOf(QLatin1String(" [options]"));
    if (help.startsWith(QLatin1String("Usage: ")) && end > 0)
        help.replace(7, end - 7, command);
    return help;
}

} // namespace idex::cli
