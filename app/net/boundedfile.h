#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>

namespace idex {

/*! How much one kind of file may hold, and what to call it in an error ("the limit for a snapshot"). */
struct FileLimit
{
    qint64 maxBytes;
    const char *what;
};

/*! The cap of every kind of file the app reads because someone named it. Each is far above what a real file of that
    kind holds; they exist so that a wrong pick (a disk image, /dev/zero) fails at once with a message. */
namespace fileLimits {
inline constexpr FileLimit token { 256 * 1024, "a token" }; // the decoder refuses larger input anyway
inline constexpr FileLimit keySet { 1024 * 1024, "a key set" }; // real JWKS and PEM files are a few KB
inline constexpr FileLimit scenario { 16 * 1024 * 1024, "a scenario" };
inline constexpr FileLimit snapshot { 512LL * 1024 * 1024, "a snapshot" }; // a 100,000-object tenant is 153 MB
inline constexpr FileLimit requestBody { 64 * 1024 * 1024, "a request body" };
inline constexpr FileLimit savedRequests { 16 * 1024 * 1024, "the saved requests" };
inline constexpr FileLimit federatedToken { 64 * 1024, "a federated token" }; // a projected token is about 1 KB
inline constexpr FileLimit arcKey { 4096, "an Arc key" };
inline constexpr FileLimit capture { 1024LL * 1024 * 1024, "a log or capture" }; // idex scan reads it whole
} // namespace fileLimits

struct BoundedRead
{
    QByteArray data;
    QString error; ///< empty on success; else a sentence naming the file and what is wrong with it
    bool ok() const { return error.isEmpty(); }
};

/*! The one way to read a file that a user, a scenario, the environment or a server named. Regular files only: a
    directory, FIFO, socket or device (/dev/zero) is refused without reading, and a FIFO cannot block the open (it is
    opened non-blocking and refused). Reads at most limit.maxBytes + 1 bytes whatever size the file claims, so a
    file that grows, or lies about its size, still ends the read. */
BoundedRead readBoundedFile(const QString &path, const FileLimit &limit);

/*! The same file read in blocks of up to \a blockBytes, each handed to \a consume as it arrives (false from it stops
    the read, which is then no error), so that a large file need not be held whole. The same checks and limit as
    readBoundedFile, and the same messages: an empty string when the file was read (or consume stopped it). The
    blocks before a limit or read error were handed on already: the caller drops what it made of them. */
QString readBoundedFileInBlocks(const QString &path, const FileLimit &limit, qsizetype blockBytes,
    const std::function<bool(QByteArrayView)> &consume);

/*! Standard input (a pipe or a redirected file) with the same cap; pipes are what it is for, so they are allowed. */
BoundedRead readBoundedStdin(const FileLimit &limit);

/*! "256 KB", "16 MB", "1000 bytes": a limit as the error messages say it. */
QString describeLimit(qint64 bytes);

} // namespace idex
