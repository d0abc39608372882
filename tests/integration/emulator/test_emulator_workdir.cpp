// The files a scenario names (the federated token, the Arc key) stay plain names inside the emulator's work
// directory: paths are scenario errors naming the field, and whatever is planted there (a symlink, someone's file,
// a symlinked directory) is neither followed nor overwritten. The emulator replaces its own files by unlinking them.
#include "emulatortestsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

QByteArray seedWith(const QString &field, const QJsonValue &value)
{
    QFile seed(QStringLiteral(":/scenarios/seed.json"));
    if (!seed.open(QIODevice::ReadOnly))
        return {};
    QJsonObject scenario = QJsonDocument::fromJson(seed.readAll()).object();
    scenario.insert(field, value);
    return QJsonDocument(scenario).toJson();
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

int modeOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

quint64 inodeOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? quint64(st.st_ino) : 0;
}

} // namespace

class TestEmulatorWorkDir : public QObject
{
    Q_OBJECT
private:
    EmulatorKeys m_keys;
    HttpClient m_client;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_keys = Emulator::generateKeys(&error);
        QVERIFY2(m_keys.isValid(), qPrintable(error));
    }

    void fileNamesMustBePlain_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("name");
        const QString fed = QStringLiteral("federatedTokenFileName"), arc = QStringLiteral("arcKeyFileName");
        QTest::newRow("federated: climbs out") << fed << QStringLiteral("../../../../tmp/victim");
        QTest::newRow("federated: parent") << fed << QStringLiteral("..");
        QTest::newRow("federated: dot") << fed << QStringLiteral(".");
        QTest::newRow("federated: subdirectory") << fed << QStringLiteral("sub/token");
        QTest::newRow("federated: absolute") << fed << QStringLiteral("/etc/passwd");
        QTest::newRow("federated: backslash") << fed << QStringLiteral("..\\..\\token");
        QTest::newRow("federated: empty") << fed << QString();
        QTest::newRow("federated: NUL") << fed << QStringLiteral("token") + QChar(0) + QStringLiteral("x");
        QTest::newRow("federated: newline") << fed << QStringLiteral("token\nx");
        QTest::newRow("federated: too long") << fed << QString(256, u'a');
        QTest::newRow("arc: climbs out") << arc << QStringLiteral("../../x.key");
        QTest::newRow("arc: backslash") << arc << QStringLiteral("a\\b.key");
        QTest::newRow("arc: dot dot") << arc << QStringLiteral("...key");
        QTest::newRow("arc: CR LF") << arc << QStringLiteral("x\r\nSet-Cookie: a.key");
    }
    void fileNamesMustBePlain()
    {
        QFETCH(QString, field);
        QFETCH(QString, name);
        Scenario s;
        QString error;
        QVERIFY(!parseScenario(seedWith(field, name), QStringLiteral("scenario.json"), &s, &error));
        QVERIFY2(error.startsWith(QStringLiteral("scenario.json: %1: \"").arg(field)), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("must be a plain file name")), qPrintable(error));
        QVERIFY2(!error.contains(QChar(0)) && !error.contains(u'\n') && !error.contains(u'\r'), qPrintable(error));
    }

    void plainNamesAreAccepted_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("name");
        QTest::newRow("federated: default")
            << QStringLiteral("federatedTokenFileName") << QStringLiteral("azure-identity-token");
        QTest::newRow("federated: leading dash")
            << QStringLiteral("federatedTokenFileName") << QStringLiteral("-token.jwt");
        QTest::newRow("federated: unicode")
            << QStringLiteral("federatedTokenFileName") << QStringLiteral("jeton-d'identité");
        QTest::newRow("arc: dotted") << QStringLiteral("arcKeyFileName") << QStringLiteral("my.emulator.key");
    }
    void plainNamesAreAccepted()
    {
        QFETCH(QString, field);
        QFETCH(QString, name);
        Scenario s;
        QString error;
        QVERIFY2(parseScenario(seedWith(field, name), QStringLiteral("scenario.json"), &s, &error), qPrintable(error));
    }

    void plantedSymlinkIsNotFollowed()
    {
        QTemporaryDir outside, work;
        const QString victim = outside.filePath(QStringLiteral("victim"));
        QVERIFY(writeFile(victim, "precious"));
        QVERIFY(QFile::link(victim, work.filePath(QStringLiteral("azure-identity-token"))));
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY2(
            error.contains(QLatin1String("symbolic link")) && error.contains(QLatin1String("azure-identity-token")),
            qPrintable(error));
        QCOMPARE(contentOf(victim), QByteArray("precious"));
        QVERIFY(QFileInfo(work.filePath(QStringLiteral("azure-identity-token"))).isSymLink()); // left as it was
    }

    void plantedArcKeySymlinkIsNotFollowed()
    {
        QTemporaryDir outside, work;
        const QString victim = outside.filePath(QStringLiteral("victim"));
        QVERIFY(writeFile(victim, "precious"));
        QVERIFY(QDir(work.path()).mkdir(QStringLiteral("arc-tokens")));
        QVERIFY(QFile::link(victim, work.filePath(QStringLiteral("arc-tokens/emulator.key"))));
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY2(error.contains(QLatin1String("symbolic link")), qPrintable(error));
        QCOMPARE(contentOf(victim), QByteArray("precious"));
    }

    void symlinkedArcDirectoryIsRefused()
    {
        QTemporaryDir outside, work;
        QVERIFY(QFile::link(outside.path(), work.filePath(QStringLiteral("arc-tokens"))));
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY2(error.contains(QLatin1String("arc-tokens")), qPrintable(error));
        QVERIFY(QDir(outside.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).isEmpty());
    }

    void someoneElsesFileIsNotOverwritten()
    {
        QTemporaryDir work;
        const QString existing = work.filePath(QStringLiteral("azure-identity-token"));
        QVERIFY(writeFile(existing, "mine"));
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY(!e.start(options, m_keys, &error));
        QVERIFY2(error.contains(QLatin1String("not created by this emulator")), qPrintable(error));
        QCOMPARE(contentOf(existing), QByteArray("mine"));
    }

    void ownFilesAreReplacedByUnlinkingAndRemovedOnStop()
    {
        QTemporaryDir work;
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        const QString key = e.arcKeyFilePath();
        QCOMPARE(QFileInfo(key).dir().dirName(), QStringLiteral("arc-tokens"));
        QCOMPARE(modeOf(key), 0600);
        QCOMPARE(modeOf(QFileInfo(key).absolutePath()), 0700);
        QCOMPARE(modeOf(e.federatedTokenFilePath()), 0600);
        QFile before(key);
        QVERIFY(before.open(QIODevice::ReadOnly)); // a reader holding the old key file
        const quint64 inodeBefore = inodeOf(key);

        // An Arc request without the key gets a challenge and a new key file.
        const Answer challenge = send(m_client, "GET",
            url(e, QStringLiteral("/arc/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2019-11-01") },
                    { QStringLiteral("resource"), QStringLiteral("https://vault.azure.net") } }),
            { { "Metadata", "true" } });
        QCOMPARE(challenge.status, 401);
        QVERIFY(inodeOf(key) != inodeBefore); // replaced, not rewritten in place
        QVERIFY(before.readAll() != contentOf(key));

        e.stop();
        QVERIFY(!QFile::exists(key));
        QVERIFY(!QFile::exists(work.filePath(QStringLiteral("azure-identity-token"))));
    }

    void stopRemovesOnlyWhatItWrote()
    {
        QTemporaryDir work;
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QVERIFY(e.start(options, m_keys));
        const QString token = e.federatedTokenFilePath();
        QVERIFY(QFile::remove(token));
        QVERIFY(writeFile(token, "a file the user put there meanwhile"));
        e.stop();
        QCOMPARE(contentOf(token), QByteArray("a file the user put there meanwhile"));
    }

    void defaultWorkDirIsPrivate()
    {
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        QCOMPARE(modeOf(e.workDir()), 0700);
        QCOMPARE(modeOf(e.federatedTokenFilePath()), 0600);
        QVERIFY(QFileInfo(e.federatedTokenFilePath()).absolutePath() == QFileInfo(e.workDir()).absoluteFilePath());
    }
};

QTEST_GUILESS_MAIN(TestEmulatorWorkDir)
#include "test_emulator_workdir.moc"
