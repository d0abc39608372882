// curl and PowerShell exports: redacted by default, exact when asked, quoting that survives hostile values.
#include "call/requestexport.h"

#include <QTest>

using namespace idex;

Q_DECLARE_METATYPE(idex::HttpRequest)

namespace {

const QByteArray kToken(
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9hIiwicm9sZXMiOlsiRG9BbGwiXX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ");

HttpRequest sampleRequest()
{
    HttpRequest request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("https://fn.example.net/api/aad-func?name=o'neil&code=SECRETKEY"));
    request.setHeader("Authorization", "Bearer " + kToken);
    request.setHeader("x-functions-key", "FUNCKEY123");
    request.setHeader("Content-Type", "application/json");
    request.body = "{\"message\":\"it's here\"}";
    return request;
}

} // namespace

class TestRequestExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void curlRedacted()
    {
        const QString curl = toCurl(sampleRequest());
        QVERIFY(!curl.contains(QString::fromLatin1(kToken)));
        QVERIFY(!curl.contains(QLatin1String("SECRETKEY")));
        QVERIFY(!curl.contains(QLatin1String("FUNCKEY123")));
        QVERIFY(curl.contains(QLatin1String("-H \"Authorization: Bearer $TOKEN\"")));
        QVERIFY(curl.startsWith(QLatin1String("# Set TOKEN")));
        QVERIFY(curl.contains(QLatin1String("-X POST")));
        QVERIFY(curl.contains(QLatin1String("name=o'\\''neil")));
        QVERIFY(curl.contains(QLatin1String("--data-raw '{\"message\":\"it'\\''s here\"}'")));
        QVERIFY(!curl.contains(QLatin1String("--insecure")));
    }

    void curlRawIsExact()
    {
        HttpRequest request = sampleRequest();
        request.ignoreTlsErrors = true;
        const QString curl = toCurl(request, Secrets::Shown);
        QVERIFY(curl.contains(QLatin1String("-H 'Authorization: Bearer ") + QString::fromLatin1(kToken) + u'\''));
        QVERIFY(curl.contains(QLatin1String("code=SECRETKEY")));
        QVERIFY(curl.contains(QLatin1String("-H 'x-functions-key: FUNCKEY123'")));
        QVERIFY(curl.contains(QLatin1String("--insecure")));
        QVERIFY(!curl.contains(QLatin1String("$TOKEN")));
    }

    void plainGet()
    {
        HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/api/x"));
        QCOMPARE(toCurl(request), QStringLiteral("curl \\\n  'http://127.0.0.1:8080/api/x'\n"));
        QCOMPARE(toPowerShell(request),
            QStringLiteral("Invoke-RestMethod -Method Get -Uri 'http://127.0.0.1:8080/api/x'\n"));
    }

    void powerShellRedacted()
    {
        const QString ps = toPowerShell(sampleRequest());
        QVERIFY(!ps.contains(QString::fromLatin1(kToken)));
        QVERIFY(!ps.contains(QLatin1String("SECRETKEY")));
        QVERIFY(!ps.contains(QLatin1String("FUNCKEY123")));
        QVERIFY(ps.contains(QLatin1String("'Authorization' = \"Bearer $token\"")));
        QVERIFY(ps.contains(QLatin1String("-Method Post")));
        QVERIFY(ps.contains(QLatin1String("-ContentType 'application/json'")));
        QVERIFY(!ps.contains(QLatin1String("'Content-Type' =")));
        QVERIFY(ps.contains(QLatin1String("-Body '{\"message\":\"it''s here\"}'")));
        QVERIFY(ps.contains(QLatin1String("o''neil")));
    }

    void powerShellRawAndCustomMethod()
    {
        HttpRequest request = sampleRequest();
        request.method = "PROPFIND";
        request.ignoreTlsErrors = true;
        const QString ps = toPowerShell(request, Secrets::Shown);
        QVERIFY(!ps.contains(QLatin1String("$token"))); // the real token, not the variable
        QVERIFY(ps.contains(QLatin1String("'Authorization' = 'Bearer ") + QString::fromLatin1(kToken) + u'\''));
        QVERIFY(ps.contains(QLatin1String("-CustomMethod 'PROPFIND'")));
        QVERIFY(ps.contains(QLatin1String("-SkipCertificateCheck")));
    }

    // Attack from issue 11: exports masked only a short list of headers and query parameters, kept userinfo and
    // fragments, and left a form body with a newline as it was.
    void everySecretOfTheRequestIsRedacted_data()
    {
        QTest::addColumn<HttpRequest>("request");
        QTest::addColumn<QByteArray>("secret");
        const auto withUrl = [](const char *url) {
            HttpRequest request;
            request.url = QUrl(QString::fromLatin1(url));
            return request;
        };
        const auto withHeader = [](const QByteArray &name, const QByteArray &value) {
            HttpRequest request;
            request.url = QUrl(QStringLiteral("https://api.example.net/x"));
            request.setHeader(name, value);
            return request;
        };
        const auto withBody = [](const QByteArray &body) {
            HttpRequest request;
            request.method = "POST";
            request.url = QUrl(QStringLiteral("https://login.example.net/token"));
            request.body = body;
            return request;
        };
        QTest::addRow("userinfo password")
            << withUrl("https://deploy:Pa55word1@fn.example.net/api") << QByteArray("Pa55word1");
        QTest::addRow("fragment token") << withUrl("https://app.example.net/cb#access_token=OPAQUE123&x=1")
                                        << QByteArray("OPAQUE123");
        QTest::addRow("client_secret in query")
            << withUrl("https://h/t?client_secret=CS0123&x=1") << QByteArray("CS0123");
        QTest::addRow("api-key in query") << withUrl("https://h/t?api-key=AK0123") << QByteArray("AK0123");
        QTest::addRow("password in query") << withUrl("https://h/t?password=PW0123") << QByteArray("PW0123");
        QTest::addRow("api-key header") << withHeader("api-key", "APIKEY0123") << QByteArray("APIKEY0123");
        QTest::addRow("x-api-key header") << withHeader("x-api-key", "XAPIKEY0123") << QByteArray("XAPIKEY0123");
        QTest::addRow("auxiliary header")
            << withHeader("x-ms-authorization-auxiliary", "Bearer " + kToken) << kToken.split('.').at(1);
        QTest::addRow("opaque value in a custom header") << withHeader("X-Custom",
            "Token Zq8vL2mN4pR6tV8xB0dF2hJ4kM6nP8rT") << QByteArray("Zq8vL2mN4pR6tV8xB0dF2hJ4kM6nP8rT");
        QTest::addRow("form body with a newline")
            << withBody("grant_type=client_credentials&\nclient_secret=FORMSECRET") << QByteArray("FORMSECRET");
        QTest::addRow("form body with a space")
            << withBody("scope=a b&client_secret=FORMSECRET2") << QByteArray("FORMSECRET2");
        QTest::addRow("client secret prefix")
            << withBody("{\"client_secret\": \"abc8Q~Zx01234567890123456789012345678901\"}") << QByteArray("abc8Q~Zx");
    }
    void everySecretOfTheRequestIsRedacted()
    {
        QFETCH(HttpRequest, request);
        QFETCH(QByteArray, secret);
        const QString curl = toCurl(request);
        const QString powerShell = toPowerShell(request);
        QVERIFY2(!curl.contains(QString::fromLatin1(secret)), qPrintable(curl));
        QVERIFY2(!powerShell.contains(QString::fromLatin1(secret)), qPrintable(powerShell));
        QVERIFY2(curl.contains(QLatin1String(" chars]")), qPrintable(curl));
        // Asked for explicitly, the export is exact.
        QVERIFY(toCurl(request, Secrets::Shown).contains(QString::fromLatin1(secret)));
    }
};

QTEST_GUILESS_MAIN(TestRequestExport)
#include "test_requestexport.moc"
