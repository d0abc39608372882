// Body classification, pretty JSON that keeps the server's key order, hex dumps, sizes.
#include "call/responsebody.h"

#include <QJsonDocument>
#include <QTest>

using namespace idex;

class TestResponseBody : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("kind");
        QTest::addRow("empty") << QByteArray() << QByteArray("application/json") << QStringLiteral("empty");
        QTest::addRow("json object") << QByteArray(" {\"a\":1}\n") << QByteArray() << QStringLiteral("json");
        QTest::addRow("json array") << QByteArray("[1,2]") << QByteArray("text/plain") << QStringLiteral("json");
        QTest::addRow("json labelled html")
            << QByteArray("{\"a\":1}") << QByteArray("text/html") << QStringLiteral("json");
        QTest::addRow("json scalar is text")
            << QByteArray("\"x\"") << QByteArray("application/json") << QStringLiteral("text");
        QTest::addRow("broken json is text")
            << QByteArray("{\"a\":") << QByteArray("application/json") << QStringLiteral("text");
        QTest::addRow("html by sniff") << QByteArray("<!DOCTYPE html><p>x") << QByteArray() << QStringLiteral("html");
        QTest::addRow("html by type") << QByteArray("<p>x</p>") << QByteArray("text/html; charset=utf-8")
                                      << QStringLiteral("html");
        QTest::addRow("text") << QByteArray("Unauthorized\r\n\tsee logs") << QByteArray() << QStringLiteral("text");
        QTest::addRow("utf-8 text") << QByteArray("d\xc3\xa9j\xc3\xa0") << QByteArray() << QStringLiteral("text");
        QTest::addRow("invalid utf-8") << QByteArray("\xff\xfe\x00\x01", 4) << QByteArray() << QStringLiteral("binary");
        QTest::addRow("control bytes") << QByteArray("abc\x01\x02") << QByteArray() << QStringLiteral("binary");
    }

    void classify()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, kind);
        QCOMPARE(bodyKindName(classifyBody(body, contentType)), kind);
    }

    void prettyJsonKeepsOrderAndStrings()
    {
        const QByteArray body("{\"zeta\":1,\"alpha\":{\"s\":\"a,b:{c}\\\"q\\\"\",\"e\":[],\"o\":{}},\"n\":1.50}");
        const QString pretty = prettyJson(body);
        const QString expected = QStringLiteral("{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"s\": \"a,b:{c}\\\"q\\\"\",\n"
                                                "    \"e\": [],\n    \"o\": {}\n  },\n  \"n\": 1.50\n}");
        QCOMPARE(pretty, expected);
        // Same document, only whitespace differs.
        QCOMPARE(QJsonDocument::fromJson(pretty.toUtf8()), QJsonDocument::fromJson(body));
        QCOMPARE(prettyJson("not json"), QStringLiteral("not json"));
    }

    void hexDumpLayout()
    {
        const QByteArray bytes("\x00\x01Hello, world!\xff\x7f\x20Z", 19);
        const QString dump = hexDump(bytes);
        const QStringList lines = dump.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0),
            QStringLiteral("00000000  00 01 48 65 6c 6c 6f 2c  20 77 6f 72 6c 64 21 ff  ..Hello, world!."));
        QVERIFY(lines.at(1).startsWith(QLatin1String("00000010  7f 20 5a")));
        QVERIFY(lines.at(1).endsWith(QLatin1String(". Z")));
        const QString capped = hexDump(QByteArray(100, 'a'), 32);
        QVERIFY(capped.contains(QLatin1String("68 more bytes not shown")));
    }

    void sizes()
    {
        QCOMPARE(formatSize(0), QStringLiteral("0 B"));
        QCOMPARE(formatSize(1023), QStringLiteral("1023 B"));
        QCOMPARE(formatSize(1536), QStringLiteral("1.5 KiB"));
        QCOMPARE(formatSize(3 * 1024 * 1024), QStringLiteral("3.0 MiB"));
    }
};

QTEST_GUILESS_MAIN(TestResponseBody)
#include "test_responsebody.moc"
