#include "workfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace idex::emulator {

QString plainFileNameProblem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("it is empty");
    if (name == QLatin1String(".") || name.contains(QLatin1String("..")))
        return QStringLiteral("it contains \"..\" or is \".\"");
    if (name.contains(u'/') || name.contains(u'\\'))
        return QStringLiteral("it contains a path separator");
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return QStringLiteral("it contains a control character");
    }
    if (name.toUtf8().size() > 255)
        return QStringLiteral("it is longer than 255 bytes");
    return {};
}

QString quotedForMessage(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text.left(120)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    if (text.size() > 120)
        out += QStringLiteral("...");
    return out + u'"';
}

#ifdef Q_OS_UNIX

namespace {

QString kindOf(const struct stat &st)
{
    if (S_ISLNK(st.st_mode))
        return QStringLiteral("a symbolic link");
    if (S_ISDIR(st.st_mode))
        return QStringLiteral("a directory");
    if (S_ISREG(st.st_mode))
        return QStringLiteral("a file");
    return QStringLiteral("a special file");
}

WorkFiles::Identity identityOf(const struct stat &st)
{
    return { quint64(st.st_dev), quint64(st.st_ino), qint64(st.st_size), qint64(st.st_ctim.tv_sec),
        qint64(st.st_ctim.tv_nsec) };
}

QString lastError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

QString WorkFiles::privateSubdirectory(const QString &parent, const QString &directory, QString *error)
{
    const QString path = QDir(parent).absoluteFilePath(directory);
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) == 0)
        return path;
    if (errno != EEXIST) {
        *error = QStringLiteral("cannot create the directory %1: %2").arg(path, lastError());
        return {};
    }
    struct stat st = {};
    if (::lstat(native.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) {
        *error = QStringLiteral("%1 exists and is not a directory of this user (%2); the emulator does not write "
                                "through it: remove it or choose another --work-dir")
                     .arg(path, S_ISDIR(st.st_mode) ? QStringLiteral("owned by someone else") : kindOf(st));
        return {};
    }
    ::chmod(native.constData(), 0700);
    return path;
}

bool WorkFiles::write(const QString &directory, const QString &name, const QByteArray &content, QString *error)
{
    if (const QString problem = plainFileNameProblem(name); !problem.isEmpty()) {
        *error = QStringLiteral("refusing the file name %1: %2").arg(quotedForMessage(name), problem);
        return false;
    }
    const QString path = QDir(directory).absoluteFilePath(name);
    const QByteArray native = QFile::encodeName(path);
    struct stat st = {};
    if (::lstat(native.constData(), &st) == 0) {
        const auto it = m_written.constFind(path);
        const bool ours = it != m_written.constEnd() && S_ISREG(st.st_mode) && identityOf(st) == *it;
        if (!ours) {
            *error
                = QStringLiteral("%1 already exists (%2) and was not created by this emulator; it is neither followed "
                                 "nor overwritten: remove it or choose another --work-dir")
                      .arg(path, kindOf(st));
            return false;
        }
        // Replace, never truncate in place: whoever holds the old file keeps the old content.
        if (::unlink(native.constData()) != 0 && errno != ENOENT) {
            *error = QStringLiteral("cannot replace %1: %2").arg(path, lastError());
            return false;
        }
        m_written.remove(path);
    }
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, lastError());
        return false;
    }
    bool ok = true;
    for (qsizetype done = 0; ok && done < content.size();) {
        const ssize_t n = ::write(fd, content.constData() + done, size_t(content.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += n > 0 ? n : 0;
    }
    if (ok)
        ok = ::fstat(fd, &st) == 0; // after writing: size and change time are final
    if (ok)
        m_written.insert(path, identityOf(st));
    else
        *error = QStringLiteral("cannot write %1: %2").arg(path, lastError());
    ::close(fd);
    if (!ok)
        ::unlink(native.constData()); // created by us a moment ago
    return ok;
}

void WorkFiles::removeAll()
{
    for (auto it = m_written.constBegin(); it != m_written.constEnd(); ++it) {
        const QByteArray native = QFile::encodeName(it.key());
        struct stat st = {};
        if (::lstat(native.constData(), &st) == 0 && S_ISREG(st.st_mode) && identityOf(st) == *it)
            ::unlink(native.constData());
    }
    m_written.clear();
}

#else // Windows: no symlinks a user can plant without privileges; QFile's NewOnly is CREATE_NEW.

QString WorkFiles::privateSubdirectory(const QString &parent, const QString &directory, QString *error)
{
    const QString path = QDir(parent).absoluteFilePath(directory);
    const QFileInfo info(path);
    if (info.exists() && (!info.isDir() || info.isSymLink())) {
        *error = QStringLiteral("%1 exists and is not a directory; remove it or choose another --work-dir").arg(path);
        return {};
    }
    if (!QDir().mkpath(path)) {
        *error = QStringLiteral("cannot create the directory %1").arg(path);
        return {};
    }
    return path;
}

bool WorkFiles::write(const QString &directory, const QString &name, const QByteArray &content, QString *error)
{
    if (const QString problem = plainFileNameProblem(name); !problem.isEmpty()) {
        *error = QStringLiteral("refusing the file name %1: %2").arg(quotedForMessage(name), problem);
        return false;
    }
    const QString path = QDir(directory).absoluteFilePath(name);
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) {
        if (!m_written.contains(path)) {
            *error = QStringLiteral("%1 already exists and was not created by this emulator; remove it or choose "
                                    "another --work-dir")
                         .arg(path);
            return false;
        }
        QFile::remove(path);
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, file.errorString());
        return false;
    }
    m_written.insert(path, Identity {});
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(content) != content.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void WorkFiles::removeAll()
{
    for (auto it = m_written.constBegin(); it != m_written.constEnd(); ++it)
        QFile::remove(it.key());
    m_written.clear();
}

#endif

} // namespace idex::emulator
