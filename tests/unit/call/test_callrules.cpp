// The call rules: what a 401/403 means once it is read next to the token that was sent.
#include "call/callanalysis.h"
#include "diagnose/diagnosis.h"
#include "jwt/decodedtoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace idex;

namespace {

QString makeToken(const QJsonObject &claims)
{
    const QByteArray header = QJsonDocument(
        QJsonObject { { QStringLiteral("typ"), QStringLiteral("JWT") },
            { QStringLiteral("alg"), QStringLiteral("RS256") }, { QStringLiteral("kid"), QStringLiteral("k1") } })
                                  .toJson(QJsonDocument::Compact);
    const auto encode = [](const QByteArray &bytes) {
        return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return QString::fromLatin1(encode(header) + '.' + encode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.'
        + encode("not-a-real-signature"));
}

QJsonObject baseClaims(const QDateTime &now)
{
    return QJsonObject { { QStringLiteral("aud"), QStringLiteral("api://func-app") },
        { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/tenant-1/") },
        { QStringLiteral("appid"), QStringLiteral("caller-client-id") },
        { QStringLiteral("oid"), QStringLiteral("caller-object-id") },
        { QStringLiteral("tid"), QStringLiteral("tenant-1") }, { QStringLiteral("ver"), QStringLiteral("1.0") },
        { QStringLiteral("iat"), now.addSecs(-600).toSecsSinceEpoch() },
        { QStringLiteral("nbf"), now.addSecs(-600).toSecsSinceEpoch() },
        { QStringLiteral("exp"), now.addSecs(3600).toSecsSinceEpoch() } };
}

CallResult respond(const QString &token, int status, HeaderList headers, QByteArray body)
{
    HttpExchange exchange;
    exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/api/aad-func"));
    if (!token.isEmpty())
        exchange.request.setHeader("Authorization", "Bearer " + token.toLatin1());
    exchange.response.status = status;
    exchange.response.headers = std::move(headers);
    exchange.response.body = std::move(body);
    return analyzeCall(exchange);
}

const Finding *findCode(const Findings &findings, const QString &code)
{
    for (const Finding &finding : findings) {
        if (finding.code == code)
            return &finding;
    }
    return nullptr;
}

QStringList callCodes(const Findings &findings)
{
    QStringList codes;
    for (const Finding &finding : findings) {
        if (finding.code.startsWith(QLatin1String("call-")))
            codes.append(finding.code);
    }
    return codes;
}

const QByteArray kEasyAuthChallenge(
    "Bearer realm=\"127.0.0.1\" authorization_uri=\"https://login.microsoftonline.com/tenant-1/oauth2/v2.0/authorize\" "
    "resource_id=\"api://func-app\"");

} // namespace

class TestCallRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_now = QDateTime::currentDateTimeUtc(); }

