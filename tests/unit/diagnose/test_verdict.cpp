// The overall verdict fails closed: only a signature verified against trusted keys, with no error finding, is VALID.
// Every other state of the signature and every origin of the keys is checked here with real signatures.
#include "diagnose/diagnosis.h"
#include "diagnose/verdict.h"
#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/keyresolver.h"
#include "jwt/signatureverifier.h"
#include "net/httpclient.h"
#include "testsigner.h"

#include <QTest>

using namespace idex;
using namespace idex::test;

Q_DECLARE_METATYPE(idex::KeyTrust)

class TestVerdict : public QObject
{
    Q_OBJECT
private:
    TestKey m_key = TestKey::rsa(QStringLiteral("k1"));
    const QDateTime m_now = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);

    DecodedToken signedToken(const QJsonObject &header = {})
    {
        const QJsonObject claims { { QStringLiteral("aud"), QStringLiteral("api://demo") },
            { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/t/") },
            { QStringLiteral("iat"), m_now.toSecsSinceEpoch() - 60 },
            { QStringLiteral("nbf"), m_now.toSecsSinceEpoch() - 60 },
            { QStringLiteral("exp"), m_now.toSecsSinceEpoch() + 3600 } };
        return decodeToken(signToken(header, claims, m_key)).token;
    }

    TokenVerdict judge(const DecodedToken &token, const Expectation &expectation = {})
    {
        DiagnosisInput input;
        input.token = &token;
        input.expectation = expectation;
        input.now = m_now;
        return tokenVerdict(token, diagnose(input));
    }

private Q_SLOTS:
    void keyOrigins_data()
    {
        QTest::addColumn<KeyTrust>("trust");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("code");
        QTest::addRow("user-named") << KeyTrust::UserNamed << "valid"
                                    << "valid";
        QTest::addRow("entra") << KeyTrust::EntraAuthority << "valid"
                               << "valid";
        QTest::addRow("emulator") << KeyTrust::LocalEmulator << "valid"
                                  << "valid";
        QTest::addRow("allowed issuer") << KeyTrust::AllowedIssuer << "valid"
                                        << "valid";
        QTest::addRow("another host") << KeyTrust::Untrusted << "unverified"
                                      << "keys-not-trusted";
        QTest::addRow("origin not recorded") << KeyTrust::Unknown << "unverified"
                                             << "keys-not-trusted";
    }
    void keyOrigins()
    {
        QFETCH(KeyTrust, trust);
        QFETCH(QString, verdict);
        QFETCH(QString, code);
        DecodedToken token = signedToken();
        token.verification = verifySignature(
            token, parseJwks(jwksDocument({ m_key })).set, QStringLiteral("https://keys.example/jwks"));
        QCOMPARE(token.verification.status, SignatureStatus::Valid);
        token.verification.keyTrust = trust;
        const TokenVerdict v = judge(token);
        QCOMPARE(verdictKindName(v.kind), verdict);
        QCOMPARE(v.code, code);
        QCOMPARE(v.exitCode(), verdict == QLatin1String("valid") ? 0 : 3);
    }

    void signatureStates()
    {
        DecodedToken token = signedToken();
        QCOMPARE(judge(token).code, QStringLiteral("signature-not-checked"));
        QCOMPARE(judge(token).exitCode(), 3);

        token.verification.status = SignatureStatus::Error;
        token.verification.detail = QStringLiteral("connection refused");
        QCOMPARE(judge(token).code, QStringLiteral("keys-unavailable"));

        // A Graph token with a nonce: unverifiable is never valid.
        DecodedToken graph = decodeToken(signToken({ { QStringLiteral("nonce"), QStringLiteral("n") } },
                                             { { QStringLiteral("aud"), QStringLiteral("https://graph.microsoft.com") },
                                                 { QStringLiteral("exp"), m_now.toSecsSinceEpoch() + 3600 } },
                                             m_key))
                                 .token;
        graph.verification = verifySignature(graph, parseJwks(jwksDocument({ m_key })).set, {});
        QCOMPARE(graph.verification.status, SignatureStatus::Unverifiable);
        QCOMPARE(judge(graph).code, QStringLiteral("signature-unverifiable"));
        QCOMPARE(judge(graph).exitCode(), 3);
    }

    void errorsMakeItInvalidWhateverTheSignature()
    {
        DecodedToken token = signedToken();
        token.verification = verifySignature(token, parseJwks(jwksDocument({ m_key })).set, QStringLiteral("jwks"));
        token.verification.keyTrust = KeyTrust::UserNamed;
        Expectation other;
        other.audiences << QStringLiteral("api://other");
        const TokenVerdict v = judge(token, other);
        QCOMPARE(v.kind, TokenVerdict::Kind::Invalid);
        QVERIFY2(v.reason.contains(QLatin1String("audience")), qPrintable(v.reason));
        QCOMPARE(v.exitCode(), 1);
    }

    void issuerTrust_data()
    {
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<KeyTrust>("trust");
        QTest::addRow("entra v1") << "https://sts.windows.net/t/" << KeyTrust::EntraAuthority;
        QTest::addRow("entra v2") << "https://login.microsoftonline.com/t/v2.0" << KeyTrust::EntraAuthority;
        QTest::addRow("us gov") << "https://login.microsoftonline.us/t/v2.0" << KeyTrust::EntraAuthority;
        QTest::addRow("entra over http") << "http://login.microsoftonline.com/t/v2.0" << KeyTrust::Untrusted;
        QTest::addRow("emulator") << "http://127.0.0.1:4321/t/" << KeyTrust::LocalEmulator;
        QTest::addRow("emulator ipv6") << "http://[::1]:4321/t/" << KeyTrust::LocalEmulator;
        QTest::addRow("127 prefix is not an address") << "http://127.0.0.1.evil.example/t/" << KeyTrust::Untrusted;
        QTest::addRow("look-alike host") << "https://login.microsoftonline.com.evil.example/t/" << KeyTrust::Untrusted;
        QTest::addRow("allowed") << "https://idp.contoso.example/" << KeyTrust::AllowedIssuer;
        QTest::addRow("anyone") << "https://keys.attacker.example/" << KeyTrust::Untrusted;
    }
    void issuerTrust()
    {
        QFETCH(QString, issuer);
        QFETCH(KeyTrust, trust);
        HttpClient http;
        KeyResolver resolver(http);
        resolver.setTrustedIssuers({ QStringLiteral("https://idp.contoso.example/") });
        QString why;
        QCOMPARE(keyTrustName(resolver.trustForIssuer(issuer, &why)), keyTrustName(trust));
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "test_verdict.moc"
