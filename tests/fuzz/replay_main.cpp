// Replays a fuzz target's seed corpus (and any crash files added to it) through its entry point as an ordinary test,
// so every test run exercises each parser of untrusted input on hostile input even without libFuzzer. Linked with
// one fuzz_<name>.cpp per test (see idex_add_fuzzer in CMakeLists.txt); IDEX_FUZZ_CORPUS names its corpus folder.
#include <QDir>
#include <QFile>
#include <QTest>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

class TestFuzzReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void corpus_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(IDEX_FUZZ_CORPUS));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= IDEX_FUZZ_MIN_SEEDS, "the seed corpus is missing");
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }
    void corpus()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        QCOMPARE(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size())), 0);
    }

    void mutationsOfEverySeed()
    {
        // Cheap deterministic mutations (truncation, byte flips) of every seed: a poor man's fuzzer for CI.
        const QDir dir(QStringLiteral(IDEX_FUZZ_CORPUS));
        int runs = 0;
        for (const QString &name : dir.entryList(QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray seed = file.readAll();
            for (qsizetype cut = 0; cut < seed.size(); cut += qMax<qsizetype>(1, seed.size() / 17)) {
                QByteArray mutated = seed.left(cut);
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(mutated.constData()), size_t(mutated.size()));
                mutated = seed;
                mutated[cut] = char(mutated.at(cut) ^ 0x5a);
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(mutated.constData()), size_t(mutated.size()));
                runs += 2;
            }
        }
        QVERIFY(runs > 100);
    }
};

QTEST_GUILESS_MAIN(TestFuzzReplay)
#include "replay_main.moc"
