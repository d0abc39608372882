#pragma once

#include "directory/directory.h"
#include "directory/objectnames.h"

#include <QCommandLineOption>

#include <optional>

class QCommandLineParser;

namespace idex::cli {

/*! `--directory FILE`: a snapshot from `idex directory`, read offline, so that output names the GUIDs it knows. One
    option, one reading and one error message for every command that takes it. */
class DirectoryOption
{
public:
    explicit DirectoryOption(const QString &description);

    const QCommandLineOption &option() const { return m_option; }
    /*! Reads the snapshot when the option is set. False (after saying why on standard error, prefixed with
        \a command) when it cannot be read; true with no directory when the option is not set. */
    bool read(const QCommandLineParser &parser, const QString &command);

    /*! The snapshot read, null when the option was not set. */
    const Directory *directory() const { return m_directory ? &*m_directory : nullptr; }
    /*! Its names (empty without a snapshot). */
    const ObjectNames &names() const { return m_names; }
    /*! The name of the object \a value is, empty when unknown: for ReportOptions::nameOf. */
    QString nameOf(const QString &value) const;

private:
    QCommandLineOption m_option;
    std::optional<Directory> m_directory;
    ObjectNames m_names;
};

} // namespace idex::cli
