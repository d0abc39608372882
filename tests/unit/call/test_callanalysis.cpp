// analyzeCall() on answers shaped like those of Easy Auth, ASP.NET Core JwtBearer and application code.
#include "call/callanalysis.h"
#include "call/statusmeaning.h"

#include <QTest>

using namespace idex;

namespace {

HttpExchange answer(int status, HeaderList headers, QByteArray body, bool withToken = true)
{
    HttpExchange exchange;
    exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/api/aad-func"));
    if (withToken)
        exchange.request.setHeader("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln");
    exchange.response.status = status;
    exchange.response.headers = std::move(headers);
    exchange.response.body = std::move(body);
    exchange.response.elapsedMs = 12;
    exchange.startedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    return exchange;
}

} // namespace

class TestCallAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failureKinds_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("challenge");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("responder");

        QTest::addRow("aspnetcore audience")
            << 401
            << QByteArray("Bearer error=\"invalid_token\", error_description=\"The audience 'api://other' is invalid\"")
            << QByteArray() << true << QStringLiteral("audience") << QStringLiteral("aspnetcore");
        QTest::addRow("aspnetcore issuer")
            << 401
            << QByteArray("Bearer error=\"invalid_token\", error_description=\"The issuer 'https://sts.windows.net/x/' "
                          "is invalid\"")
            << QByteArray() << true << QStringLiteral("issuer") << QStringLiteral("aspnetcore");
        QTest::addRow("aspnetcore expired")
            << 401
            << QByteArray(
                   "Bearer error=\"invalid_token\", error_description=\"The token expired at '01/02/2026 03:04:05'\"")
            << QByteArray() << true << QStringLiteral("expired") << QStringLiteral("aspnetcore");
        QTest::addRow("aspnetcore not yet valid")
            << 401
            << QByteArray(
                   "Bearer error=\"invalid_token\", error_description=\"The token is not valid before '01/02/2027'\"")
            << QByteArray() << true << QStringLiteral("not-yet-valid") << QStringLiteral("aspnetcore");
        QTest::addRow("aspnetcore signature key")
            << 401
            << QByteArray("Bearer error=\"invalid_token\", error_description=\"The signature key was not found\"")
            << QByteArray() << true << QStringLiteral("signing-key-not-found") << QStringLiteral("aspnetcore");
        QTest::addRow("aspnetcore bad signature")
            << 401 << QByteArray("Bearer error=\"invalid_token\", error_description=\"The signature is invalid\"")
            << QByteArray() << true << QStringLiteral("invalid-signature") << QStringLiteral("aspnetcore");
        QTest::addRow("IDX code in body wins")
            << 401 << QByteArray("Bearer error=\"invalid_token\"")
            << QByteArray("IDX10214: Audience validation failed. Audiences: 'api://x'. Did not match: "
                          "validationParameters.ValidAudience: 'api://y'")
            << true << QStringLiteral("audience") << QStringLiteral("aspnetcore");
        QTest::addRow("IDX10223 json") << 401 << QByteArray()
                                       << QByteArray("{\"error\":\"invalid_token\",\"message\":\"IDX10223: Lifetime "
                                                     "validation failed. The token is expired.\"}")
                                       << true << QStringLiteral("expired") << QStringLiteral("aspnetcore");
        QTest::addRow("invalid_token without reason")
            << 401 << QByteArray("Bearer error=\"invalid_token\"") << QByteArray() << true
            << QStringLiteral("invalid-token") << QStringLiteral("aspnetcore");
        QTest::addRow("insufficient scope")
            << 403 << QByteArray("Bearer error=\"insufficient_scope\", scope=\"Files.Read\"") << QByteArray() << true
            << QStringLiteral("insufficient-scope") << QStringLiteral("aspnetcore");
        QTest::addRow("easy auth 401 without token")
            << 401
            << QByteArray("Bearer realm=\"fn.azurewebsites.net\" "
                          "authorization_uri=\"https://login.microsoftonline.com/t/oauth2/v2.0/authorize\" "
                          "resource_id=\"api://a\"")
            << QByteArray("You do not have permission to view this directory or page.") << false
            << QStringLiteral("missing-token") << QStringLiteral("easy-auth");
        QTest::addRow("easy auth policy 403")
            << 403 << QByteArray() << QByteArray("You do not have permission to view this directory or page.") << true
            << QStringLiteral("policy-denied") << QStringLiteral("easy-auth");
        QTest::addRow("app 403 naming role in json")
            << 403 << QByteArray() << QByteArray("{\"error\":\"forbidden\",\"requiredRoles\":[\"DoAll\"]}") << true
            << QStringLiteral("role-missing") << QStringLiteral("app");
        QTest::addRow("app 403 naming role in text")
            << 403 << QByteArray() << QByteArray("The caller does not have the app role 'DoAll'.") << true
            << QStringLiteral("role-missing") << QStringLiteral("app");
        QTest::addRow("500 is no auth failure")
            << 500 << QByteArray() << QByteArray("boom") << true << QStringLiteral("none") << QStringLiteral("unknown");
        QTest::addRow("200") << 200 << QByteArray() << QByteArray("{\"ok\":true}") << true << QStringLiteral("none")
                             << QStringLiteral("unknown");
    }

    void failureKinds()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, challenge);
        QFETCH(QByteArray, body);
        QFETCH(bool, withToken);
        QFETCH(QString, kind);
        QFETCH(QString, responder);
        HeaderList headers;
        if (!challenge.isEmpty())
            headers.append({ "WWW-Authenticate", challenge });
        const CallResult result = analyzeCall(answer(status, headers, body, withToken));
        QCOMPARE(authFailureName(result.failureKind), kind);
        QCOMPARE(responderName(result.responder), responder);
    }

    void easyAuthChallengeAnnouncesAudience()
    {
        const CallResult result = analyzeCall(answer(401,
            { { "WWW-Authenticate",
                "Bearer realm=\"fn\" authorization_uri=\"https://login/t/oauth2/v2.0/authorize\" "
                "resource_id=\"api://1111\"" } },
            "You do not have permission to view this directory or page.", true));
        QCOMPARE(result.challenges.size(), 1);
        QCOMPARE(result.announcedAudience, QStringLiteral("api://1111"));
        QCOMPARE(result.serverMessage, QStringLiteral("You do not have permission to view this directory or page."));
        QVERIFY(result.bearerChallenge());
        QCOMPARE(result.responder, Responder::EasyAuth);
    }

    void severalChallengeHeaders()
    {
        const CallResult result = analyzeCall(answer(
            401, { { "WWW-Authenticate", "Bearer realm=\"a\"" }, { "www-authenticate", "Basic realm=\"b\"" } }, {}));
        QCOMPARE(result.challenges.size(), 2);
        QCOMPARE(result.challenges.at(1).scheme, QStringLiteral("Basic"));
    }

    void rolesAndMessageFromJson()
    {
        const CallResult result = analyzeCall(answer(403, { { "Content-Type", "application/json" } },
            "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Caller lacks "
            "role\",\"missingRoles\":[\"DoAll\",\"ReadAll\"]}}"));
        QCOMPARE(result.bodyKind, BodyKind::Json);
        QCOMPARE(result.requiredRoles, (QStringList { QStringLiteral("DoAll"), QStringLiteral("ReadAll") }));
        QCOMPARE(result.serverMessage, QStringLiteral("Caller lacks role"));
        QCOMPARE(result.json.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
            QStringLiteral("Forbidden"));
    }

    void identityModelCodesAreCollectedOnce()
    {
        const CallResult result
            = analyzeCall(answer(401, {}, "IDX10214: audience. IDX10214 again. IDX10205: issuer. IDX1 is no code."));
        QCOMPARE(result.identityModelCodes, (QStringList { QStringLiteral("IDX10214"), QStringLiteral("IDX10205") }));
        QCOMPARE(result.failureKind, AuthFailureKind::Audience);
    }

    void htmlBodyGivesReadableMessage()
    {
        const CallResult result = analyzeCall(answer(403, { { "Content-Type", "text/html" } },
            "<!DOCTYPE html><html><head><style>p{}</style><title>403</title></head><body><p>You do not have "
            "permission to view this directory or page.</p></body></html>"));
        QCOMPARE(result.bodyKind, BodyKind::Html);
        QVERIFY2(result.serverMessage.contains(QLatin1String("You do not have permission")),
            qPrintable(result.serverMessage));
        QVERIFY(!result.serverMessage.contains(u'<'));
        QCOMPARE(result.responder, Responder::EasyAuth);
    }

    void transportFailureHasNoAnalysis()
    {
        HttpExchange exchange = answer(0, {}, {});
        exchange.response.failure = HttpFailure::ConnectionRefused;
        exchange.response.error = QStringLiteral("Connection refused");
        const CallResult result = analyzeCall(exchange);
        QVERIFY(!result.answered());
        QCOMPARE(result.failureKind, AuthFailureKind::None);
        QVERIFY(result.challenges.isEmpty());
    }

    void shorthandsAndTiming()
    {
        const CallResult result = analyzeCall(answer(200, {}, "{}"));
        QVERIFY(result.isSuccess());
        QCOMPARE(result.status(), 200);
        QCOMPARE(result.elapsedMs(), 12);
        QCOMPARE(result.sentBearerToken(), QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln"));
        QCOMPARE(result.finishedAt, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 12), Qt::UTC));
        QVERIFY(analyzeCall(answer(200, {}, {}, false)).sentBearerToken().isEmpty());
    }

    void statusWords()
    {
        QCOMPARE(statusReasonPhrase(401), QStringLiteral("Unauthorized"));
        QCOMPARE(statusReasonPhrase(799), QStringLiteral("Unknown status"));
        QVERIFY(statusMeaning(403).contains(QLatin1String("app role")));
        QVERIFY(statusMeaning(401).contains(QLatin1String("audience")));
        QCOMPARE(statusMeaning(299), QStringLiteral("Success."));
        QVERIFY(!statusMeaning(418).isEmpty());
    }

    void identityModelMeanings()
    {
        QVERIFY(identityModelCodeMeaning(u"IDX10214").startsWith(QLatin1String("IDX10214: audience")));
        QCOMPARE(identityModelCodeKind(u"idx10223"), AuthFailureKind::Expired);
        QCOMPARE(identityModelCodeKind(u"IDX99999"), AuthFailureKind::None);
        QVERIFY(identityModelCodeMeaning(u"IDX99999").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCallAnalysis)
#include "test_callanalysis.moc"
