// The session's one reading of the emulator's scenario (ScenarioOffer): what it offers, and that each protected API's
// expectation predicts what the real emulator answers over loopback (same facts, same verdict).
#include "call/testcall.h"
#include "diagnose/diagnosis.h"
#include "emulator/emulator.h"
#include "jwt/decodedtoken.h"
#include "session/apiexpectation.h"
#include "session/session.h"
#include "support/emulatortoken.h"

#include <QTest>

using namespace idex;

namespace {

bool hasError(const Findings &findings, QStringList *codes)
{
    bool error = false;
    for (const Finding &finding : findings) {
        codes->append(finding.code);
        error = error || finding.severity == Severity::Error;
    }
    return error;
}

} // namespace

class TestScenarioOffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void offersEveryResourceAndApiOfTheScenario()
    {
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        Session session;
        QVERIFY(session.scenarioOffer().isEmpty());
        session.setEmulator(&emulator);
        const ScenarioOffer &offer = session.scenarioOffer();
        const emulator::Scenario &scenario = emulator.scenario();
        QCOMPARE(offer.scenarioName, scenario.name);
        QCOMPARE(offer.defaultResource, scenario.walkthrough.resource);
        QStringList expected;
        for (const emulator::Application &app : scenario.applications) {
            for (const QString &uri : app.identifierUris)
                expected.append(app.displayName + u' ' + uri);
        }
        QStringList offered;
        for (const ScenarioOffer::Resource &resource : offer.resources)
            offered.append(resource.appName + u' ' + resource.resource);
        QCOMPARE(offered, expected);
        QVERIFY(!offered.isEmpty());
        QCOMPARE(offer.apis.size(), scenario.functions.size());
        const ProtectedApi &api = offer.apis.first();
        QCOMPARE(api.url, emulator.baseUrl().resolved(QUrl(scenario.functions.first().path)));
        // Easy Auth's default audiences: the client ID and every App ID URI.
        const emulator::Application *app = scenario.applicationByAppId(api.appId);
        QVERIFY(app);
        QCOMPARE(api.allowedAudiences, QStringList { app->appId } + app->identifierUris);
        QCOMPARE(api.audience, app->identifierUris.first());
        QCOMPARE(api.appId, scenario.functions.first().appId);
        QCOMPARE(api.requiredRoles, scenario.functions.first().requiredRoles);

        // A restart is a new run on a new port: the offer follows it.
        const QUrl before = api.url;
        emulator.stop();
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        session.setEmulator(&emulator);
        QCOMPARE(session.scenarioOffer().apis.first().url.path(), before.path());
        QCOMPARE(session.scenarioOffer().apis.first().url.port(), emulator.baseUrl().port());
        session.setEmulator(nullptr);
        QVERIFY(session.scenarioOffer().isEmpty());
    }

    void theExpectationPredictsTheEmulatorsAnswer_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("status");
        QTest::newRow("seed") << QStringLiteral("seed") << 200;
        QTest::newRow("issuer-mismatch") << QStringLiteral("issuer-mismatch") << 401;
        QTest::newRow("caller-not-allowed") << QStringLiteral("caller-not-allowed") << 403;
        QTest::newRow("missing-assignment") << QStringLiteral("missing-assignment") << 403;
    }

    void theExpectationPredictsTheEmulatorsAnswer()
    {
        QFETCH(QString, scenario);
        QFETCH(int, status);
        emulator::Emulator emulator;
        emulator::EmulatorOptions options;
        options.scenario = scenario;
        QString error;
        QVERIFY2(emulator.start(options, &error), qPrintable(error));
        Session session;
        session.setEmulator(&emulator);
        const emulator::Walkthrough &walkthrough = emulator.scenario().walkthrough;
        const emulator::Identity *caller = emulator.scenario().identityByName(walkthrough.identity);
        QVERIFY(caller);
        const ProtectedApi *api = protectedApiFor(
            session.scenarioOffer().apis, emulator.baseUrl().resolved(QUrl(walkthrough.functionPath)));
        QVERIFY(api);

        HttpClient http;
        const QString token = testsupport::imdsToken(
            http, emulator.baseUrl(), walkthrough.resource, caller->isSystem() ? QString() : caller->clientId);
        QVERIFY(!token.isEmpty());
        HttpRequest request;
        request.url = api->url;
        QCOMPARE(TestCall::run(http, withBearerToken(request, token)).status(), status);

        // The token alone against the offered expectation: an error exactly when the emulator refuses it.
        const DecodeResult decoded = decodeToken(token);
        QVERIFY(decoded.ok());
        DiagnosisInput input;
        input.token = &decoded.token;
        input.expectation = expectationOf(*api);
        QStringList codes;
        QVERIFY2(hasError(diagnose(input), &codes) == (status != 200), qPrintable(codes.join(u',')));
    }
};

QTEST_GUILESS_MAIN(TestScenarioOffer)
#include "test_scenariooffer.moc"
