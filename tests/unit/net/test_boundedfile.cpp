// The one reader of user-named files: regular files only, never blocking on a FIFO, never reading past its cap
// (whatever size the file claims). Registered with a short ctest TIMEOUT, so a read that hangs fails the test.
#include "net/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace idex;

namespace {
constexpr FileLimit kSmall { 16, "a test file" };

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return file.fileName();
}
} // namespace

class TestBoundedFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsARegularFileUpToTheLimit()
    {
        QTemporaryDir dir;
        const BoundedRead read = readBoundedFile(writeFile(dir, QStringLiteral("ok"), "0123456789abcdef"), kSmall);
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.data, QByteArray("0123456789abcdef"));
        const BoundedRead empty = readBoundedFile(writeFile(dir, QStringLiteral("empty"), {}), kSmall);
        QVERIFY(empty.ok());
        QVERIFY(empty.data.isEmpty());
    }

    void refusesAFileOneByteOverTheLimit()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("big"), "0123456789abcdefX");
        const BoundedRead read = readBoundedFile(path, kSmall);
        QVERIFY(!read.ok());
        QVERIFY(read.data.isEmpty());
        QCOMPARE(read.error, path + QStringLiteral(" is larger than 16 bytes, the limit for a test file"));
    }

    void refusesWhatIsNotARegularFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kind");
        QTest::addRow("directory") << QDir::tempPath() << QStringLiteral("a directory");
#ifdef Q_OS_UNIX
        // Its size is 0, so the old size check let readAll() read zeros forever.
        QTest::addRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("a device");
        QTest::addRow("/dev/null") << QStringLiteral("/dev/null") << QStringLiteral("a device");
#endif
    }

    void refusesWhatIsNotARegularFile()
    {
        QFETCH(QString, path);
        QFETCH(QString, kind);
        const BoundedRead read = readBoundedFile(path, fileLimits::snapshot);
        QVERIFY(!read.ok());
        QCOMPARE(read.error, QStringLiteral("%1 is not a regular file (it is %2)").arg(path, kind));
    }

    void aFifoWithoutWriterDoesNotBlock()
    {
#ifndef Q_OS_UNIX
        QSKIP("FIFOs are a POSIX thing");
#else
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        // A blocking open() would wait for a writer forever; the ctest TIMEOUT turns that into a failure.
        const BoundedRead read = readBoundedFile(path, fileLimits::token);
        QCOMPARE(read.error, path + QStringLiteral(" is not a regular file (it is a FIFO)"));
#endif
    }

    void aHugeSparseFileIsRefusedWithoutReadingIt()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("sparse.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        if (!file.resize(2LL * 1024 * 1024 * 1024)) // 2 GB of holes: no disk space used
            QSKIP("the file system cannot make a 2 GB sparse file");
        file.close();
        const BoundedRead read = readBoundedFile(file.fileName(), fileLimits::snapshot);
        QCOMPARE(read.error, file.fileName() + QStringLiteral(" is larger than 512 MB, the limit for a snapshot"));
    }

    void aFileLongerThanItsSizeIsStillCapped()
    {
        // Files under /proc report a size of 0 and produce content when read: only reading cap + 1 bytes catches it.
        const QString path = QStringLiteral("/proc/self/status");
        if (!QFile::exists(path))
            QSKIP("no /proc on this system");
        const BoundedRead read = readBoundedFile(path, kSmall);
        QCOMPARE(read.error, path + QStringLiteral(" is larger than 16 bytes, the limit for a test file"));
        QVERIFY(readBoundedFile(path, fileLimits::keySet).ok());
    }

    // The block reader (a snapshot is read so): the same checks and messages as the whole read, the file's bytes
    // in order, and a consumer that has seen enough stops the read.
    void readsInBlocksWithTheSameChecks()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("ok"), "0123456789abcdef");
        QByteArray got;
        int blocks = 0;
        const auto collect = [&](QByteArrayView block) {
            got.append(block);
            ++blocks;
            return true;
        };
        QCOMPARE(readBoundedFileInBlocks(path, kSmall, 5, collect), QString());
        QCOMPARE(got, QByteArray("0123456789abcdef"));
        QCOMPARE(blocks, 4);

        got.clear();
        QCOMPARE(readBoundedFileInBlocks(path, kSmall, 5,
                     [&](QByteArrayView block) {
                         got.append(block);
                         return false;
                     }),
            QString());
        QCOMPARE(got, QByteArray("01234"));

        const QString big = writeFile(dir, QStringLiteral("big"), "0123456789abcdefX");
        QCOMPARE(readBoundedFileInBlocks(big, kSmall, 5, collect), readBoundedFile(big, kSmall).error);
        QCOMPARE(readBoundedFileInBlocks(QDir::tempPath(), kSmall, 5, collect),
            readBoundedFile(QDir::tempPath(), kSmall).error);
        const QString proc = QStringLiteral("/proc/self/status");
        if (QFile::exists(proc)) // a size of 0, and more bytes than the cap when read
            QCOMPARE(readBoundedFileInBlocks(proc, kSmall, 4, collect),
                proc + QStringLiteral(" is larger than 16 bytes, the limit for a test file"));
#ifdef Q_OS_UNIX
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QCOMPARE(readBoundedFileInBlocks(fifo, kSmall, 5, collect),
            fifo + QStringLiteral(" is not a regular file (it is a FIFO)"));
#endif
        QVERIFY(readBoundedFileInBlocks(QStringLiteral("/nonexistent/x.json"), kSmall, 5, collect)
                    .startsWith(QLatin1String("cannot read /nonexistent/x.json: ")));
    }

    void aMissingFileSaysWhy()
    {
        const BoundedRead read = readBoundedFile(QStringLiteral("/nonexistent/x.json"), kSmall);
        QVERIFY(read.error.startsWith(QLatin1String("cannot read /nonexistent/x.json: ")));
        QVERIFY(!readBoundedFile(QString(), kSmall).ok());
    }

    void limitsAreWrittenForPeople()
    {
        QCOMPARE(describeLimit(512LL * 1024 * 1024), QStringLiteral("512 MB"));
        QCOMPARE(describeLimit(256 * 1024), QStringLiteral("256 KB"));
        QCOMPARE(describeLimit(1000), QStringLiteral("1000 bytes"));
    }
};

QTEST_GUILESS_MAIN(TestBoundedFile)
#include "test_boundedfile.moc"
