// Saved requests persist across runs and never carry a token, a key or any other secret to the disk.
#include "call/savedrequest.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

Q_DECLARE_METATYPE(idex::SavedRequest)

namespace {

const QByteArray kToken("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9hIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ");

SavedRequest secretLaden()
{
    SavedRequest request;
    request.name = QStringLiteral("aad-func with everything");
    request.method = "POST";
    request.url
        = QUrl(QStringLiteral("https://user:pa55@fn.example.net/api/aad-func?code=FUNCKEY&api-version=2&sig=SASSIG"));
    request.headers = { { "Authorization", "Bearer " + kToken }, { "X-IDENTITY-HEADER", "IDHEADERSECRET" },
        { "x-functions-key", "FUNCKEY2" }, { "Cookie", "AppServiceAuthSession=COOKIESECRET" },
        { "Accept", "application/json" }, { "X-Custom", "kept" } };
    request.body = "{\"client_secret\":\"CLIENTSECRET\",\"note\":\"" + kToken + "\",\"n\":1}";
    request.authorization = AuthorizationMode::OtherToken;
    return request;
}

} // namespace

class TestSavedRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sanitizeRemovesEverySecret()
    {
        const SavedRequest clean = sanitizedForStorage(secretLaden());
        QCOMPARE(clean.headers, (HeaderList { { "Accept", "application/json" }, { "X-Custom", "kept" } }));
        QCOMPARE(clean.url.query(), QStringLiteral("api-version=2"));
        QVERIFY(clean.url.userInfo().isEmpty());
        QVERIFY(!clean.body.contains("CLIENTSECRET"));
        QVERIFY(!clean.body.contains(kToken));
        QVERIFY(clean.body.contains("\"n\":1"));
        QCOMPARE(clean.authorization, AuthorizationMode::OtherToken);
    }

    // Attacks of issue 11: header names off the old list, opaque values in any header, fragments, form bodies with
    // white space, and a mask that kept the first 8 characters of a client secret: all reached the disk.
    void nothingSecretReachesTheFile_data()
    {
        QTest::addColumn<SavedRequest>("request");
        QTest::addColumn<QByteArray>("secret");
        const auto base = [] {
            SavedRequest request;
            request.name = QStringLiteral("r");
            request.url = QUrl(QStringLiteral("https://api.example.net/x"));
            return request;
        };
        const auto withHeader = [&base](const QByteArray &name, const QByteArray &value) {
            SavedRequest request = base();
            request.headers = { { name, value }, { "Accept", "*/*" } };
            return request;
        };
        const auto withBody = [&base](const QByteArray &body) {
            SavedRequest request = base();
            request.method = "POST";
            request.body = body;
            return request;
        };
        SavedRequest fragment = base();
        fragment.url
            = QUrl(QStringLiteral("https://app.example.net/cb?x=1#access_token=FRAGMENTTOKEN&token_type=Bearer"));
        QTest::addRow("fragment") << fragment << QByteArray("FRAGMENTTOKEN");
        QTest::addRow("api-key") << withHeader("api-key", "APIKEY0123") << QByteArray("APIKEY0123");
        QTest::addRow("x-api-key") << withHeader("x-api-key", "XAPIKEY0123") << QByteArray("XAPIKEY0123");
        QTest::addRow("auxiliary") << withHeader("x-ms-authorization-auxiliary", "Bearer " + kToken)
                                   << kToken.split('.').at(2);
        QTest::addRow("JWT in a custom header") << withHeader("X-Echo", kToken) << kToken.split('.').at(2);
        QTest::addRow("opaque custom header")
            << withHeader("X-Custom", "Kx58Q~uA3bC.dEfGhIjKlMnOpQrStUvWxYz0123-") << QByteArray("Kx58Q~uA");
        QTest::addRow("form body with a newline")
            << withBody("grant_type=client_credentials\n&client_secret=FORMSECRET") << QByteArray("FORMSECRET");
        QTest::addRow("client secret prefix")
            << withBody("{\"client_secret\": \"abc8Q~Zx01234567890123456789012345678901\"}") << QByteArray("abc8Q~Zx");
    }
    void nothingSecretReachesTheFile()
    {
        QFETCH(SavedRequest, request);
        QFETCH(QByteArray, secret);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.json"));
        SavedRequestStore store(path);
        store.put(request);
        // The store's own copy (what Save, exports and the list show) holds no secret either.
        const QJsonObject kept = store.requests().first().toJson();
        QVERIFY2(!QJsonDocument(kept).toJson().contains(secret), QJsonDocument(kept).toJson().constData());
        QVERIFY(store.save());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        QVERIFY2(!onDisk.contains(secret), onDisk.constData());
        // What is not secret is kept, so the request still works once its secret is given again.
        QVERIFY(onDisk.contains(request.url.host().toUtf8()));
    }

    void roundTripWithoutSecretsOnDisk()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("sub/saved-requests.json"));
        {
            SavedRequestStore store(path);
            QVERIFY(store.load()); // no file yet: empty, not an error
            QVERIFY(store.requests().isEmpty());
            store.put(secretLaden());
            SavedRequest plain;
            plain.name = QStringLiteral("plain");
            plain.url = QUrl(QStringLiteral("http://127.0.0.1:1/api/x"));
            store.put(plain);
            QVERIFY2(store.save(), qPrintable(store.errorString()));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        for (const QByteArray &secret : { kToken, QByteArray("IDHEADERSECRET"), QByteArray("FUNCKEY"),
                 QByteArray("COOKIESECRET"), QByteArray("SASSIG"), QByteArray("CLIENTSECRET"), QByteArray("pa55"),
                 kToken.split('.').at(0), kToken.split('.').at(1), QByteArray("Authorization") }) {
            QVERIFY2(!onDisk.contains(secret), secret.constData());
        }

        SavedRequestStore reloaded(path);
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.requests().size(), 2);
        const SavedRequest *loaded = reloaded.find(QStringLiteral("aad-func with everything"));
        QVERIFY(loaded);
        QCOMPARE(loaded->method, QByteArray("POST"));
        QCOMPARE(loaded->url.host(), QStringLiteral("fn.example.net"));
        QCOMPARE(loaded->headers.size(), 2);
        QCOMPARE(loaded->authorization, AuthorizationMode::OtherToken);
        const HttpRequest request = loaded->toHttpRequest();
        QCOMPARE(request.header("X-Custom"), QByteArray("kept"));
    }

    void putReplacesByNameAndRemove()
    {
        SavedRequestStore store(QStringLiteral("/nonexistent/never-written.json"));
        SavedRequest a;
        a.name = QStringLiteral("a");
        a.url = QUrl(QStringLiteral("http://127.0.0.1/1"));
        store.put(a);
        a.url = QUrl(QStringLiteral("http://127.0.0.1/2"));
        store.put(a);
        QCOMPARE(store.requests().size(), 1);
        QCOMPARE(store.find(QStringLiteral("a"))->url.path(), QStringLiteral("/2"));
        QVERIFY(store.remove(QStringLiteral("a")));
        QVERIFY(!store.remove(QStringLiteral("a")));
        QVERIFY(!store.find(QStringLiteral("a")));
    }

    void handEditedFileIsSanitisedOnLoad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "{\"version\":1,\"requests\":[{\"name\":\"x\",\"method\":\"GET\",\"url\":\"http://127.0.0.1/a?code=K\","
            "\"headers\":[[\"Authorization\",\"Bearer abc\"],[\"Accept\",\"*/*\"]],\"authorization\":\"none\"},"
            "{\"name\":\"\",\"url\":\"http://x\"}]}");
        file.close();
        SavedRequestStore store(path);
        QVERIFY(store.load());
        QCOMPARE(store.requests().size(), 1); // nameless entry dropped
        QCOMPARE(store.requests().first().headers, (HeaderList { { "Accept", "*/*" } }));
        QVERIFY(!store.requests().first().url.hasQuery());
        QCOMPARE(store.requests().first().authorization, AuthorizationMode::None);
    }

    void brokenFileGivesClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{not json");
        file.close();
        SavedRequestStore store(path);
        QVERIFY(!store.load());
        QVERIFY(store.errorString().contains(QLatin1String("not a saved-requests file")));
    }

    void unwritablePathGivesClearError()
    {
        SavedRequestStore store(QStringLiteral("/proc/idex-cannot-write/saved.json"));
        QVERIFY(!store.save());
        QVERIFY(store.errorString().startsWith(QLatin1String("Cannot write")));
    }
};

QTEST_GUILESS_MAIN(TestSavedRequest)
#include "test_savedrequest.moc"
