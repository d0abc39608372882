#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/publickey.h"
#include "jwt/signatureverifier.h"
#include "testsigner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace idex;
using namespace idex::test;

namespace {

QJsonObject claims()
{
    return { { QStringLiteral("aud"), QStringLiteral("api://demo") },
        { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/tenant/") },
        { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } }, { QStringLiteral("exp"), 1900000000 } };
}

DecodedToken decoded(const QString &token)
{
    const DecodeResult result = decodeToken(token);
    if (!result.ok())
        qFatal("test token does not decode: %s", qPrintable(result.message));
    return result.token;
}

JsonWebKeySet keySet(const QList<TestKey> &keys)
{
    const JwksParseResult parsed = parseJwks(jwksDocument(keys));
    if (!parsed.ok())
        qFatal("test JWKS does not parse: %s", qPrintable(parsed.error));
    return parsed.set;
}

QString tamperPayload(const QString &token)
{
    QStringList parts = token.split(u'.');
    QJsonObject changed = claims();
    changed.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("Admin") });
    parts[1] = QString::fromLatin1(base64Url(QJsonDocument(changed).toJson(QJsonDocument::Compact)));
    return parts.join(u'.');
}

} // namespace

class TestSignatureVerifier : public QObject
{
    Q_OBJECT
private:
    TestKey m_rsa = TestKey::rsa(QStringLiteral("rsa-1"));
    TestKey m_rsa2 = TestKey::rsa(QStringLiteral("rsa-2"));
    TestKey m_ec256 = TestKey::ec(QStringLiteral("ec-256"));
    TestKey m_ec384 = TestKey::ec(QStringLiteral("ec-384"), QStringLiteral("P-384"));

private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<SignatureStatus>("status");
        QTest::addColumn<QString>("detail");