    void success()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") });
        const DecodeResult decoded = decodeToken(makeToken(claims));
        QVERIFY(decoded.ok());
        const CallResult call = respond(decoded.token.raw, 200, {}, "{}");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-succeeded") });
        QVERIFY(findCode(findings, QStringLiteral("call-succeeded"))->evidence.contains(QLatin1String("'DoAll'")));
        // The API's verdict leads the token's own remarks of the same severity (its signature was not checked here).
        QVERIFY(findCode(findings, QStringLiteral("signature-not-checked")));
        QCOMPARE(findings.first().code, QStringLiteral("call-succeeded"));
    }

    void announcedAudienceDiffersFromTokenAud()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("aud"), QStringLiteral("https://management.azure.com/"));
        const DecodeResult decoded = decodeToken(makeToken(claims));
        const CallResult call = respond(decoded.token.raw, 401, { { "WWW-Authenticate", kEasyAuthChallenge } },
            "You do not have permission to view this directory or page.");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-audience-rejected") });
        const Finding *finding = findCode(findings, QStringLiteral("call-audience-rejected"));
        QVERIFY(finding);
        QCOMPARE(finding->severity, Severity::Error);
        QVERIFY(finding->evidence.contains(QLatin1String("resource_id")));
        // The two audiences are set side by side once, not repeated through the evidence.
        QCOMPARE(finding->compared.size(), 1);
        QCOMPARE(finding->compared.first().what, QStringLiteral("aud"));
        QCOMPARE(finding->compared.first().actual, QStringLiteral("https://management.azure.com/"));
        QCOMPARE(finding->compared.first().expected, QStringList { QStringLiteral("api://func-app") });
        QVERIFY(!finding->evidence.contains(QLatin1String("https://management.azure.com/")));
        QVERIFY(finding->fix.contains(QLatin1String("--resource api://func-app")));
        QVERIFY(findingsToText(findings).contains(
            QStringLiteral("aud:      \"https://management.azure.com/\", expected \"api://func-app\"")));
    }

    void audienceRejectionSilencesRoleFindings()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("aud"), QStringLiteral("https://management.azure.com/"));
        const DecodeResult decoded = decodeToken(makeToken(claims));
        const CallResult call = respond(decoded.token.raw, 401, { { "WWW-Authenticate", kEasyAuthChallenge } }, {});
        Expectation expectation;
        expectation.roles = QStringList { QStringLiteral("DoAll") };
        expectation.audiences
            = QStringList { QStringLiteral("api://func-app") }; // the token rules see the mismatch too
        const Findings withCall = diagnose(DiagnosisInput { &decoded.token, expectation, &call, nullptr, m_now });
        QVERIFY(findCode(withCall, QStringLiteral("call-audience-rejected")));
        QVERIFY(!findCode(withCall, QStringLiteral("missing-roles")));
        QVERIFY(!findCode(withCall, QStringLiteral("audience-mismatch"))); // absorbed into the call finding
        // Without the call the token rules still report it: only the call's verdict makes it moot.
        const Findings tokenOnly = diagnose(DiagnosisInput { &decoded.token, expectation, nullptr, nullptr, m_now });
        QVERIFY(findCode(tokenOnly, QStringLiteral("missing-roles")));
    }

    void refusalKindsFromTheValidatorsWords_data()
    {
        QTest::addColumn<QByteArray>("challenge");
        QTest::addColumn<QString>("code");
        QTest::addRow("expired") << QByteArray(
            "Bearer error=\"invalid_token\", error_description=\"The token expired at '1/1/2020'\"")
                                 << QStringLiteral("call-token-expired");
        QTest::addRow("not yet valid") << QByteArray(
            "Bearer error=\"invalid_token\", error_description=\"The token is not valid before '1/1/2030'\"")
                                       << QStringLiteral("call-token-not-yet-valid");
        QTest::addRow("issuer") << QByteArray(
            "Bearer error=\"invalid_token\", error_description=\"The issuer 'x' is invalid\"")
                                << QStringLiteral("call-issuer-rejected");
        QTest::addRow("signature") << QByteArray(
            "Bearer error=\"invalid_token\", error_description=\"The signature key was not found\"")
                                   << QStringLiteral("call-signature-rejected");
        QTest::addRow("audience") << QByteArray(
            "Bearer error=\"invalid_token\", error_description=\"The audience 'api://func-app' is invalid\"")
                                  << QStringLiteral("call-audience-rejected");
        QTest::addRow("no reason, audience matches") << kEasyAuthChallenge << QStringLiteral("call-token-rejected");
    }

    void refusalKindsFromTheValidatorsWords()
    {
        QFETCH(QByteArray, challenge);
        QFETCH(QString, code);
        const DecodeResult decoded = decodeToken(makeToken(baseClaims(m_now)));
        const CallResult call = respond(decoded.token.raw, 401, { { "WWW-Authenticate", challenge } }, {});
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { code });
    }

    void expiredEvidenceNamesExp()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("exp"), m_now.addSecs(-3600).toSecsSinceEpoch());
        const DecodeResult decoded = decodeToken(makeToken(claims));
        const CallResult call
            = respond(decoded.token.raw, 401, {}, "IDX10223: Lifetime validation failed. The token is expired.");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        const Finding *finding = findCode(findings, QStringLiteral("call-token-expired"));
        QVERIFY(finding);
        QVERIFY(finding->evidence.contains(QLatin1String("IDX10223")));
        QVERIFY(!findCode(findings, QStringLiteral("token-expired")));
        QVERIFY(finding->evidence.contains(m_now.addSecs(-3600).toString(Qt::ISODate)));
    }

    void noTokenSent()
    {
        const CallResult call = respond({}, 401, { { "WWW-Authenticate", kEasyAuthChallenge } }, {});
        const Findings findings = diagnose(DiagnosisInput { nullptr, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-missing-token") });
        QVERIFY(
            findCode(findings, QStringLiteral("call-missing-token"))->fix.contains(QLatin1String("'api://func-app'")));
    }

    void forbiddenWithoutRolesNamesTheRole()
    {
        const DecodeResult decoded = decodeToken(makeToken(baseClaims(m_now)));
        const CallResult call = respond(decoded.token.raw, 403, { { "Content-Type", "application/json" } },
            "{\"error\":\"forbidden\",\"requiredRoles\":[\"DoAll\"]}");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-missing-role") });
        const Finding *finding = findCode(findings, QStringLiteral("call-missing-role"));
        QVERIFY(finding->evidence.contains(QLatin1String("no roles claim")));
        QVERIFY(finding->fix.contains(QLatin1String("'DoAll'")));
        QVERIFY(finding->fix.contains(QLatin1String("caller-object-id")));
    }

    void forbiddenRoleFromExpectation()
    {
        const DecodeResult decoded = decodeToken(makeToken(baseClaims(m_now)));
        const CallResult call = respond(decoded.token.raw, 403, {}, "Forbidden");
        Expectation expectation;
        expectation.roles = QStringList { QStringLiteral("DoAll") };
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, expectation, &call, nullptr, m_now });
        const Finding *finding = findCode(findings, QStringLiteral("call-missing-role"));
        QVERIFY(finding);
        QVERIFY(finding->fix.contains(QLatin1String("'DoAll'")));
        // The token rules said the same from the token alone: one finding carries both, not two cards.
        QVERIFY(!findCode(findings, QStringLiteral("missing-roles")));
        QVERIFY(finding->evidence.contains(QLatin1String("From the token:")));
    }

    void forbiddenWithOtherRoles()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("ReadOnly") });
        const DecodeResult decoded = decodeToken(makeToken(claims));
        const CallResult call = respond(decoded.token.raw, 403, {}, "The caller does not have the app role 'DoAll'.");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-wrong-role") });
    }

    void easyAuthPolicy()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") });
        const DecodeResult decoded = decodeToken(makeToken(claims));
        const CallResult call
            = respond(decoded.token.raw, 403, {}, "You do not have permission to view this directory or page.");
        const Findings findings = diagnose(DiagnosisInput { &decoded.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-policy-denied") });
        QVERIFY(findCode(findings, QStringLiteral("call-policy-denied"))
                    ->evidence.contains(QLatin1String("caller-client-id")));
    }

    void tokenNotTheOneSentIsNotCorrelated()
    {
        QJsonObject claims = baseClaims(m_now);
        claims.insert(QStringLiteral("aud"), QStringLiteral("https://management.azure.com/"));
        const DecodeResult shown = decodeToken(makeToken(claims));
        const DecodeResult sentToken = decodeToken(makeToken(baseClaims(m_now)));
        const CallResult call = respond(sentToken.token.raw, 401, { { "WWW-Authenticate", kEasyAuthChallenge } }, {});
        const Findings findings = diagnose(DiagnosisInput { &shown.token, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { QStringLiteral("call-token-rejected") });
    }

    void transportAndOtherStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("location");
        QTest::addColumn<QString>("code");
        QTest::addRow("refused") << 0 << QByteArray() << QStringLiteral("call-no-answer");
        QTest::addRow("login redirect") << 302 << QByteArray("https://fn/.auth/login/aad?post_login_redirect_uri=/api")
                                        << QStringLiteral("call-redirect-to-login");
        QTest::addRow("redirect") << 301 << QByteArray("https://elsewhere/") << QStringLiteral("call-redirect");
        QTest::addRow("404") << 404 << QByteArray() << QStringLiteral("call-not-found");
        QTest::addRow("429") << 429 << QByteArray() << QStringLiteral("call-throttled");
        QTest::addRow("503") << 503 << QByteArray() << QStringLiteral("call-server-error");
        QTest::addRow("400") << 400 << QByteArray() << QStringLiteral("call-refused");
    }

    void transportAndOtherStatuses()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, location);
        QFETCH(QString, code);
        HttpExchange exchange;
        exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/api/x"));
        exchange.response.status = status;
        if (status == 0) {
            exchange.response.failure = HttpFailure::ConnectionRefused;
            exchange.response.error = QStringLiteral("Connection refused");
        }
        if (!location.isEmpty())
            exchange.response.headers.append({ "Location", location });
        const CallResult call = analyzeCall(exchange);
        const Findings findings = diagnose(DiagnosisInput { nullptr, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings), QStringList { code });
    }

    void ignoredTlsErrorsAreWarned()
    {
        HttpExchange exchange;
        exchange.request.url = QUrl(QStringLiteral("https://127.0.0.1:1/api/x"));
        exchange.request.ignoreTlsErrors = true;
        exchange.response.status = 200;
        exchange.response.tlsErrors = QStringList { QStringLiteral("The certificate is self-signed, and untrusted") };
        const CallResult call = analyzeCall(exchange);
        const Findings findings = diagnose(DiagnosisInput { nullptr, {}, &call, nullptr, m_now });
        QCOMPARE(callCodes(findings),
            (QStringList { QStringLiteral("call-tls-errors-ignored"), QStringLiteral("call-succeeded") }));
    }

private:
    QDateTime m_now;
};

QTEST_GUILESS_MAIN(TestCallRules)
#include "test_callrules.moc"
