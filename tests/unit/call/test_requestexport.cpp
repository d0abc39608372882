// curl and PowerShell exports: redacted by default, exact when asked, quoting that survives hostile values.
#include "call/requestexport.h"

#include <QTest>

using namespace idex;

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
        const QString curl = toCurl(request, ExportSecrets::Raw);
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
        const QString ps = toPowerShell(request, ExportSecrets::Raw);
        QVERIFY(!ps.contains(QLatin1String("$token"))); // the real token, not the variable
        QVERIFY(ps.contains(QLatin1String("'Authorization' = 'Bearer ") + QString::fromLatin1(kToken) + u'\''));
        QVERIFY(ps.contains(QLatin1String("-CustomMethod 'PROPFIND'")));
        QVERIFY(ps.contains(QLatin1String("-SkipCertificateCheck")));
    }

    void secretQueryParameters()
    {
        QVERIFY(isSecretQueryParameter(u"code"));
        QVERIFY(isSecretQueryParameter(u"SIG"));
        QVERIFY(!isSecretQueryParameter(u"api-version"));
        const QUrl url = redactedUrl(QUrl(QStringLiteral("https://h/p?api-version=1&sig=abc&x=y")));
        QCOMPARE(url.query(), QStringLiteral("api-version=1&sig=[redacted]&x=y"));
    }
};

QTEST_GUILESS_MAIN(TestRequestExport)
#include "test_requestexport.moc"
