// Easy Auth helpers: X-MS-CLIENT-PRINCIPAL decoding, /.auth/me parsing, the /.auth/me request.
#include "call/clientprincipal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace idex;

namespace {

QByteArray principalJson()
{
    const QJsonObject object {
        { QStringLiteral("auth_typ"), QStringLiteral("aad") },
        { QStringLiteral("name_typ"), QStringLiteral("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name") },
        { QStringLiteral("role_typ"), QStringLiteral("http://schemas.microsoft.com/ws/2008/06/identity/claims/role") },
        { QStringLiteral("claims"),
            QJsonArray {
                QJsonObject {
                    { QStringLiteral("typ"), QStringLiteral("http://schemas.microsoft.com/identity/claims/tenantid") },
                    { QStringLiteral("val"), QStringLiteral("tenant-1") } },
                QJsonObject { { QStringLiteral("typ"), QStringLiteral("appid") },
                    { QStringLiteral("val"), QStringLiteral("app-1") } },
                QJsonObject { { QStringLiteral("typ"),
                                  QStringLiteral("http://schemas.microsoft.com/ws/2008/06/identity/claims/role") },
                    { QStringLiteral("val"), QStringLiteral("DoAll") } },
                QJsonObject { { QStringLiteral("typ"), QStringLiteral("roles") },
                    { QStringLiteral("val"), QStringLiteral("ReadAll") } },
            } },
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestClientPrincipal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesBase64Forms_data()
    {
        QTest::addColumn<QByteArray>("value");
        const QByteArray json = principalJson();
        QTest::addRow("base64") << json.toBase64();
        QTest::addRow("base64 without padding") << json.toBase64(QByteArray::OmitTrailingEquals);
        QTest::addRow("base64url") << json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QByteArray wrapped = json.toBase64();
        wrapped.insert(20, "\r\n  ");
        QTest::addRow("line-wrapped") << wrapped;
    }

    void decodesBase64Forms()
    {
        QFETCH(QByteArray, value);
        const ClientPrincipalResult result = decodeClientPrincipal(value);
        QVERIFY2(result.ok(), qPrintable(result.error));
        const ClientPrincipal &principal = result.principal;
        QCOMPARE(principal.authType, QStringLiteral("aad"));
        QCOMPARE(principal.claims.size(), 4);
        QCOMPARE(principal.value(QStringLiteral("tid")), QStringLiteral("tenant-1"));
        QCOMPARE(principal.value(QStringLiteral("appid")), QStringLiteral("app-1"));
        QCOMPARE(principal.roles(), (QStringList { QStringLiteral("DoAll"), QStringLiteral("ReadAll") }));
    }

    void badValuesSayWhy_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("words");
        QTest::addRow("empty") << QByteArray("  ") << QStringLiteral("empty");
        QTest::addRow("not base64") << QByteArray("%%%not base64!!") << QStringLiteral("not Base64");
        QTest::addRow("not json") << QByteArray("hello world").toBase64() << QStringLiteral("not a JSON object");
        QTest::addRow("array") << QByteArray("[1]").toBase64() << QStringLiteral("not a JSON object");
        QTest::addRow("no claims") << QByteArray("{\"auth_typ\":\"aad\"}").toBase64()
                                   << QStringLiteral("no \"claims\"");
        QTest::addRow("huge") << QByteArray(300 * 1024, 'A') << QStringLiteral("larger than");
    }

    void badValuesSayWhy()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, words);
        const ClientPrincipalResult result = decodeClientPrincipal(value);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(words), qPrintable(result.error));
    }

    void shortClaimTypes()
    {
        QCOMPARE(shortClaimType(QStringLiteral("http://schemas.microsoft.com/identity/claims/objectidentifier")),
            QStringLiteral("oid"));
        QCOMPARE(shortClaimType(QStringLiteral("aud")), QStringLiteral("aud"));
    }

    void authMe()
    {
        const QByteArray body(
            "[{\"access_token\":\"eyJsecret\",\"provider_name\":\"aad\",\"user_id\":\"app-1\",\"user_claims\":"
            "[{\"typ\":\"aud\",\"val\":\"api://a\"},{\"typ\":\"roles\",\"val\":\"DoAll\"}]}]");
        const ClientPrincipalResult result = parseAuthMe(body);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.principal.authType, QStringLiteral("aad"));
        QCOMPARE(result.principal.userId, QStringLiteral("app-1"));
        QCOMPARE(result.principal.roles(), QStringList { QStringLiteral("DoAll") });
        QVERIFY(!parseAuthMe("[]").ok());
        QVERIFY(parseAuthMe("<html>").error.contains(QLatin1String("did not answer JSON")));
    }

    void authMeRequestGoesToTheOrigin()
    {
        const HttpRequest request
            = authMeRequest(QUrl(QStringLiteral("http://127.0.0.1:7071/api/aad-func?x=1")), QStringLiteral("tok"));
        QCOMPARE(request.url, QUrl(QStringLiteral("http://127.0.0.1:7071/.auth/me")));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer tok"));
        QVERIFY(authMeRequest(QUrl(QStringLiteral("http://h/")), {}).header("Authorization").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClientPrincipal)
#include "test_clientprincipal.moc"
