#include "net/redaction.h"
#include "net/transcriptformat.h"

#include <QTest>

using namespace idex;

namespace {
const QString kJwt = QStringLiteral("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJlc2lnbmF0dXJl");
}

class TestRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretHeaders_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("secret");
        QTest::addRow("authorization") << QByteArray("Authorization") << true;
        QTest::addRow("identity header, any case") << QByteArray("x-identity-HEADER") << true;
        QTest::addRow("legacy secret") << QByteArray("secret") << true;
        QTest::addRow("metadata") << QByteArray("Metadata") << false;
        QTest::addRow("content type") << QByteArray("Content-Type") << false;
    }
    void secretHeaders()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, secret);
        QCOMPARE(redaction::isSecretHeader(name), secret);
        const QByteArray value = "sensitive-value-1234";
        QCOMPARE(redaction::redactHeaderValue(name, value).contains("sensitive"), !secret);
    }

    void bearerKeepsSchemeAndHarmlessPrefix()
    {
        const QByteArray out = redaction::redactHeaderValue("Authorization", "Bearer " + kJwt.toLatin1());
        QVERIFY(out.startsWith("Bearer eyJ0eXAi"));
        QVERIFY(!out.contains("c2lnbmF0dXJl"));
        QVERIFY(out.contains(QByteArray::number(kJwt.size())));
    }

    void basicCredentialShowsNothing()
    {
        const QByteArray out = redaction::redactHeaderValue("Authorization", "Basic 0123456789abcdef0123456789abcdef");
        QVERIFY(out.startsWith("Basic [redacted"));
        QVERIFY(!out.contains("0123"));
    }

    void jsonTokenFieldsAreMasked()
    {
        const QByteArray body = "{\"access_token\":\"" + kJwt.toLatin1()
            + "\",\"expires_on\":\"1506484173\",\"nested\":{\"refresh_token\":\"abcdefghijklmnop\"}}";
        const QByteArray out = redaction::redactBody(body);
        QVERIFY(!out.contains("c2lnbmF0dXJl"));
        QVERIFY(!out.contains("abcdefghijklmnop"));
        QVERIFY(out.contains("1506484173"));
    }

    void formAssertionIsMasked()
    {
        const QByteArray body = "grant_type=client_credentials&client_id=abc&client_assertion=" + kJwt.toLatin1();
        const QByteArray out = redaction::redactBody(body);
        QVERIFY(out.contains("client_id=abc"));
        QVERIFY(!out.contains("c2lnbmF0dXJl"));
    }

    void jwtInFreeTextIsMasked()
    {
        const QString text = QStringLiteral("token was ") + kJwt + QStringLiteral(" and more");
        const QString out = redaction::redactTokensInText(text);
        QVERIFY(!out.contains(QStringLiteral("c2lnbmF0dXJl")));
        QVERIFY(out.endsWith(QStringLiteral(" and more")));
    }

    void transcriptTextNeverShowsSecrets()
    {
        HttpExchange exchange;
        exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/msi/token?resource=x"));
        exchange.request.setHeader("X-IDENTITY-HEADER", "header-secret-value");
        exchange.response.status = 200;
        exchange.response.body = "{\"access_token\":\"" + kJwt.toLatin1() + "\"}";
        const QString text = formatExchange(exchange);
        QVERIFY(text.contains(QStringLiteral("X-IDENTITY-HEADER: [redacted")));
        QVERIFY(!text.contains(QStringLiteral("header-secret-value")));
        QVERIFY(!text.contains(QStringLiteral("c2lnbmF0dXJl")));
        QVERIFY(text.contains(QStringLiteral("HTTP 200")));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "test_redaction.moc"