        const QJsonObject h;
        for (const char *alg : { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" })
            QTest::addRow("%s valid", alg) << signToken(h, claims(), m_rsa, QLatin1String(alg))
                                           << SignatureStatus::Valid << QStringLiteral("valid");
        QTest::addRow("ES256 valid") << signToken(h, claims(), m_ec256, QStringLiteral("ES256"))
                                     << SignatureStatus::Valid << QStringLiteral("EC P-256");
        QTest::addRow("ES384 valid") << signToken(h, claims(), m_ec384, QStringLiteral("ES384"))
                                     << SignatureStatus::Valid << QStringLiteral("EC P-384");
        QTest::addRow("second key of the set")
            << signToken(h, claims(), m_rsa2) << SignatureStatus::Valid << QStringLiteral("rsa-2");

        const QString good = signToken(h, claims(), m_rsa);
        QTest::addRow("tampered payload")
            << tamperPayload(good) << SignatureStatus::Invalid << QStringLiteral("does not match");
        QTest::addRow("ES256 tampered") << tamperPayload(signToken(h, claims(), m_ec256, QStringLiteral("ES256")))
                                        << SignatureStatus::Invalid << QStringLiteral("does not match");
        QTest::addRow("truncated signature")
            << good.left(good.size() - 20) << SignatureStatus::Invalid << QStringLiteral("cut off");
        QTest::addRow("ES256 truncated") << signToken(h, claims(), m_ec256, QStringLiteral("ES256")).chopped(8)
                                         << SignatureStatus::Invalid << QStringLiteral("r||s");
        QTest::addRow("signature of another key under this kid")
            << signToken(QJsonObject { { QStringLiteral("kid"), QStringLiteral("rsa-1") } }, claims(), m_rsa2)
            << SignatureStatus::Invalid << QStringLiteral("does not match");
        QTest::addRow("PS256 signature labelled RS256") << [&]() -> QString {
            QStringList parts = signToken(h, claims(), m_rsa, QStringLiteral("PS256")).split(u'.');
            const QString rs = signToken(h, claims(), m_rsa, QStringLiteral("RS256"));
            return rs.section(u'.', 0, 1) + u'.' + parts.at(2);
        }() << SignatureStatus::Invalid
            << QStringLiteral("does not match");

        QTest::addRow("alg none") << rawToken(
            { { QStringLiteral("alg"), QStringLiteral("none") }, { QStringLiteral("kid"), QStringLiteral("rsa-1") } },
            claims()) << SignatureStatus::Refused
                                  << QStringLiteral("unsigned");
        QTest::addRow("alg None mixed case")
            << rawToken({ { QStringLiteral("alg"), QStringLiteral("None") } }, claims(), "x")
            << SignatureStatus::Refused << QStringLiteral("unsigned");
        QTest::addRow("no alg") << rawToken({ { QStringLiteral("kid"), QStringLiteral("rsa-1") } }, claims(), "x")
                                << SignatureStatus::Refused << QStringLiteral("missing");
        {
            // The classic confusion attack: HMAC keyed with the issuer's public key, which anyone can download.
            const QJsonObject header { { QStringLiteral("alg"), QStringLiteral("HS256") },
                { QStringLiteral("kid"), QStringLiteral("rsa-1") } };
            const QString unsignedPart = rawToken(header, claims()).chopped(1);
            const QByteArray mac = QMessageAuthenticationCode::hash(
                unsignedPart.toLatin1(), m_rsa.publicPem(), QCryptographicHash::Sha256);
            QTest::addRow("HS256 keyed with the public key")
                << (unsignedPart + u'.' + QString::fromLatin1(base64Url(mac))) << SignatureStatus::Refused
                << QStringLiteral("algorithm-confusion");
        }
        QTest::addRow("ES256 claimed for an RSA key")
            << signToken(QJsonObject { { QStringLiteral("kid"), QStringLiteral("rsa-1") } }, claims(), m_ec256,
                   QStringLiteral("ES256"))
            << SignatureStatus::Refused << QStringLiteral("algorithm confusion");
        QTest::addRow("ES384 claimed for a P-256 key")
            << signToken(QJsonObject { { QStringLiteral("kid"), QStringLiteral("ec-256") } }, claims(), m_ec384,
                   QStringLiteral("ES384"))
            << SignatureStatus::Refused << QStringLiteral("P-384");
        QTest::addRow("unsupported alg") << rawToken(
            { { QStringLiteral("alg"), QStringLiteral("EdDSA") } }, claims(), "x")
                                         << SignatureStatus::Refused << QStringLiteral("not accepted");
        QTest::addRow("unknown kid") << signToken(
            QJsonObject { { QStringLiteral("kid"), QStringLiteral("rolled-over") } }, claims(), m_rsa)
                                     << SignatureStatus::UnknownKey << QStringLiteral("rsa-1, rsa-2");
        QTest::addRow("no kid: every RSA key is tried") << [&]() -> QString {
            const QString t
                = signToken(QJsonObject { { QStringLiteral("kid"), QStringLiteral("x") } }, claims(), m_rsa2);
            // drop the kid from the header, re-sign
            QJsonObject header { { QStringLiteral("alg"), QStringLiteral("RS256") } };
            const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                + t.section(u'.', 1, 1).toLatin1();
            return QString::fromLatin1(input + '.' + base64Url(m_rsa2.sign(QStringLiteral("RS256"), input)));
        }() << SignatureStatus::Valid
            << QStringLiteral("rsa-2");
        {
            QJsonObject graph = claims();
            graph.insert(QStringLiteral("aud"), QStringLiteral("https://graph.microsoft.com"));
            const QJsonObject nonce { { QStringLiteral("nonce"), QStringLiteral("abc") } };
            QTest::addRow("graph nonce header")
                << signToken(nonce, graph, m_rsa) << SignatureStatus::Unverifiable << QStringLiteral("by design");
            graph.insert(QStringLiteral("aud"), QStringLiteral("00000003-0000-0000-c000-000000000000"));
            QTest::addRow("graph nonce header, app ID audience")
                << signToken(nonce, graph, m_rsa) << SignatureStatus::Unverifiable << QStringLiteral("by design");
            // The forger's shortcut: a nonce to pass as "unverifiable by design".
            QTest::addRow("nonce on a token for a custom API")
                << signToken(nonce, claims(), m_rsa) << SignatureStatus::Refused << QStringLiteral("api://demo");
            QTest::addRow("nonce with a truncated signature")
                << signToken(nonce, graph, m_rsa).chopped(10) << SignatureStatus::Refused
                << QStringLiteral("not an RS256 signature");
            QTest::addRow("nonce with alg none") << rawToken(
                { { QStringLiteral("alg"), QStringLiteral("none") }, { QStringLiteral("nonce"), QStringLiteral("x") } },
                graph) << SignatureStatus::Refused
                                                 << QStringLiteral("unsigned");
            QTest::addRow("nonce with HS256") << rawToken(
                { { QStringLiteral("alg"), QStringLiteral("HS256") }, { QStringLiteral("nonce"), QStringLiteral("x") },
                    { QStringLiteral("kid"), QStringLiteral("rsa-1") } },
                graph, "mac") << SignatureStatus::Refused
                                              << QStringLiteral("HMAC");
        }
        QTest::addRow("crit header") << signToken(
            QJsonObject {
                { QStringLiteral("crit"), QJsonArray { QStringLiteral("b64") } }, { QStringLiteral("b64"), false } },
            claims(), m_rsa) << SignatureStatus::Refused
                                     << QStringLiteral("b64");
        QTest::addRow("empty crit header")
            << signToken(QJsonObject { { QStringLiteral("crit"), QJsonArray {} } }, claims(), m_rsa)
            << SignatureStatus::Refused << QStringLiteral("lists no extension");
    }
    void verdicts()
    {
        QFETCH(QString, token);
        QFETCH(SignatureStatus, status);
        QFETCH(QString, detail);
        const JsonWebKeySet keys = keySet({ m_rsa, m_rsa2, m_ec256, m_ec384 });
        const SignatureVerdict verdict = verifySignature(decoded(token), keys, QStringLiteral("test-jwks"));
        QVERIFY2(verdict.status == status,
            qPrintable(signatureStatusName(verdict.status) + QStringLiteral(": ") + verdict.detail));
        QVERIFY2(verdict.detail.contains(detail), qPrintable(verdict.detail));
        QCOMPARE(verdict.keySource, QStringLiteral("test-jwks"));
        QVERIFY(verdict.checkedAt.isValid());
    }

    void entraSamplesNeverVerify_data()
    {
        QTest::addColumn<QString>("token");
        QFile file(qEnvironmentVariable("IDEX_TEST_DATA") + QStringLiteral("/entra-sample-tokens.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray samples = QJsonDocument::fromJson(file.readAll()).array();
        for (const QJsonValue &sample : samples)
            QTest::newRow(qPrintable(sample[QLatin1String("name")].toString()))
                << sample[QLatin1String("token")].toString();
    }
    void entraSamplesNeverVerify()
    {
        QFETCH(QString, token);
        const DecodedToken t = decoded(token);
        // Without Microsoft's key: unknown key. With a key under the same kid: the truncated signature is invalid.
        QCOMPARE(verifySignature(t, keySet({ m_rsa }), {}).status, SignatureStatus::UnknownKey);
        JsonWebKeySet impostor = keySet({ m_rsa });
        impostor.keys.first().kid = t.keyId();
        const SignatureVerdict verdict = verifySignature(t, impostor, {});
        QCOMPARE(verdict.status, SignatureStatus::Invalid);
        QVERIFY2(verdict.detail.contains(QLatin1String("cut off")), qPrintable(verdict.detail));
    }

    void keyFormats()
    {
        const QString token = signToken({}, claims(), m_rsa);
        // x5c only (no n/e): the certificate's key is used.
        QJsonObject certOnly { { QStringLiteral("kty"), QStringLiteral("RSA") },
            { QStringLiteral("kid"), QStringLiteral("rsa-1") },
            { QStringLiteral("x5c"), QJsonArray { QString::fromLatin1(m_rsa.certificateDer().toBase64()) } } };
        JwksParseResult parsed
            = parseJwks(QJsonDocument(QJsonObject { { QStringLiteral("keys"), QJsonArray { certOnly } } }).toJson());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Valid);

        // A single JWK object, not wrapped in {"keys": [...]}.
        parsed = parseJwks(QJsonDocument(m_rsa.publicJwk()).toJson());
        QVERIFY(parsed.ok());
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Valid);

        // A PEM public key verifies whatever the kid.
        parsed = parseJwks(m_rsa.publicPem());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.set.keys.size(), 1);
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Valid);
        parsed = parseJwks(m_rsa2.publicPem());
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Invalid);
        parsed = parseJwks(m_ec256.publicPem());
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Refused);

        // A key published for another algorithm.
        QJsonObject pinned = m_rsa.publicJwk();
        pinned.insert(QStringLiteral("alg"), QStringLiteral("RS512"));
        parsed = parseJwks(QJsonDocument(pinned).toJson());
        QCOMPARE(verifySignature(decoded(token), parsed.set, {}).status, SignatureStatus::Refused);
    }

    void keysAreBuiltOncePerKeySet()
    {
        // parseJwks() builds each key's OpenSSL key; every copy of the set (the JWKS cache hands out copies) shares it.
        const JsonWebKeySet keys = keySet({ m_rsa, m_ec256 });
        for (const JsonWebKey &key : keys.keys) {
            QVERIFY(key.prepared);
            QVERIFY(key.prepared->key);
        }
        QCOMPARE(keys.keys.at(0).prepared->type, QStringLiteral("RSA"));
        QCOMPARE(keys.keys.at(0).prepared->size, 256);
        QCOMPARE(keys.keys.at(1).prepared->curve, QStringLiteral("P-256"));
        const JsonWebKeySet copy = keys;
        QCOMPARE(copy.keys.at(0).prepared.get(), keys.keys.at(0).prepared.get());

        // A key assembled by hand (no prepared key) still verifies, and still fails closed.
        JsonWebKeySet byHand = keys;
        for (JsonWebKey &key : byHand.keys)
            key.prepared.reset();
        const QString token = signToken({}, claims(), m_rsa);
        QCOMPARE(verifySignature(decoded(token), byHand, {}).status, SignatureStatus::Valid);
        QCOMPARE(verifySignature(decoded(tamperPayload(token)), byHand, {}).status, SignatureStatus::Invalid);
        QCOMPARE(verifySignature(decoded(signToken(QJsonObject { { QStringLiteral("kid"), QStringLiteral("rsa-1") } },
                                     claims(), m_ec256, QStringLiteral("ES256"))),
                     byHand, {})
                     .status,
            SignatureStatus::Refused);
    }

    void oneKeySetVerifiesOnManyThreads()
    {
        // The shared OpenSSL keys are only read: threads verifying side by side with one key set get every verdict
        // right (run under the sanitizers in CI).
        const JsonWebKeySet keys = keySet({ m_rsa, m_rsa2, m_ec256 });
        const DecodedToken good = decoded(signToken({}, claims(), m_rsa2));
        const DecodedToken goodEc = decoded(signToken({}, claims(), m_ec256, QStringLiteral("ES256")));
        const DecodedToken altered = decoded(tamperPayload(signToken({}, claims(), m_rsa)));
        std::atomic<int> wrong { 0 };
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 50; ++i) {
                    if (verifySignature(good, keys, {}).status != SignatureStatus::Valid
                        || verifySignature(goodEc, keys, {}).status != SignatureStatus::Valid
                        || verifySignature(altered, keys, {}).status != SignatureStatus::Invalid)
                        ++wrong;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }

    void badKeySets_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("error");
        QTest::addRow("not json") << QByteArray("<html>") << QStringLiteral("not JSON");
        QTest::addRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
        QTest::addRow("keys not array") << QByteArray("{\"keys\":{}}") << QStringLiteral("not an array");
        QTest::addRow("empty set") << QByteArray("{\"keys\":[]}") << QStringLiteral("empty");
        QTest::addRow("openid configuration")
            << QByteArray("{\"issuer\":\"x\",\"jwks_uri\":\"https://k\"}") << QStringLiteral("jwks_uri");
        QTest::addRow("symmetric key") << QByteArray("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"c2VjcmV0\"}]}")
                                       << QStringLiteral("symmetric");
        QTest::addRow("rsa without n") << QByteArray("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r\",\"e\":\"AQAB\"}]}")
                                       << QStringLiteral("\"n\"");
        QTest::addRow("pem private key") << QByteArray("-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n")
                                         << QStringLiteral("no public key");
    }
    void badKeySets()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, error);
        const JwksParseResult parsed = parseJwks(document);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }

    void benchmarkVerify_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("RS256") << QStringLiteral("RS256");
        QTest::newRow("PS256") << QStringLiteral("PS256");
        QTest::newRow("ES256") << QStringLiteral("ES256");
    }
    void benchmarkVerify()
    {
        QFETCH(QString, alg);
        const DecodedToken token
            = decoded(signToken({}, claims(), alg == QLatin1String("ES256") ? m_ec256 : m_rsa, alg));
        const JsonWebKeySet keys = keySet({ m_rsa, m_ec256 });
        QBENCHMARK
        {
            QCOMPARE(verifySignature(token, keys, {}).status, SignatureStatus::Valid);
        }
    }

    void ecPointNotOnCurveIsAProblemNotACrash()
    {
        QJsonObject jwk = m_ec256.publicJwk();
        jwk.insert(QStringLiteral("x"), QString::fromLatin1(base64Url(QByteArray(32, '\x01'))));
        const JwksParseResult parsed = parseJwks(QJsonDocument(jwk).toJson());
        QVERIFY(parsed.ok());
        QString problem;
        const QString token = signToken({}, claims(), m_ec256, QStringLiteral("ES256"));
        QVERIFY(!verifyWithKey(QStringLiteral("ES256"), parsed.set.keys.first(), decoded(token).signingInput,
            decoded(token).signature, &problem));
        QVERIFY2(problem.contains(QLatin1String("curve")), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestSignatureVerifier)
#include "test_signatureverifier.moc"
