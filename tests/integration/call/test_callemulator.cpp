// Test calls end to end over loopback against the emulator's seed scenario: tokens from its IMDS endpoint, calls to
// its protected function, analysis and findings of the real answers.
#include "call/callanalysis.h"
#include "call/clientprincipal.h"
#include "call/testcall.h"
#include "diagnose/diagnosis.h"
#include "emulatorfixture.h"
#include "jwt/decodedtoken.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::testing;

namespace {

QStringList codesOf(const Findings &findings)
{
    QStringList codes;
    for (const Finding &finding : findings)
        codes.append(finding.code);
    return codes;
}

const Finding *findCode(const Findings &findings, const QString &code)
{
    for (const Finding &finding : findings) {
        if (finding.code == code)
            return &finding;
    }
    return nullptr;
}

Findings diagnoseCall(const CallResult &call)
{
    const DecodeResult decoded = decodeToken(call.sentBearerToken());
    DiagnosisInput input;
    input.token = decoded.ok() ? &decoded.token : nullptr;
    input.call = &call;
    return diagnose(input);
}

} // namespace

class TestCallEmulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<idex::CallResult>();
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        m_facts = seedFacts(m_emulator.scenario());
        QVERIFY(m_facts.function);
        QVERIFY(!m_facts.requiredRole.isEmpty());
        QVERIFY(!m_facts.callerClientId.isEmpty());
        QVERIFY(!m_facts.noAccessClientId.isEmpty());
        m_functionUrl = m_emulator.baseUrl().resolved(QUrl(m_facts.function->path));
    }

    void init() { m_emulator.clearFaults(); }

    void rightAudienceAndRoleGives200WithClaims()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = m_functionUrl;
        TestCall call(m_http);
        QSignalSpy started(&call, &TestCall::started);
        QSignalSpy finished(&call, &TestCall::finished);
        call.start(withBearerToken(request, token));
        QVERIFY(call.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(started.size(), 1);
        QVERIFY(!call.isRunning());
        const CallResult result = finished.first().first().value<CallResult>();
        QCOMPARE(result.status(), 200);
        QCOMPARE(result.bodyKind, BodyKind::Json);
        const QJsonArray roles
            = result.json.value(QLatin1String("claims")).toObject().value(QLatin1String("roles")).toArray();
        QVERIFY(roles.contains(QJsonValue(m_facts.requiredRole)));
        QCOMPARE(result.sentBearerToken(), token);
        QVERIFY(result.elapsedMs() >= 0);
        const Findings findings = diagnoseCall(result);
        QVERIFY2(
            codesOf(findings).contains(QStringLiteral("call-succeeded")), qPrintable(codesOf(findings).join(u',')));
        QVERIFY(!hasErrors(findings));
    }

    void wrongAudienceGives401WithAudienceFinding()
    {
        const QString other = QStringLiteral("https://management.azure.com/");
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), other);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = m_functionUrl;
        const CallResult result = TestCall::run(m_http, withBearerToken(request, token));
        QCOMPARE(result.status(), 401);
        QCOMPARE(result.failureKind, AuthFailureKind::Audience);
        QCOMPARE(result.announcedAudience, m_facts.function->appId);
        QVERIFY(result.identityModelCodes.contains(QStringLiteral("IDX10214")));
        const Findings findings = diagnoseCall(result);
        const Finding *finding = findCode(findings, QStringLiteral("call-audience-rejected"));
        QVERIFY2(finding, qPrintable(codesOf(findings).join(u',')));
        QCOMPARE(finding->severity, Severity::Error);
        QVERIFY(finding->evidence.contains(other));
        QVERIFY(finding->fix.contains(m_facts.function->appId));
    }

    void identityWithoutAssignmentGives403WithMissingRole()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience, m_facts.noAccessClientId);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = m_functionUrl;
        const CallResult result = TestCall::run(m_http, withBearerToken(request, token));
        QCOMPARE(result.status(), 403);
        QCOMPARE(result.failureKind, AuthFailureKind::RoleMissing);
        QVERIFY(result.requiredRoles.contains(m_facts.requiredRole));
        const Findings findings = diagnoseCall(result);
        const Finding *finding = findCode(findings, QStringLiteral("call-missing-role"));
        QVERIFY2(finding, qPrintable(codesOf(findings).join(u',')));
        QVERIFY(finding->fix.contains(u'\'' + m_facts.requiredRole + u'\''));
        QVERIFY(finding->evidence.contains(m_facts.noAccessClientId));
    }

    void expiredTokenGives401WithLifetimeFinding()
    {
        emulator::Fault fault;
        fault.kind = emulator::Fault::Kind::ExpiredToken;
        fault.route = QStringLiteral("imds");
        m_emulator.setFault(fault);
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = m_functionUrl;
        const CallResult result = TestCall::run(m_http, withBearerToken(request, token));
        QCOMPARE(result.status(), 401);
        QCOMPARE(result.failureKind, AuthFailureKind::Expired);
        const Findings findings = diagnoseCall(result);
        const Finding *finding = findCode(findings, QStringLiteral("call-token-expired"));
        QVERIFY2(finding, qPrintable(codesOf(findings).join(u',')));
        QVERIFY(finding->evidence.contains(QLatin1String("exp is")));
    }

    void noTokenGives401AndTheChallengeNamesTheResource()
    {
        HttpRequest request;
        request.url = m_functionUrl;
        const CallResult result = TestCall::run(m_http, request);
        QCOMPARE(result.status(), 401);
        QCOMPARE(result.responder, Responder::EasyAuth);
        QVERIFY(result.bearerChallenge());
        QCOMPARE(result.bearerChallenge()->realm(), m_facts.function->realm);
        QVERIFY(result.bearerChallenge()->authorizationUri().contains(m_emulator.scenario().tenantId));
        QCOMPARE(result.failureKind, AuthFailureKind::MissingToken);
        QCOMPARE(codesOf(diagnoseCall(result)), QStringList { QStringLiteral("call-missing-token") });
    }

    void authMeListsTheCallersRoles()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        const CallResult result = TestCall::run(m_http, authMeRequest(m_functionUrl, token));
        QCOMPARE(result.status(), 200);
        const ClientPrincipalResult principal = parseAuthMe(result.response().body);
        QVERIFY2(principal.ok(), qPrintable(principal.error));
        QVERIFY(principal.principal.roles().contains(m_facts.requiredRole));
        QCOMPARE(principal.principal.value(QStringLiteral("appid")), m_facts.callerClientId);
    }

    void untrustedCertificateIsExplained()
    {
        // The emulator's Service Fabric endpoint is HTTPS with a self-signed certificate.
        HttpRequest request;
        request.url = m_emulator.serviceFabricEndpoint();
        const CallResult refused = TestCall::run(m_http, request);
        QVERIFY(!refused.answered());
        QCOMPARE(refused.response().failure, HttpFailure::Tls);
        QVERIFY(!refused.response().tlsErrors.isEmpty());
        const Findings findings = diagnoseCall(refused);
        const Finding *finding = findCode(findings, QStringLiteral("call-no-answer"));
        QVERIFY(finding);
        QVERIFY(finding->evidence.contains(QLatin1String("Certificate problems")));

        request.ignoreTlsErrors = true;
        const CallResult accepted = TestCall::run(m_http, request);
        QVERIFY2(accepted.answered(), qPrintable(accepted.response().error));
        QVERIFY(!accepted.response().tlsProtocol.isEmpty());
        QCOMPARE(accepted.response().peerCertificateSha1, m_emulator.serviceFabricThumbprint());
        QVERIFY(codesOf(diagnoseCall(accepted)).contains(QStringLiteral("call-tls-errors-ignored")));
    }

    void easyAuthPolicyRefusalIsExplained()
    {
        // The seed scenario with the function restricted to another client application (allowedApplications).
        QFile seed(QStringLiteral(":/scenarios/seed.json")); // the built-in scenario's own file
        QVERIFY(seed.open(QIODevice::ReadOnly));
        QJsonObject scenario = QJsonDocument::fromJson(seed.readAll()).object();
        QJsonArray functions = scenario.value(QLatin1String("functions")).toArray();
        QJsonObject function = functions.first().toObject();
        function.insert(QStringLiteral("allowedApplications"), QJsonArray { m_facts.noAccessClientId });
        functions.replace(0, function);
        scenario.insert(QStringLiteral("functions"), functions);
        scenario.insert(QStringLiteral("name"), QStringLiteral("seed-restricted"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("restricted.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(scenario).toJson());
        file.close();

        emulator::Emulator restricted;
        emulator::EmulatorOptions options;
        options.scenario = path;
        QString error;
        QVERIFY2(restricted.start(options, &error), qPrintable(error));
        const QString token = imdsToken(m_http, restricted.baseUrl(), m_facts.audience);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = restricted.baseUrl().resolved(QUrl(m_facts.function->path));
        const CallResult result = TestCall::run(m_http, withBearerToken(request, token));
        QCOMPARE(result.status(), 403);
        QCOMPARE(result.failureKind, AuthFailureKind::PolicyDenied);
        const Findings findings = diagnoseCall(result);
        const Finding *finding = findCode(findings, QStringLiteral("call-policy-denied"));
        QVERIFY2(finding, qPrintable(codesOf(findings).join(u',')));
        QVERIFY(finding->evidence.contains(m_facts.callerClientId));
        QVERIFY(finding->fix.contains(QLatin1String("allowedApplications")));
    }

    void cancelAndRestart()
    {
        QTcpServer silent; // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        HttpRequest slow;
        slow.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
        TestCall call(m_http);
        QSignalSpy finished(&call, &TestCall::finished);
        call.start(slow);
        call.cancel(); // Qt may report the abort synchronously: count, don't wait for a next emission
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished.first().first().value<CallResult>().response().failure, HttpFailure::Canceled);

        // A second start replaces a call in flight: only the new answer arrives.
        finished.clear();
        call.start(slow);
        HttpRequest quick;
        quick.url = m_functionUrl;
        call.start(quick);
        QVERIFY(finished.wait(5000));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<CallResult>().status(), 401);
    }

private:
    emulator::Emulator m_emulator;
    HttpClient m_http;
    SeedFacts m_facts;
    QUrl m_functionUrl;
};

QTEST_GUILESS_MAIN(TestCallEmulator)
#include "test_callemulator.moc"
