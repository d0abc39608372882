// Marking where two similar values differ (the audience card, Compare).
#include "diagnose/valuediff.h"

#include <QTest>

using namespace idex;

class TestValueDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parts_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("midA");
        QTest::addColumn<QString>("midB");
        QTest::addColumn<QString>("suffix");
        QTest::addRow("trailing slash") << "api://aad-func/"
                                        << "api://aad-func"
                                        << "api://aad-func"
                                        << "/"
                                        << ""
                                        << "";
        QTest::addRow("scheme") << "3f2a8c1d-0000-4000-8000-000000000001"
                                << "api://3f2a8c1d-0000-4000-8000-000000000001"
                                << ""
                                << ""
                                << "api://"
                                << "3f2a8c1d-0000-4000-8000-000000000001";
        QTest::addRow("one digit") << "https://sts.windows.net/t1/"
                                   << "https://sts.windows.net/t2/"
                                   << "https://sts.windows.net/t"
                                   << "1"
                                   << "2"
                                   << "/";
        QTest::addRow("guid case ignored") << "ABCDEF00-1"
                                           << "abcdef00-1"
                                           << "ABCDEF00-1"
                                           << ""
                                           << ""
                                           << "";
        QTest::addRow("real case kept") << "Https://x"
                                        << "https://x"
                                        << ""
                                        << "H"
                                        << "h"
                                        << "ttps://x";
        QTest::addRow("unrelated") << "abc"
                                   << "xyz"
                                   << ""
                                   << "abc"
                                   << "xyz"
                                   << "";
        QTest::addRow("repeated letters") << "aaa"
                                          << "aa"
                                          << "aa"
                                          << "a"
                                          << ""
                                          << "";
        QTest::addRow("empty") << ""
                               << "x"
                               << ""
                               << ""
                               << "x"
                               << "";
    }

    void parts()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        const ValueDiff diff = diffValues(a, b);
        QTEST(diff.prefix, "prefix");
        QTEST(diff.a, "midA");
        QTEST(diff.b, "midB");
        QTEST(diff.suffix, "suffix");
        // Put back together, each side is what it was (case of b's GUID letters aside).
        QCOMPARE(diff.prefix + diff.a + diff.suffix, a);
        QCOMPARE((diff.prefix + diff.b + diff.suffix).toLower(), b.toLower());
    }

    void flags()
    {
        QVERIFY(diffValues(QStringLiteral("x"), QStringLiteral("x")).isSame());
        QVERIFY(diffValues(QStringLiteral("abc"), QStringLiteral("xyz")).isUnrelated());
        QVERIFY(!diffValues(QStringLiteral("api://a/"), QStringLiteral("api://a")).isUnrelated());
    }
};

QTEST_GUILESS_MAIN(TestValueDiff)
#include "test_valuediff.moc"
