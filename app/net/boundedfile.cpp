#include "boundedfile.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
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

/*! Reads \a fd to its end in blocks of up to \a blockBytes, each handed to \a consume (which may stop the read by
    returning false), or until one byte more than the limit arrived: then the error says so. */
QString readDescriptorInBlocks(int fd, const QString &name, const FileLimit &limit, qsizetype blockBytes,
    const std::function<bool(QByteArrayView)> &consume)
{
    const qint64 cap = limit.maxBytes + 1;
    QByteArray buffer(blockBytes, Qt::Uninitialized);
    qint64 total = 0;
    while (total < cap) {
        const ssize_t n = ::read(fd, buffer.data(), size_t(qMin<qint64>(qint64(buffer.size()), cap - total)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return QStringLiteral("cannot read %1: %2").arg(name, qt_error_string(errno));
        if (n == 0)
            break;
        total += n;
        if (total > limit.maxBytes)
            break; // the one byte too many is not handed on
        if (!consume(QByteArrayView(buffer.constData(), qsizetype(n))))
            return {};
    }
    if (total > limit.maxBytes)
        return tooLarge(name, limit);
    return {};
}

/*! Reads \a fd to its end, or until one byte more than the limit arrived. */
BoundedRead readDescriptor(int fd, const QString &name, const FileLimit &limit, qint64 sizeHint)
{
    BoundedRead result;
    result.data.reserve(qsizetype(qBound<qint64>(0, sizeHint + 1, limit.maxBytes + 1)));
    result.error = readDescriptorInBlocks(fd, name, limit, 64 * 1024, [&result](QByteArrayView block) {
        result.data.append(block);
        return true;
    });
    if (!result.error.isEmpty())
        result.data.clear();
    return result;
}

/*! Opens \a path for reading if it is a regular file within the limit: the descriptor, or -1 and \a error. */
int openRegular(const QString &path, const FileLimit &limit, qint64 *size, QString *error)
{
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever; the type check below refuses it.
    int fd = -1;
    do
        fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, qt_error_string(errno));
        return -1;
    }
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0)
        *error = QStringLiteral("cannot read %1: %2").arg(path, qt_error_string(errno));
    else if (!S_ISREG(st.st_mode))
        *error = notRegular(path, kindOf(st.st_mode));
    else if (st.st_size > limit.maxBytes)
        *error = tooLarge(path, limit); // a 2 GB (sparse) file is refused without reading a byte
    if (!error->isEmpty()) {
        ::close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
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
    qint64 size = 0;
    const int fd = openRegular(path, limit, &size, &result.error);
    if (fd < 0)
        return result;
    result = readDescriptor(fd, path, limit, size);
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

QString readBoundedFileInBlocks(const QString &path, const FileLimit &limit, qsizetype blockBytes,
    const std::function<bool(QByteArrayView)> &consume)
{
    if (path.isEmpty())
        return QStringLiteral("no file name given for %1").arg(QLatin1String(limit.what));
#ifdef Q_OS_UNIX
    QString error;
    qint64 size = 0;
    const int fd = openRegular(path, limit, &size, &error);
    if (fd < 0)
        return error;
    error = readDescriptorInBlocks(fd, path, limit, blockBytes, consume);
    ::close(fd);
    return error;
#else
    // Elsewhere the file is read whole first (the same checks as readBoundedFile), then handed on in blocks.
    const BoundedRead file = readBoundedFile(path, limit);
    if (!file.ok())
        return file.error;
    for (qsizetype at = 0; at < file.data.size(); at += blockBytes) {
        if (!consume(QByteArrayView(file.data).sliced(at, std::min(blockBytes, file.data.size() - at))))
            break;
    }
    return {};
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
