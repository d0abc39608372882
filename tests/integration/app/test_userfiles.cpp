// Every idex command that reads a file the user names, run as a real process on the files that used to hang or
// flood it: /dev/zero (size 0, endless), a FIFO with no writer (open() blocks), a 2 GB sparse file and a directory.
// Each must end at once with a clear message. Registered with a ctest TIMEOUT: a hang fails instead of waiting.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace {

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QString output; ///< stdout and stderr
};

Run runIdex(const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(IDEX_BINARY), args);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    Run run;
    run.finished = process.waitForFinished(15000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

QString sampleToken()
{
    QFile file(qEnvironmentVariable("IDEX_TEST_DATA") + QStringLiteral("/entra-sample-tokens.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array().first().toObject().value(QLatin1String("token")).toString();
}

} // namespace

class TestUserFiles : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_fifo, m_sparse;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
#ifdef Q_OS_UNIX
        m_fifo = m_dir.filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(m_fifo).constData(), 0600), 0);
#endif
        QFile sparse(m_dir.filePath(QStringLiteral("sparse")));
        QVERIFY(sparse.open(QIODevice::WriteOnly));
        if (sparse.resize(2LL * 1024 * 1024 * 1024))
            m_sparse = sparse.fileName();
        QVERIFY(!sampleToken().isEmpty());
    }

    void everyReaderRefusesUnreadableFiles_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message"); // a regular expression
        const QString notRegular = QStringLiteral("is not a regular file \\(it is a");
        QList<QPair<QString, QString>> files { { QStringLiteral("/dev/zero"), notRegular },
            { QStringLiteral("directory"), notRegular } };
        if (!m_fifo.isEmpty())
            files.append({ QStringLiteral("fifo"), notRegular });
        if (!m_sparse.isEmpty())
            files.append({ QStringLiteral("sparse"), QStringLiteral("is larger than \\d+ [KM]B, the limit for") });
        const QString token = sampleToken();
        for (const auto &[name, message] : files) {
            const QString file = name == QLatin1String("directory") ? m_dir.path()
                : name == QLatin1String("fifo")                     ? m_fifo
                : name == QLatin1String("sparse")                   ? m_sparse
                                                                    : name;
            const QList<QPair<const char *, QStringList>> commands {
                { "decode @", { QStringLiteral("decode"), u'@' + file } },
                { "verify @", { QStringLiteral("verify"), QStringLiteral("--offline"), u'@' + file } },
                { "verify --jwks",
                    { QStringLiteral("verify"), QStringLiteral("--offline"), QStringLiteral("--jwks"), file, token } },
                { "diagnose --directory", { QStringLiteral("diagnose"), QStringLiteral("--directory"), file, token } },
                { "directory --source", { QStringLiteral("directory"), QStringLiteral("--source"), file } },
                { "emulator --scenario", { QStringLiteral("emulator"), QStringLiteral("--scenario"), file } },
                { "token --token @",
                    { QStringLiteral("token"), QStringLiteral("--source"), QStringLiteral("pasted"),
                        QStringLiteral("--token"), u'@' + file } },
                // The body is read before anything is sent; the address is loopback anyway.
                { "call --data @",
                    { QStringLiteral("call"), QStringLiteral("http://127.0.0.1:9/api"), QStringLiteral("--token"),
                        token, QStringLiteral("--data"), u'@' + file } },
            };
            for (const auto &[what, args] : commands)
                QTest::addRow("%s %s", what, qPrintable(name)) << args << message;
        }
    }

    void everyReaderRefusesUnreadableFiles()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run run = runIdex(args);
        QVERIFY2(run.finished, "idex hangs");
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.output.contains(QRegularExpression(message)), qPrintable(run.output.left(500)));
    }

    void tokenFilesAndStandardInputAreRead()
    {
        const QString token = sampleToken();
        QFile file(m_dir.filePath(QStringLiteral("token.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(token.toLatin1() + '\n');
        file.close();
        Run run = runIdex({ QStringLiteral("decode"), u'@' + file.fileName() });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.output.contains(QLatin1String("Audience")));
        run = runIdex({ QStringLiteral("decode"), QStringLiteral("-") }, token.toLatin1());
        QCOMPARE(run.exitCode, 0);
    }

    void endlessStandardInputIsCapped()
    {
        const Run run = runIdex({ QStringLiteral("decode"), QStringLiteral("-") }, QByteArray(300 * 1024, 'e'));
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.output.contains(QLatin1String("standard input is larger than 256 KB, the limit for a token")),
            qPrintable(run.output));
    }
};

QTEST_GUILESS_MAIN(TestUserFiles)
#include "test_userfiles.moc"
