// Response headers never carry CR, LF, NUL or other control characters: the one place replies are written refuses
// such a reply (500 and a log line) instead of splitting it. Driven over raw loopback sockets by what a scenario or
// a client can put into a header: a function's realm, a token's kid echoed in WWW-Authenticate, the work directory
// named in the Arc challenge.
#include "emulator/reply.h"
#include "emulatortestsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

QByteArray seedWithRealm(const QString &realm)
{
    QFile seed(QStringLiteral(":/scenarios/seed.json"));
    if (!seed.open(QIODevice::ReadOnly))
        return {};
    QJsonObject scenario = QJsonDocument::fromJson(seed.readAll()).object();
    QJsonArray functions = scenario.value(QStringLiteral("functions")).toArray();
    QJsonObject first = functions.first().toObject();
    first.insert(QStringLiteral("realm"), realm);
    functions.replace(0, first);
    scenario.insert(QStringLiteral("functions"), functions);
    return QJsonDocument(scenario).toJson();
}

QByteArray b64u(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

class TestEmulatorReplyHeaders : public QObject
{
    Q_OBJECT
private:
    EmulatorKeys m_keys;
    QTemporaryDir m_dir;

    static QByteArray get(const Emulator &e, const QByteArray &pathAndQuery, const QByteArray &headers = {})
    {
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(e.baseUrl().port()) + "\r\n"
            + headers + "\r\n";
    }
    static bool splitHeaderArrived(const RawAnswer &a)
    {
        for (const QByteArray &line : a.headerLines())
            if (line.startsWith("Set-Cookie") || line.startsWith("X-Injected"))
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_keys = Emulator::generateKeys(&error);
        QVERIFY2(m_keys.isValid(), qPrintable(error));
    }

    void scenarioCannotSplitAHeader_data()
    {
        QTest::addColumn<QString>("realm");
        QTest::addColumn<QString>("character");
        QTest::newRow("CR LF") << QStringLiteral("x\r\nSet-Cookie: injected=1") << QStringLiteral("0x0d");
        QTest::newRow("LF only") << QStringLiteral("x\nSet-Cookie: injected=1") << QStringLiteral("0x0a");
        QTest::newRow("NUL") << QStringLiteral("x") + QChar(0) + QStringLiteral("y") << QStringLiteral("0x00");
        QTest::newRow("other control") << QStringLiteral("x\x01y") << QStringLiteral("0x01");
        QTest::newRow("DEL") << QStringLiteral("x\x7fy") << QStringLiteral("0x7f");
    }
    void scenarioCannotSplitAHeader()
    {
        QFETCH(QString, realm);
        QFETCH(QString, character);
        const QString file = m_dir.filePath(QStringLiteral("realm.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(seedWithRealm(realm));
        out.close();
        Emulator e;
        EmulatorOptions options;
        options.scenario = file;
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        QStringList log;
        connect(&e, &Emulator::requestServed, this, [&log](const QString &line) { log << line; });

        const RawAnswer a
            = rawExchange(quint16(e.baseUrl().port()), get(e, "/api/aad-func")); // no token: 401 + WWW-Authenticate
        QCOMPARE(a.status, 500);
        QVERIFY2(!splitHeaderArrived(a), a.head.constData());
        QVERIFY(a.header("WWW-Authenticate").isEmpty());
        QCOMPARE(a.json().value(QStringLiteral("error")).toString(), QStringLiteral("server_error"));
        const QString all = log.join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("server: refused to send the 401 answer to GET /api/aad-func: the value "
                                             "of the WWW-Authenticate header contains the control character ")
                     + character),
            qPrintable(all));
        QVERIFY2(!all.contains(u'\r') && !all.contains(QChar(0)), qPrintable(all)); // nor is the log split

        // The emulator goes on serving.
        const RawAnswer next = rawExchange(quint16(e.baseUrl().port()), get(e, "/common/discovery/keys"));
        QCOMPARE(next.status, 200);
    }

    void tabIsAllowed()
    {
        const QString file = m_dir.filePath(QStringLiteral("tab.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(seedWithRealm(QStringLiteral("a\tb")));
        out.close();
        Emulator e;
        EmulatorOptions options;
        options.scenario = file;
        QVERIFY(e.start(options, m_keys));
        const RawAnswer a = rawExchange(quint16(e.baseUrl().port()), get(e, "/api/aad-func"));
        QCOMPARE(a.status, 401);
        QVERIFY(a.header("WWW-Authenticate").contains("realm=\"a\tb\""));
    }

    void tokenCannotSplitTheChallenge()
    {
        // A forged token's kid is echoed in error_description ("Unable to match key: kid '...'"): any local client
        // chooses it. The function answers a clean 401, with the control characters blanked.
        Emulator e;
        QVERIFY(e.start(EmulatorOptions {}, m_keys));
        const QByteArray header
            = b64u("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"x\\r\\nSet-Cookie: injected=1\\r\\nX-Injected: 2\"}");
        const QByteArray token = header + '.' + b64u("{\"aud\":\"x\"}") + '.' + b64u("sig");
        const RawAnswer a = rawExchange(
            quint16(e.baseUrl().port()), get(e, "/api/aad-func", "Authorization: Bearer " + token + "\r\n"));
        QCOMPARE(a.status, 401);
        QVERIFY2(!splitHeaderArrived(a), a.head.constData());
        QVERIFY(a.header("WWW-Authenticate").contains("Unable to match key"));
    }

    void workDirCannotSplitTheArcChallenge()
    {
        QTemporaryDir work(m_dir.filePath(QStringLiteral("dir\r\nX-Injected: 1 XXXXXX")));
        QVERIFY(work.isValid());
        Emulator e;
        EmulatorOptions options;
        options.workDir = work.path();
        QString error;
        QVERIFY2(e.start(options, m_keys, &error), qPrintable(error));
        const RawAnswer a = rawExchange(quint16(e.baseUrl().port()),
            get(e, "/arc/metadata/identity/oauth2/token?api-version=2019-11-01&resource=https://vault.azure.net",
                "Metadata: true\r\n"));
        QCOMPARE(a.status, 500);
        QVERIFY2(!splitHeaderArrived(a), a.head.constData());
    }

    void replyRefusesWhatCannotGoOnTheWire_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("writable");
        QTest::newRow("plain") << 200 << QByteArray("X-Fine") << QByteArray("a b\tc") << true;
        QTest::newRow("value with CR") << 200 << QByteArray("X-Bad") << QByteArray("a\rb") << false;
        QTest::newRow("value with LF") << 200 << QByteArray("X-Bad") << QByteArray("a\nb") << false;
        QTest::newRow("value with NUL") << 200 << QByteArray("X-Bad") << QByteArray("a\0b", 3) << false;
        QTest::newRow("name with a colon") << 200 << QByteArray("X-Bad: 1\r\nX") << QByteArray("v") << false;
        QTest::newRow("name with a space") << 200 << QByteArray("X Bad") << QByteArray("v") << false;
        QTest::newRow("empty name") << 200 << QByteArray() << QByteArray("v") << false;
        QTest::newRow("status 42") << 42 << QByteArray("X-Fine") << QByteArray("v") << false;
        QTest::newRow("status 1000") << 1000 << QByteArray("X-Fine") << QByteArray("v") << false;
    }
    void replyRefusesWhatCannotGoOnTheWire()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(bool, writable);
        Reply r = Reply::text(status, "body");
        r.headers << qMakePair(name, value);
        QCOMPARE(r.wireProblem().isEmpty(), writable);
        const QByteArray wire = r.serialize(false);
        const QByteArray head = wire.left(wire.indexOf("\r\n\r\n"));
        if (writable) {
            QVERIFY(wire.startsWith("HTTP/1.1 200 "));
            QVERIFY(head.contains(QByteArray(name + ": " + value)));
        } else {
            QVERIFY(wire.startsWith("HTTP/1.1 500 "));
            QVERIFY(!head.contains("X-Bad") && !head.contains("X-Fine"));
            QCOMPARE(head.count("\r\n"), head.count('\n')); // no bare LF anywhere in the head
        }
    }
};

QTEST_GUILESS_MAIN(TestEmulatorReplyHeaders)
#include "test_emulator_reply_headers.moc"
