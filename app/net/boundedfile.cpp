#include "boundedfile.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace idex {

namespace {

QString tooLarge(const QString &name, const FileLimit &limit)
{
    return QStringLiteral("%1 is larger than %2, the limit for %3")
        .arg(name, describeLimit(limit.maxBytes), QLatin1String(limit.what));
}

QString notRegular(const QString &path, const QString &kind)
{
    return QStringLiteral("%1 is not a regular file (it is %2)").arg(path, kind);
}

#ifdef Q_OS_UNIX
QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a plain file");
}

/*! Reads \a fd to its end, or until one byte more than the limit arrived. */
BoundedRead readDescriptor(int fd, const QString &name, const FileLimit &limit, qint64 sizeHint)
{
    BoundedRead result;
    const qint64 cap = limit.maxBytes + 1;
    result.data.reserve(qsizetype(qBound<qint64>(0, sizeHint + 1, cap)));
    char buffer[64 * 1024];
    qint64 total = 0;
    while (total < cap) {
        const ssize_t n = ::read(fd, buffer, size_t(qMin<qint64>(qint64(sizeof buffer), cap - total)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            result.error = QStringLiteral("cannot read %1: %2").arg(name, qt_error_string(errno));
            result.data.clear();
            return result;
        }
        if (n == 0)
            break;
        result.data.append(buffer, qsizetype(n));
        total += n;
    }
    if (total > limit.maxBytes) {
        result.error = tooLarge(name, limit);
        result.data.clear();
    }
    return result;
}
#endif

} // namespace

QString describeLimit(qint64 bytes)
{
    constexpr qint64 kb = 1024, mb = 1024 * 1024;
    if (bytes >= mb && bytes % mb == 0)
        return QStringLiteral("%1 MB").arg(bytes / mb);
    if (bytes >= kb && bytes % kb == 0)
        return QStringLiteral("%1 KB").arg(bytes / kb);
    return QStringLiteral("%1 bytes").arg(bytes);
}

BoundedRead readBoundedFile(const QString &path, const FileLimit &limit)
{
    BoundedRead result;
    if (path.isEmpty()) {
        result.error = QStringLiteral("no file name given for %1").arg(QLatin1String(limit.what));
        return result;
    }
#ifdef Q_OS_UNIX
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever; the type check below refuses it.
    int fd = -1;
    do
        fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, qt_error_string(errno));
        return result;
    }
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, qt_error_string(errno));
    } else if (!S_ISREG(st.st_mode)) {
        result.error = notRegular(path, kindOf(st.st_mode));
    } else if (st.st_size > limit.maxBytes) {
        result.error = tooLarge(path, limit); // a 2 GB (sparse) file is refused without reading a byte
    } else {
        result = readDescriptor(fd, path, limit, st.st_size);
    }
    ::close(fd);
    return result;
#else
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        result.error
            = notRegular(path, info.isDir() ? QStringLiteral("a directory") : QStringLiteral("not a plain file"));
        return result;
    }
    if (info.size() > limit.maxBytes) {
        result.error = tooLarge(path, limit);
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    result.data = file.read(limit.maxBytes + 1);
    if (result.data.size() > limit.maxBytes) {
        result.data.clear();
        result.error = tooLarge(path, limit);
    }
    return result;
#endif
}

BoundedRead readBoundedStdin(const FileLimit &limit)
{
    const QString name = QStringLiteral("standard input");
#ifdef Q_OS_UNIX
    return readDescriptor(STDIN_FILENO, name, limit, 0);
#else
    BoundedRead result;
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read %1: %2").arg(name, input.errorString());
        return result;
    }
    result.data = input.read(limit.maxBytes + 1);
    if (result.data.size() > limit.maxBytes) {
        result.data.clear();
        result.error = tooLarge(name, limit);
    }
    return result;
#endif
}

} // namespace idex
