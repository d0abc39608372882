// Every built-in scenario that issues a token: the token is fetched from the emulator's IMDS endpoint over loopback,
// verified through OpenID discovery from its iss, and diagnosed against the scenario's protected API. The finding
// must name the failure the scenario was built to show, and the healthy scenario must have none.
#include "diagnose/diagnosis.h"
#include "directory/graphreader.h"
#include "emulator/emulator.h"
#include "jwt/decodedtoken.h"
#include "jwt/keyresolver.h"
#include "net/httpclient.h"
#include "support/emulatortoken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace idex;

namespace {

QString imdsToken(
    HttpClient &http, const emulator::Emulator &emu, const QString &resource, const QString &clientId = {})
{
    return testsupport::imdsToken(http, emu.baseUrl(), resource, clientId);
}

} // namespace

class TestEmulatorScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenarioFindings_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("code"); // the error finding the scenario shows; empty = no error at all
        QTest::newRow("seed") << QStringLiteral("seed") << QString();
        QTest::newRow("expired-token") << QStringLiteral("expired-token") << QStringLiteral("token-expired");
        QTest::newRow("issuer-mismatch") << QStringLiteral("issuer-mismatch")
                                         << QStringLiteral("issuer-version-mismatch");
        QTest::newRow("missing-assignment") << QStringLiteral("missing-assignment") << QStringLiteral("missing-roles");
        QTest::newRow("stale-token") << QStringLiteral("stale-token") << QStringLiteral("missing-roles");
        QTest::newRow("wrong-audience") << QStringLiteral("wrong-audience") << QStringLiteral("audience-mismatch");
    }
    void scenarioFindings()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, code);

        emulator::Emulator emu;
        emulator::EmulatorOptions options;
        options.scenario = scenario;
        QString error;
        QVERIFY2(emu.start(options, &error), qPrintable(error));
        const emulator::Scenario &s = emu.scenario();
        const emulator::ProtectedFunction *function = s.functionByPath(s.walkthrough.functionPath);
        QVERIFY(function);
        const emulator::Identity *identity = s.identityByName(s.walkthrough.identity);
        QVERIFY(identity);

        // The token, over HTTP, as an SDK on the host would get it.
        QUrlQuery query { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
            { QStringLiteral("resource"), s.walkthrough.resource } };
        if (!identity->isSystem())
            query.addQueryItem(QStringLiteral("client_id"), identity->clientId);
        QUrl url = emu.baseUrl();
        url.setPath(QStringLiteral("/metadata/identity/oauth2/token"));
        url.setQuery(query);
        HttpRequest request;
        request.url = url;
        request.setHeader("Metadata", "true");
        HttpClient http;
        const HttpExchange exchange = http.sendAndWait(request);
        QVERIFY2(exchange.response.isSuccess(), exchange.response.body.constData());
        const QString raw
            = QJsonDocument::fromJson(exchange.response.body).object().value(QLatin1String("access_token")).toString();
        DecodeResult decoded = decodeToken(raw);
        QVERIFY2(decoded.ok(), qPrintable(decoded.message));
        DecodedToken &token = decoded.token;

        KeyResolver resolver(http);
        token.verification = verifyWithResolution(token, resolver.resolveForTokenAndWait(token));
        QVERIFY2(token.verification.isValid(), qPrintable(token.verification.detail));

        // The expectation, as the scenario's protected API is configured (Easy Auth + its role check).
        Expectation expectation;
        expectation.audiences = function->allowedAudiences;
        if (expectation.audiences.isEmpty()) {
            expectation.audiences << function->appId;
            if (const emulator::Application *app = s.applicationByAppId(function->appId))
                expectation.audiences << app->identifierUris;
        }
        if (function->issuer == QLatin1String("v1"))
            expectation.issuer = emu.issuerV1();
        else if (function->issuer == QLatin1String("v2"))
            expectation.issuer = emu.issuerV2();
        expectation.roles = function->requiredRoles;
        expectation.appOnly = true;

        DiagnosisInput input;
        input.token = &token;
        input.expectation = expectation;
        const Findings findings = diagnose(input);
        QStringList errors;
        for (const Finding &f : findings) {
            if (f.severity == Severity::Error)
                errors << f.code;
        }
        if (code.isEmpty())
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u',')));
        else
            QVERIFY2(errors.contains(code), qPrintable(QStringLiteral("errors: ") + errors.join(u',')));
    }

    void staleTokenWithTheDirectory()
    {
        // The stale-token walkthrough: a token without the role, then the assignment, then the directory read from
        // the emulator's Graph: the diagnosis must say the token predates the assignment, not that it is missing.
        emulator::Emulator emu;
        emulator::EmulatorOptions options;
        options.scenario = QStringLiteral("stale-token");
        QString error;
        QVERIFY2(emu.start(options, &error), qPrintable(error));
        const emulator::Scenario &s = emu.scenario();
        const emulator::ProtectedFunction *function = s.functionByPath(s.walkthrough.functionPath);
        const emulator::Identity *caller = s.identityByName(s.walkthrough.identity);
        QVERIFY(function && caller);
        HttpClient http;

        emu.setClockSkew(-120); // the token is two minutes old when the assignment is made
        const DecodeResult decoded = decodeToken(
            imdsToken(http, emu, s.walkthrough.resource, caller->isSystem() ? QString() : caller->clientId));
        QVERIFY2(decoded.ok(), qPrintable(decoded.message));
        emu.setClockSkew(0);
        QVERIFY(decoded.token.roles().isEmpty());

        const emulator::ServicePrincipal *api = s.servicePrincipalByAppId(function->appId);
        const emulator::Application *app = s.applicationByAppId(function->appId);
        QVERIFY(api && app && !app->appRoles.isEmpty());
        QString roleId;
        for (const emulator::AppRole &role : app->appRoles) {
            if (role.value == function->requiredRoles.first())
                roleId = role.id;
        }
        QVERIFY2(emu.addAssignment(caller->principalId, api->id, roleId, nullptr, &error), qPrintable(error));

        // The directory, as the Directory panel reads it: Graph over HTTP with the reader identity's token.
        QString readerClientId;
        for (const emulator::Identity &identity : s.identities) {
            if (identity.name == QLatin1String("idex-reader"))
                readerClientId = identity.clientId;
        }
        QVERIFY(!readerClientId.isEmpty());
        GraphReaderOptions graph;
        graph.baseUrl = emu.baseUrl().resolved(QUrl(QStringLiteral("/v1.0/")));
        graph.accessToken = imdsToken(http, emu, QStringLiteral("https://graph.microsoft.com"), readerClientId);
        QVERIFY(!graph.accessToken.isEmpty());
        GraphReader reader(http);
        QSignalSpy finished(&reader, &GraphReader::finished);
        reader.start(graph);
        QVERIFY(finished.wait(15000));
        const GraphLoadResult loaded = finished.first().first().value<GraphLoadResult>();
        QVERIFY2(loaded.ok, qPrintable(loaded.error));

        DiagnosisInput input;
        input.token = &decoded.token;
        input.expectation.roles = function->requiredRoles;
        input.directory = &loaded.directory;
        const Findings findings = diagnose(input);
        const Finding *stale = nullptr;
        const Finding *missing = nullptr;
        for (const Finding &f : findings) {
            if (f.code == QLatin1String("stale-token"))
                stale = &f;
            if (f.code == QLatin1String("missing-roles"))
                missing = &f;
        }
        QVERIFY2(stale, qPrintable(findings.value(0).code));
        QCOMPARE(stale->severity, Severity::Error);
        QVERIFY2(stale->evidence.contains(caller->name) || stale->evidence.contains(caller->principalId),
            qPrintable(stale->evidence));
        QVERIFY(missing);
        QVERIFY(!missing->fix.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment"))); // it exists already
    }
};

QTEST_GUILESS_MAIN(TestEmulatorScenarios)
#include "test_emulatorscenarios.moc"
