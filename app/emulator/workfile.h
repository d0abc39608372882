#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace idex::emulator {

/*! Why \a name is not a plain file name (empty when it is one): no '/', '\\', NUL or other control character, not
    "." or "..", no "..", at most 255 bytes. Names come from scenario files, which may come from anyone. */
QString plainFileNameProblem(const QString &name);

/*! \a text in double quotes for an error message, control characters written as \xNN, at most 120 characters. */
QString quotedForMessage(const QString &text);

/*! The files the emulator writes into its work directory (the Arc key, the federated token). Each is created
    exclusively with mode 0600 (O_CREAT|O_EXCL|O_NOFOLLOW): nothing planted there is followed or overwritten. A file
    this object created earlier (still the same file) is replaced by unlinking and creating it again. */
class WorkFiles
{
public:
    /*! Inode numbers are reused at once: a file put in the place of ours may get the same one. The change time
        (nanoseconds) and size tell them apart. */
    struct Identity
    {
        quint64 device = 0, inode = 0;
        qint64 size = 0, changedSec = 0, changedNsec = 0;
        bool operator==(const Identity &) const = default;
    };
    /*! Creates \a directory (mode 0700) inside \a parent unless it exists as a real directory of this user; refuses
        a symlink or someone else's directory. Returns the path, or empty with \a error set. */
    static QString privateSubdirectory(const QString &parent, const QString &directory, QString *error);

    bool write(const QString &directory, const QString &name, const QByteArray &content, QString *error);
    /*! Removes the files written here, if they are still the ones written here (same inode, size, change time). */
    void removeAll();

private:
    QHash<QString, Identity> m_written; ///< path -> the file this object created there
};

} // namespace idex::emulator
