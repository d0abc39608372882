#include "directoryoption.h"

#include "console.h"
#include "directory/snapshot.h"

#include <QCommandLineParser>

namespace idex::cli {

DirectoryOption::DirectoryOption(const QString &description)
    : m_option(QStringList { QStringLiteral("directory") }, description, QStringLiteral("FILE"))
{ }

bool DirectoryOption::read(const QCommandLineParser &parser, const QString &command)
{
    if (!parser.isSet(m_option))
        return true;
    Directory directory;
    QString error;
    if (!snapshot::readFile(parser.value(m_option), directory, &error)) {
        err(QStringLiteral("%1: cannot read the directory snapshot: %2\n").arg(command, error));
        return false;
    }
    m_names = ObjectNames::of(directory);
    m_directory = std::move(directory);
    return true;
}

QString DirectoryOption::nameOf(const QString &value) const
{
    const ObjectName *name = m_names.find(value);
    return name ? name->name : QString();
}

} // namespace idex::cli
