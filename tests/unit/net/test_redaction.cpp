// The one redaction layer: URLs, header values, bodies, free text and masks. The attacks of issue 11 are rows of
// the tables below; each failed on the redaction that came before.
#include "net/redaction.h"
#include "net/transcriptformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace idex;

namespace {

const QByteArray kJwt("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJlc2lnbmF0dXJl");
const QByteArray kJwtMask = "[JWT, " + QByteArray::number(kJwt.size()) + " chars]";
// An Entra client secret has this shape: 40 characters with `~` and `.`.
const QByteArray kClientSecret("Kx58Q~uA3bC.dEfGhIjKlMnOpQrStUvWxYz0123-");

HttpExchange exchangeFor(const QUrl &url)
{
    HttpExchange exchange;
    exchange.request.url = url;
    exchange.response.status = 200;
    return exchange;
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The one rule for names: a known list plus any name ending in secret, password, token, key, assertion,
    // signature or credential(s), whatever its case and separators.
    void secretNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("secret");
        for (const char *name : { "client_secret", "Client-Secret", "clientSecret", "MSI_SECRET", "password",
                 "userPassword", "access_token", "refresh_token", "id_token", "x-ms-token-aad-refresh-token", "token",
                 "client_assertion", "assertion", "sig", "signature", "code", "api-key", "apikey", "x-api-key", "key",
                 "Ocp-Apim-Subscription-Key", "x-functions-key", "Authorization", "Proxy-Authorization",
                 "x-ms-authorization-auxiliary", "X-IDENTITY-HEADER", "secret", "Cookie", "Set-Cookie", "credentials" })
            QTest::addRow("%s", name) << QString::fromLatin1(name) << true;
        for (const char *name : { "token_type", "$skiptoken", "$deltatoken", "client_id", "resource", "api-version",
                 "expires_on", "state", "authorization_uri", "client_assertion_type", "keys", "kid", "Content-Type",
                 "Metadata", "x-ms-request-id", "grant_type", "" })
            QTest::addRow("%s (not secret)", name) << QString::fromLatin1(name) << false;
    }
    void secretNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, secret);
        QCOMPARE(redaction::isSecretParameter(name), secret);
        QCOMPARE(redaction::isSecretHeader(name.toLatin1()), secret);
    }

    // URLs: values of secret parameters are masked, names kept, so the URL stays readable.
    void urlsInTranscripts_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("expected");
        QTest::addRow("Functions code") << "https://fn.example.net/api/x?code=FnKey0123456789==&name=a"
                                        << "FnKey0123456789"
                                        << "https://fn.example.net/api/x?code=[secret, 17 chars]&name=a";
        QTest::addRow("SAS sig") << "https://st.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=AbC%2Bdef%3D"
                                 << "AbC%2Bdef"
                                 << "https://st.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=[secret, 12 chars]";
        QTest::addRow("client_secret") << "https://login.example.net/t?client_id=abc&client_secret=S3cr3tValue"
                                       << "S3cr3tValue"
                                       << "https://login.example.net/t?client_id=abc&client_secret=[secret, 11 chars]";
        QTest::addRow("token") << "https://h/p?token=opaque-token-1"
                               << "opaque-token-1"
                               << "https://h/p?token=[secret, 14 chars]";
        QTest::addRow("access_token JWT")
            << "https://h/p?access_token=" + QString::fromLatin1(kJwt) << QString::fromLatin1(kJwt.split('.').at(2))
            << "https://h/p?access_token=" + QString::fromLatin1(kJwtMask);
        QTest::addRow("api-key") << "https://h/p?api-key=k1k2k3k4"
                                 << "k1k2k3k4"
                                 << "https://h/p?api-key=[secret, 8 chars]";
        QTest::addRow("key") << "https://maps.example.net/x?key=AIzaKey123"
                             << "AIzaKey123"
                             << "https://maps.example.net/x?key=[secret, 10 chars]";
        QTest::addRow("secret-like") << "https://h/p?MSI_SECRET=abcd1234"
                                     << "abcd1234"
                                     << "https://h/p?MSI_SECRET=[secret, 8 chars]";
        QTest::addRow("password-like") << "https://h/p?userPassword=hunter22"
                                       << "hunter22"
                                       << "https://h/p?userPassword=[secret, 8 chars]";
        QTest::addRow("userinfo") << "https://deploy:Pa55w0rd@app.scm.example.net/api"
                                  << "Pa55w0rd"
                                  << "https://deploy:[secret, 8 chars]@app.scm.example.net/api";
        QTest::addRow("userinfo, token as user") << "https://ghp_tokenvalue1@example.net/x"
                                                 << "ghp_tokenvalue1"
                                                 << "https://[secret, 15 chars]@example.net/x";
        QTest::addRow("fragment") << "https://app.example.net/cb#access_token=" + QString::fromLatin1(kJwt)
                + "&token_type=Bearer&expires_in=3599"
                                  << QString::fromLatin1(kJwt.split('.').at(1))
                                  << "https://app.example.net/cb#access_token=" + QString::fromLatin1(kJwtMask)
                + "&token_type=Bearer&expires_in=3599";
    }
    void urlsInTranscripts()
    {
        QFETCH(QString, url);
        QFETCH(QString, secret);
        QFETCH(QString, expected);
        const HttpExchange exchange = exchangeFor(QUrl(url));
        const QString text = formatExchange(exchange);
        QVERIFY2(!text.contains(secret), qPrintable(text));
        QVERIFY2(text.startsWith(QStringLiteral("GET ") + expected + u'\n'), qPrintable(text));
        const QString json = jsonText(exchangeToJson(exchange));
        QVERIFY2(!json.contains(secret), qPrintable(json));
        QCOMPARE(redaction::redactUrl(QUrl(url)), expected);
        // The redacted exchange's QUrl says the same when shown again: redaction is idempotent.
        QCOMPARE(redaction::redactUrl(redaction::redacted(exchange).request.url), expected);
        // Shown on request: exactly the URL.
        QVERIFY(formatExchange(exchange, Secrets::Shown).contains(secret));
    }

    void ordinaryUrlsStayAsTheyAre_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addRow("IMDS")
            << "http://127.0.0.1:40342/metadata/identity/oauth2/token?api-version=2018-02-01"
               "&resource=https%3A%2F%2Fvault.azure.net&client_id=6b5d3e4f-0000-4000-8000-000000000001";
        QTest::addRow("ARM resource id") << "http://127.0.0.1:1/msi/token?mi_res_id=/subscriptions/00000000-0000-0000-"
                                            "0000-000000000000/resourceGroups/MyRG/providers/Microsoft."
                                            "ManagedIdentity/userAssignedIdentities/id1";
        QTest::addRow("Graph paging")
            << "https://graph.microsoft.com/v1.0/applications?$top=999&$skiptoken=RFNwdAIAAQAAAD8";
        QTest::addRow("OAuth errors")
            << "https://app.example.net/cb?error=access_denied&error_description=denied&state=42";
    }
    void ordinaryUrlsStayAsTheyAre()
    {
        QFETCH(QString, url);
        QCOMPARE(redaction::redactUrl(QUrl(url)), QUrl(url).toString(QUrl::FullyEncoded));
    }

    // Header values: a known list of names, plus any JWT-shaped or long opaque value in any header.
    void headerValues_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("Authorization bearer")
            << QByteArray("Authorization") << "Bearer " + kJwt << "Bearer " + kJwtMask;
        QTest::addRow("Authorization basic")
            << QByteArray("Authorization") << QByteArray("Basic 0123456789abcdef0123456789abcdef")
            << QByteArray("Basic [secret, 32 chars]");
        QTest::addRow("identity header") << QByteArray("X-IDENTITY-HEADER") << QByteArray("header-secret-value")
                                         << QByteArray("[secret, 19 chars]");
        QTest::addRow("api-key") << QByteArray("api-key") << QByteArray("0123456789abcdef0123456789abcdef")
                                 << QByteArray("[secret, 32 chars]");
        QTest::addRow("x-api-key") << QByteArray("x-api-key") << QByteArray("short1")
                                   << QByteArray("[secret, 6 chars]");
        QTest::addRow("APIM key") << QByteArray("Ocp-Apim-Subscription-Key") << QByteArray("0a1b2c3d4e5f")
                                  << QByteArray("[secret, 12 chars]");
        QTest::addRow("auxiliary tokens")
            << QByteArray("x-ms-authorization-auxiliary") << "Bearer " + kJwt + ", Bearer " + kJwt
            << "Bearer " + kJwtMask + ", Bearer " + kJwtMask;
        QTest::addRow("Cookie") << QByteArray("Cookie") << QByteArray("AppServiceAuthSession=abcdef; ARRAffinity=123")
                                << QByteArray("AppServiceAuthSession=[secret, 6 chars]; ARRAffinity=[secret, 3 chars]");
        QTest::addRow("Set-Cookie") << QByteArray(
            "Set-Cookie") << QByteArray("AppServiceAuthSession=sessionvalue; path=/; secure; HttpOnly; SameSite=None")
                                    << QByteArray("AppServiceAuthSession=[secret, 12 chars]; path=/; secure; HttpOnly; "
                                                  "SameSite=None");
        QTest::addRow("Set-Cookie, two") << QByteArray("Set-Cookie") << QByteArray("a=1111; Path=/\nb=2222; Secure")
                                         << QByteArray("a=[secret, 4 chars]; Path=/\nb=[secret, 4 chars]; Secure");
        QTest::addRow("Proxy-Authorization") << QByteArray("Proxy-Authorization") << QByteArray("Basic dXNlcjpwYXNz")
                                             << QByteArray("Basic [secret, 12 chars]");
        QTest::addRow("x-functions-key") << QByteArray("x-functions-key") << QByteArray("fnkey")
                                         << QByteArray("[secret, 5 chars]");
        QTest::addRow("Location with a token in the fragment")
            << QByteArray("Location") << "https://app.example.net/cb#access_token=" + kJwt + "&token_type=Bearer"
            << "https://app.example.net/cb#access_token=" + kJwtMask + "&token_type=Bearer";
        QTest::addRow("Location with a code")
            << QByteArray("Location") << QByteArray("https://app.example.net/cb?code=0.AAAAbbbb&state=1")
            << QByteArray("https://app.example.net/cb?code=[secret, 10 chars]&state=1");
        QTest::addRow("JWT in any header") << QByteArray("X-Echo-Token") << kJwt << kJwtMask;
        QTest::addRow("opaque value in any header")
            << QByteArray("X-Custom") << "Token " + kClientSecret << QByteArray("Token [secret, 40 chars]");
        QTest::addRow("already masked") << QByteArray("Authorization") << "Bearer " + kJwtMask << "Bearer " + kJwtMask;
    }
    void headerValues()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, expected);
        const QByteArray out = redaction::redactHeaderValue(name, value);
        QCOMPARE(out, expected);
        QCOMPARE(redaction::redactHeaderValue(name, out), expected);
    }

    // What a user needs to read is not masked: dates, content types, GUIDs, request and trace IDs, challenges.
    void ordinaryHeaderValuesStayReadable_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addRow("date") << QByteArray("Date") << QByteArray("Tue, 15 Nov 1994 08:12:31 GMT");
        QTest::addRow("content type") << QByteArray("Content-Type") << QByteArray("application/json; charset=utf-8");
        QTest::addRow("request id") << QByteArray("x-ms-request-id")
                                    << QByteArray("4a5c1f2e-9b7d-4c3e-8f6a-2d1b0c9e8f7a");
        QTest::addRow("request id, upper case")
            << QByteArray("client-request-id") << QByteArray("4A5C1F2E-9B7D-4C3E-8F6A-2D1B0C9E8F7A");
        QTest::addRow("traceparent") << QByteArray("traceparent")
                                     << QByteArray("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        QTest::addRow("routing id") << QByteArray("x-ms-routing-request-id")
                                    << QByteArray("WESTEUROPE:20240101T101010Z:4a5c1f2e-9b7d-4c3e-8f6a-2d1b0c9e8f7a");
        QTest::addRow("thumbprint") << QByteArray("X-Thumbprint")
                                    << QByteArray("A1B2C3D4E5F60718293A4B5C6D7E8F9012345678");
        QTest::addRow("challenge")
            << QByteArray("WWW-Authenticate")
            << QByteArray("Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/"
                          "72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize\", error=\"invalid_token\"");
        QTest::addRow("location") << QByteArray("Location")
                                  << QByteArray("https://management.azure.com/subscriptions/00000000-0000-0000-0000-"
                                                "000000000000/resourceGroups/MyResourceGroup/providers/Microsoft.Web/"
                                                "sites/my-app?api-version=2022-03-01");
        QTest::addRow("security policy") << QByteArray("Strict-Transport-Security")
                                         << QByteArray("max-age=31536000; includeSubDomains");
        QTest::addRow("metadata") << QByteArray("Metadata") << QByteArray("true");
        QTest::addRow("etag") << QByteArray("ETag") << QByteArray("W/\"0x8DBF3A1C2D4E5F6\"");
    }
    void ordinaryHeaderValuesStayReadable()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QCOMPARE(redaction::redactHeaderValue(name, value), value);
    }

    // Bodies: form and JSON, whatever their white space and nesting, keep their layout and lose their secrets.
    void bodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("form") << QByteArray("grant_type=client_credentials&client_id=abc&client_secret=s3cret")
                              << QByteArray(
                                     "grant_type=client_credentials&client_id=abc&client_secret=[secret, 6 chars]");
        QTest::addRow("form with a space")
            << QByteArray("scope=a b&client_secret=s3cret&password=pw")
            << QByteArray("scope=a b&client_secret=[secret, 6 chars]&password=[secret, 2 chars]");
        QTest::addRow("form with newlines")
            << "grant_type=refresh_token\n&refresh_token=rt0123\n&client_assertion=" + kJwt + "\n&assertion=a1"
            << "grant_type=refresh_token\n&refresh_token=[secret, 6 chars]\n&client_assertion=" + kJwtMask
                + "\n&assertion=[secret, 2 chars]";
        QTest::addRow("form code") << QByteArray("grant_type=authorization_code&code=0.AXkA&redirect_uri=x")
                                   << QByteArray("grant_type=authorization_code&code=[secret, 6 chars]&redirect_uri=x");
        QTest::addRow("JSON compact") << "{\"access_token\":\"" + kJwt
                + "\",\"expires_on\":\"1506484173\",\"token_type\":\"Bearer\"}"
                                      << "{\"access_token\":\"" + kJwtMask
                + "\",\"expires_on\":\"1506484173\",\"token_type\":\"Bearer\"}";
        QTest::addRow("JSON indented and nested")
            << QByteArray(
                   "{\n  \"outer\": {\n    \"refresh_token\" :\n      \"rt-value\",\n    \"id_token\": \"it\"\n  }\n}")
            << QByteArray("{\n  \"outer\": {\n    \"refresh_token\" :\n      \"[secret, 8 chars]\",\n    \"id_token\": "
                          "\"[secret, 2 chars]\"\n  }\n}");
        QTest::addRow("JSON array of secrets")
            << QByteArray("{\"password\": [\"one\", \"two\"], \"n\": 1}")
            << QByteArray("{\"password\": [\"[secret, 3 chars]\", \"[secret, 3 chars]\"], \"n\": 1}");
        QTest::addRow("JSON escaped key") << QByteArray("{\"client\\u005fsecret\":\"abc\"}")
                                          << QByteArray("{\"client\\u005fsecret\":\"[secret, 3 chars]\"}");
        QTest::addRow("JSON value with escapes") << QByteArray("{\"password\":\"a\\\"b\\\\\",\"x\":1}")
                                                 << QByteArray("{\"password\":\"[secret, 6 chars]\",\"x\":1}");
        QTest::addRow("JSON inside a JSON string")
            << QByteArray("{\"message\":\"sent {\\\"client_secret\\\":\\\"abc\\\\\\\"d\\\"}\"}")
            << QByteArray("{\"message\":\"sent {\\\"client_secret\\\":\\\"[secret, 8 chars]\\\"}\"}");
        QTest::addRow("JSON cut short") << QByteArray("{\"access_token\": \"opaque-and-then-the-body-ends")
                                        << QByteArray("{\"access_token\": \"[secret, 29 chars]");
        QTest::addRow("JSON error code stays") << QByteArray("{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}")
                                               << QByteArray("{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
        QTest::addRow("headers echoed as JSON")
            << QByteArray(
                   "{\"headers\":{\"Authorization\":\"Bearer abc\",\"X-Functions-Key\":\"fk\",\"Accept\":\"*/*\"}}")
            << QByteArray(
                   "{\"headers\":{\"Authorization\":\"[secret, 10 chars]\",\"X-Functions-Key\":\"[secret, 2 chars]\","
                   "\"Accept\":\"*/*\"}}");
        QTest::addRow("JWT in text") << "token was " + kJwt + ". Next"
                                     << "token was " + kJwtMask + ". Next";
        QTest::addRow("unsigned JWT") << QByteArray("x eyJhbGciOiJub25lIn0.eyJyb2xlcyI6WyJBZG1pbiJdfQ. y")
                                      << QByteArray("x [JWT, 47 chars] y");
        QTest::addRow("padded JWT") << QByteArray("t=eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0=.c2lnbmF0dXJl&u=1")
                                    << QByteArray("t=[JWT, 50 chars]&u=1");
        QTest::addRow("JWE") << QByteArray("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn")
                             << QByteArray("[JWE, 58 chars]");
        QTest::addRow("userinfo with @ in the password")
            << QByteArray("https://u:p@ss@h/x") << QByteArray("https://u:[secret, 4 chars]@h/x");
        QTest::addRow("URL in text") << QByteArray("see https://u:pw@h/x?sig=abc for more")
                                     << QByteArray(
                                            "see https://u:[secret, 2 chars]@h/x?sig=[secret, 3 chars] for more");
        QTest::addRow("nothing secret") << QByteArray("{\"roles\":[\"Task.Read\"],\"eyJ\":\"eyJeyJ\"}")
                                        << QByteArray("{\"roles\":[\"Task.Read\"],\"eyJ\":\"eyJeyJ\"}");
    }
    void bodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        const QByteArray out = redaction::redactBody(body);
        QCOMPARE(out, expected);
        QCOMPARE(redaction::redactBody(out), expected);
        QCOMPARE(redaction::redactText(QString::fromUtf8(body)), QString::fromUtf8(expected));
    }

    void redactedJsonStaysJson()
    {
        const QByteArray body = "{\"a\":[{\"client_secret\":\"x\\\"y\"},{\"access_token\":\"" + kJwt + "\"}]}";
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(redaction::redactBody(body), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.object()
                     .value(QLatin1String("a"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("client_secret")),
            QJsonValue(QStringLiteral("[secret, 4 chars]")));
    }

    // Masks show the kind and the length, never a character of the value.
    void masks_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::addRow("JWT") << QString::fromLatin1(kJwt) << QString::fromLatin1(kJwtMask);
        QTest::addRow("padded JWT") << QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0=.c2lnbmF0dXJl")
                                    << QStringLiteral("[JWT, 50 chars]");
        QTest::addRow("client secret") << QString::fromLatin1(kClientSecret) << QStringLiteral("[secret, 40 chars]");
        QTest::addRow("long opaque") << QString(1234, u'x') << QStringLiteral("[secret, 1,234 chars]");
        QTest::addRow("one character") << QStringLiteral("x") << QStringLiteral("[secret, 1 char]");
        QTest::addRow("not ASCII") << QStringLiteral("pässwörd") << QStringLiteral("[secret, 8 chars]");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("a mask") << QStringLiteral("[JWT, 1,234 chars]") << QStringLiteral("[JWT, 1,234 chars]");
    }
    void masks()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(redaction::maskToken(value), expected);
    }

    void transcriptTextNeverShowsSecrets()
    {
        HttpExchange exchange;
        exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/msi/token?resource=x"));
        exchange.request.setHeader("X-IDENTITY-HEADER", "header-secret-value");
        exchange.response.status = 200;
        setHeaderValue(exchange.response.headers, "Set-Cookie", "session=cookie-secret-value; Path=/");
        exchange.response.body = "{\"access_token\":\"" + kJwt + "\"}";
        exchange.response.error = QStringLiteral("Error transferring http://127.0.0.1:1/x?code=url-secret-value");
        exchange.note = QStringLiteral("retried with client_secret=note-secret-value");
        for (const QString &text : { formatExchange(exchange), jsonText(exchangeToJson(exchange)) }) {
            QVERIFY2(text.contains(QStringLiteral("X-IDENTITY-HEADER")), qPrintable(text));
            for (const char *secret : { "header-secret-value", "cookie-secret-value", "c2lnbmF0dXJl",
                     "url-secret-value", "note-secret-value" })
                QVERIFY2(!text.contains(QLatin1String(secret)), secret);
        }
        QVERIFY(formatExchange(exchange).contains(QStringLiteral("X-IDENTITY-HEADER: [secret, 19 chars]")));
    }

    void hostileInputIsScannedWhole()
    {
        // The scanner is linear (see tests/bench/redaction_bench for figures); here only its answers are checked.
        const QByteArray repeated = QByteArray("eyJ").repeated(100000);
        QCOMPARE(redaction::redactBody(repeated), repeated);
        const QByteArray dotted = QByteArray("eyJ.eyJ.").repeated(50000);
        QCOMPARE(redaction::redactBody(dotted), dotted);
        const QByteArray tokens = QByteArray(kJwt + ' ').repeated(1000);
        QCOMPARE(redaction::redactBody(tokens), QByteArray(kJwtMask + ' ').repeated(1000));
        const QByteArray quotes = QByteArray("\"password\":").repeated(20000);
        QVERIFY(!redaction::redactBody(quotes).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "test_redaction.moc"
