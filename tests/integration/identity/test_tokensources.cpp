// Every token source against the real emulator over loopback: success, user-assigned selection, refused
// combinations, each error shape, retries under injected faults (410 window, 429 Retry-After, 5xx), cancellation
// and timeouts. Retry delays are scaled (RetryPolicy::timeScale) so the 70 s IMDS window replays in milliseconds,
// while the asserted schedule is the real one.
#include "emulator/emulator.h"
#include "emulatortestsupport.h"
#include "identity/failureexplainer.h"
#include "identity/sourcecatalog.h"
#include "identity/tokensource.h"
#include "net/httpclient.h"
#include "net/transcriptformat.h"

#include <QFile>
#include <QFileInfo>
#include <QHttpServer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace idex;
using idex::emulator::Emulator;
using idex::emulator::Fault;

namespace {

struct Outcome
{
    bool done = false;
    bool ok = false;
    TokenResult token;
    TokenFailure failure;
    QList<qint64> retryDelays;
    QStringList retryReasons;
};

const QString kArm = QStringLiteral("https://management.azure.com/");

QJsonObject claimsOf(const QString &token)
{
    QJsonObject header, claims;
    emulator::testing::decodeJwt(token, &header, &claims);
    return claims;
}

} // namespace

class TestTokenSources : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_http;

    SourceConfig configFor(const QString &sourceId) const
    {
        SourceConfig config;
        config.environment = environmentFrom(m_emulator.environment(emulatorProtocol(sourceId)));
        if (sourceId == QLatin1String("emulator"))
            config.endpoint = m_emulator.baseUrl();
        config.arcKeyDirectory = QFileInfo(m_emulator.arcKeyFilePath()).absolutePath();
        config.retryTimeScale = 0.001;
        config.timeout = std::chrono::milliseconds(10000);
        return config;
    }

    const emulator::Identity *identity(const QString &name) const { return m_emulator.scenario().identityByName(name); }

    void run(const QString &sourceId, const SourceConfig &config, const TokenRequest &request, Outcome *outcome,
        std::function<void(TokenSource *)> whileRunning = {})
    {
        std::unique_ptr<TokenSource> source(createSource(sourceId, m_http, config));
        QVERIFY(source);
        connect(source.get(), &TokenSource::succeeded, this, [outcome](const TokenResult &token) {
            outcome->done = outcome->ok = true;
            outcome->token = token;
        });
        connect(source.get(), &TokenSource::failed, this, [outcome](const TokenFailure &failure) {
            QVERIFY2(!outcome->done, "a source reported twice");
            outcome->done = true;
            outcome->failure = failure;
        });
        connect(source.get(), &TokenSource::retryScheduled, this, [outcome](int, qint64 delay, const QString &reason) {
            outcome->retryDelays.append(delay);
            outcome->retryReasons.append(reason);
        });
        source->start(request);
        QVERIFY(source->isRunning());
        if (whileRunning)
            whileRunning(source.get());
        QTRY_VERIFY_WITH_TIMEOUT(outcome->done, 30000);
        QVERIFY(!source->isRunning());
    }

    // The common case: a source configured for the emulator, asking for ARM (or another resource) for the system
    // identity.
    void fetch(const QString &sourceId, Outcome *outcome, const QString &resource = kArm)
    {
        run(sourceId, configFor(sourceId), request(resource), outcome);
    }

    // The emulator answers the next `count` requests on `route` with `status`.
    void failNext(const QString &route, int status, int count)
    {
        Fault fault;
        fault.kind = Fault::Kind::Status;
        fault.status = status;
        fault.count = count;
        fault.route = route;
        m_emulator.setFault(fault);
    }

    static TokenRequest request(const QString &resource,
        IdentitySelector::Kind kind = IdentitySelector::Kind::SystemAssigned, const QString &value = {})
    {
        return TokenRequest { resource, IdentitySelector { kind, value } };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
    }

    void init() { m_emulator.clearFaults(); }

    void everySourceGetsAToken_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("requests");
        for (const char *id : { "emulator", "imds", "appservice", "appservice2017", "azureml", "cloudshell",
                 "servicefabric", "workload" })
            QTest::addRow("%s", id) << QString::fromLatin1(id) << 1;
        QTest::addRow("arc (challenge + keyed request)") << QStringLiteral("arc") << 2;
    }

    void everySourceGetsAToken()
    {
        QFETCH(QString, source);
        QFETCH(int, requests);
        const QString resource = m_emulator.scenario().walkthrough.resource;
        Outcome outcome;
        run(source, configFor(source), request(resource + QStringLiteral("/.default")), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        const TokenResult &token = outcome.token;
        QCOMPARE(token.sourceId, source);
        QCOMPARE(token.transcript.size(), requests);
        QCOMPARE(token.transcript.last().response.status, 200);
        QVERIFY(token.expiresOn.isValid());
        const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(token.expiresOn);
        QVERIFY2(lifetime > 3600 && lifetime <= m_emulator.scenario().tokenLifetimeSeconds,
            qPrintable(QString::number(lifetime)));
        // The emulator's token really is for the resource asked (scope turned into resource), for the system identity.
        const QJsonObject claims = claimsOf(token.accessToken);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), resource);
        if (source != QLatin1String("workload")) // workload identity runs as the federated user-assigned identity
            QCOMPARE(
                claims.value(QLatin1String("oid")).toString(), identity(QStringLiteral("caller-func"))->principalId);
    }

    void imdsHonoursPodIdentityHost()
    {
        SourceConfig config;
        config.environment.insert(QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST"), m_emulator.baseUrl().toString());
        Outcome outcome;
        run(QStringLiteral("imds"), config, request(kArm), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        const HttpRequest &sent = outcome.token.transcript.first().request;
        QCOMPARE(sent.url.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(sent.url.path(), QStringLiteral("/metadata/identity/oauth2/token"));
        QCOMPARE(sent.header("Metadata"), QByteArray("true"));
        QVERIFY(sent.header("X-Forwarded-For").isEmpty());
        QVERIFY(sent.bypassProxy);
    }

    void autoDetectsFromTheEnvironment()
    {
        SourceConfig config = configFor(QStringLiteral("appservice"));
        Outcome outcome;
        run(QStringLiteral("auto"), config, request(QStringLiteral("https://vault.azure.net")), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        QCOMPARE(outcome.token.sourceId, QStringLiteral("appservice"));
        QVERIFY(outcome.token.sourceName.startsWith(QLatin1String("Auto (App Service")));
        QCOMPARE(outcome.token.transcript.first().request.header("X-IDENTITY-HEADER"),
            m_emulator.scenario().identityHeader.toUtf8());
    }

    void userAssignedSelection_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("parameter");
        const int client = int(IdentitySelector::Kind::ClientId), object = int(IdentitySelector::Kind::ObjectId),
                  resource = int(IdentitySelector::Kind::ResourceId);
        QTest::addRow("imds client_id") << QStringLiteral("imds") << client << QStringLiteral("client_id");
        QTest::addRow("imds object_id") << QStringLiteral("imds") << object << QStringLiteral("object_id");
        QTest::addRow("imds msi_res_id") << QStringLiteral("imds") << resource << QStringLiteral("msi_res_id");
        QTest::addRow("appservice client_id") << QStringLiteral("appservice") << client << QStringLiteral("client_id");
        QTest::addRow("appservice principal_id")
            << QStringLiteral("appservice") << object << QStringLiteral("principal_id");
        QTest::addRow("appservice mi_res_id")
            << QStringLiteral("appservice") << resource << QStringLiteral("mi_res_id");
        QTest::addRow("appservice2017 clientid")
            << QStringLiteral("appservice2017") << client << QStringLiteral("clientid");
        QTest::addRow("azureml clientid") << QStringLiteral("azureml") << client << QStringLiteral("clientid");
        QTest::addRow("workload client_id (form)") << QStringLiteral("workload") << client << QString();
    }

    void userAssignedSelection()
    {
        QFETCH(QString, source);
        QFETCH(int, kind);
        QFETCH(QString, parameter);
        const emulator::Identity *reader = identity(QStringLiteral("idex-reader"));
        QVERIFY(reader);
        const auto selectorKind = IdentitySelector::Kind(kind);
        const QString value = selectorKind == IdentitySelector::Kind::ClientId ? reader->clientId
            : selectorKind == IdentitySelector::Kind::ObjectId                 ? reader->principalId
                                                                               : reader->resourceId;
        Outcome outcome;
        run(source, configFor(source), request(kArm, selectorKind, value), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        QCOMPARE(claimsOf(outcome.token.accessToken).value(QLatin1String("oid")).toString(), reader->principalId);
        QCOMPARE(outcome.token.identity.value, value);
        if (!parameter.isEmpty()) {
            const QUrlQuery query(outcome.token.transcript.first().request.url);
            QCOMPARE(query.queryItemValue(parameter, QUrl::FullyDecoded), value);
        }
    }

    void refusedCombinations_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("kind");
        QTest::addRow("arc user-assigned") << QStringLiteral("arc") << int(IdentitySelector::Kind::ClientId);
        QTest::addRow("cloudshell user-assigned")
            << QStringLiteral("cloudshell") << int(IdentitySelector::Kind::ClientId);
        QTest::addRow("servicefabric user-assigned")
            << QStringLiteral("servicefabric") << int(IdentitySelector::Kind::ObjectId);
        QTest::addRow("appservice2017 object id")
            << QStringLiteral("appservice2017") << int(IdentitySelector::Kind::ObjectId);
        QTest::addRow("azureml resource id") << QStringLiteral("azureml") << int(IdentitySelector::Kind::ResourceId);
        QTest::addRow("workload resource id") << QStringLiteral("workload") << int(IdentitySelector::Kind::ResourceId);
        QTest::addRow("azcli client id") << QStringLiteral("azcli") << int(IdentitySelector::Kind::ClientId);
    }

    void refusedCombinations()
    {
        QFETCH(QString, source);
        QFETCH(int, kind);
        Outcome outcome;
        run(source, configFor(source), request(kArm, IdentitySelector::Kind(kind), QStringLiteral("x")), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, QStringLiteral("identity-not-supported"));
        QVERIFY(!outcome.failure.detail.isEmpty());
        QVERIFY(outcome.failure.transcript.isEmpty()); // refused before sending anything
    }

    void errorShapes_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("thumbprint");
        QTest::addColumn<QString>("code");
        const QString nobody = QStringLiteral("00000000-dead-beef-0000-000000000000");
        QTest::addRow("imds identity not found") << QStringLiteral("imds") << kArm << nobody << QByteArray()
                                                 << QByteArray() << QStringLiteral("identity-not-found");
        QTest::addRow("appservice identity not found") << QStringLiteral("appservice") << kArm << nobody << QByteArray()
                                                       << QByteArray() << QStringLiteral("identity-not-found");
        QTest::addRow("azureml identity not found") << QStringLiteral("azureml") << kArm << nobody << QByteArray()
                                                    << QByteArray() << QStringLiteral("identity-not-found");
        QTest::addRow("imds unknown resource")
            << QStringLiteral("imds") << QStringLiteral("api://no-such-api") << QString() << QByteArray()
            << QByteArray() << QStringLiteral("unknown-resource");
        QTest::addRow("appservice unknown resource")
            << QStringLiteral("appservice") << QStringLiteral("api://no-such-api") << QString() << QByteArray()
            << QByteArray() << QStringLiteral("unknown-resource");
        QTest::addRow("cloudshell unknown resource")
            << QStringLiteral("cloudshell") << QStringLiteral("api://no-such-api") << QString() << QByteArray()
            << QByteArray() << QStringLiteral("unknown-resource");
        QTest::addRow("servicefabric unknown resource")
            << QStringLiteral("servicefabric") << QStringLiteral("api://no-such-api") << QString() << QByteArray()
            << QByteArray() << QStringLiteral("unknown-resource");
        QTest::addRow("workload unknown resource")
            << QStringLiteral("workload") << QStringLiteral("api://no-such-api") << QString() << QByteArray()
            << QByteArray() << QStringLiteral("unknown-resource");
        QTest::addRow("appservice wrong identity header")
            << QStringLiteral("appservice") << kArm << QString() << QByteArray("wrong") << QByteArray()
            << QStringLiteral("wrong-identity-header");
        QTest::addRow("appservice2017 wrong secret")
            << QStringLiteral("appservice2017") << kArm << QString() << QByteArray("wrong") << QByteArray()
            << QStringLiteral("wrong-identity-header");
        QTest::addRow("servicefabric wrong secret")
            << QStringLiteral("servicefabric") << kArm << QString() << QByteArray("wrong") << QByteArray()
            << QStringLiteral("wrong-identity-header");
        QTest::addRow("servicefabric thumbprint mismatch")
            << QStringLiteral("servicefabric") << kArm << QString() << QByteArray()
            << QByteArray("0000000000000000000000000000000000000000") << QStringLiteral("tls-thumbprint-mismatch");
        QTest::addRow("workload client without federation")
            << QStringLiteral("workload") << kArm << identity(QStringLiteral("idex-noaccess"))->clientId << QByteArray()
            << QByteArray() << QStringLiteral("federation-mismatch");
        QTest::addRow("workload unknown client") << QStringLiteral("workload") << kArm << nobody << QByteArray()
                                                 << QByteArray() << QStringLiteral("identity-not-found");
    }

    void errorShapes()
    {
        QFETCH(QString, source);
        QFETCH(QString, resource);
        QFETCH(QString, clientId);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, thumbprint);
        QFETCH(QString, code);
        SourceConfig config = configFor(source);
        config.secret = secret;
        config.thumbprint = thumbprint;
        Outcome outcome;
        run(source, config,
            request(resource,
                clientId.isEmpty() ? IdentitySelector::Kind::SystemAssigned : IdentitySelector::Kind::ClientId,
                clientId),
            &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, code);
        QVERIFY(!outcome.failure.title.isEmpty());
        QVERIFY(!outcome.failure.fix.isEmpty());
        QVERIFY(!outcome.failure.transcript.isEmpty());
        QVERIFY(outcome.retryDelays.isEmpty()); // none of these is transient
        if (!secret.isEmpty()) // the wrong secret is in memory, never in the words shown
            QVERIFY(
                !outcome.failure.toText().contains(QString::fromLatin1(m_emulator.scenario().identityHeader.toUtf8())));
    }

    void serviceFabricIdentityNotFoundIsFinal()
    {
        Fault fault;
        fault.kind = Fault::Kind::IdentityNotFound;
        fault.route = QStringLiteral("servicefabric");
        m_emulator.setFault(fault);
        Outcome outcome;
        fetch(QStringLiteral("servicefabric"), &outcome, QStringLiteral("https://vault.azure.net"));
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, QStringLiteral("identity-not-found"));
        QCOMPARE(outcome.failure.attempts, 1); // 404 from Service Fabric is not retried
    }

    void arcKeyFileOutsideTheAgentDirectoryIsRefused()
    {
        SourceConfig config = configFor(QStringLiteral("arc"));
        config.arcKeyDirectory.clear(); // the real agent's directory: the emulator's key file is elsewhere
        Outcome outcome;
        run(QStringLiteral("arc"), config, request(kArm), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, QStringLiteral("arc-key-file"));
        QVERIFY(outcome.failure.detail.contains(QLatin1String("/var/opt/azcmagent/tokens")));
        QCOMPARE(outcome.failure.transcript.size(), 1); // the key was not sent
        QVERIFY(outcome.failure.transcript.first().request.header("Authorization").isEmpty());

        config.arcAllowAnyKeyDirectory = true; // the documented relaxation for the emulator
        Outcome relaxed;
        run(QStringLiteral("arc"), config, request(kArm), &relaxed);
        QVERIFY2(relaxed.ok, qPrintable(relaxed.failure.toText()));
    }

    void arcKeyIsRedactedInTheTranscript()
    {
        Outcome outcome;
        fetch(QStringLiteral("arc"), &outcome);
        QVERIFY(outcome.ok);
        const HttpExchange &keyed = outcome.token.transcript.last();
        const QByteArray key = keyed.request.header("Authorization").mid(6);
        QVERIFY(!key.isEmpty());
        QVERIFY(!formatTranscript(outcome.token.transcript).contains(QString::fromLatin1(key)));
        QVERIFY(!formatTranscript(outcome.token.transcript).contains(outcome.token.accessToken));
    }

    void missingMetadataHeaderIsExplained()
    {
        HttpRequest bare;
        bare.url = QUrl(m_emulator.baseUrl().toString()
            + QStringLiteral(
                "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/"));
        const HttpExchange exchange = m_http.sendAndWait(bare);
        QCOMPARE(exchange.response.status, 400);
        const TokenFailure failure = explainFailure(QStringLiteral("imds"), exchange);
        QCOMPARE(failure.code, QStringLiteral("missing-metadata-header"));
        QVERIFY(failure.fix.contains(QLatin1String("Metadata: true")));
    }

    void connectionRefused_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("code");
        QTest::addRow("emulator") << QStringLiteral("emulator") << QStringLiteral("connection-refused");
        QTest::addRow("appservice") << QStringLiteral("appservice") << QStringLiteral("connection-refused");
        QTest::addRow("imds") << QStringLiteral("imds") << QStringLiteral("no-managed-identity");
        QTest::addRow("auto falling back to imds") << QStringLiteral("auto") << QStringLiteral("no-managed-identity");
    }

    void connectionRefused()
    {
        QFETCH(QString, source);
        QFETCH(QString, code);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString closed = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        SourceConfig config;
        config.secret = "s";
        if (source == QLatin1String("auto")) // nothing detected: IMDS, redirected to a closed loopback port
            config.environment.insert(QStringLiteral("AZURE_POD_IDENTITY_AUTHORITY_HOST"), closed);
        else
            config.endpoint = QUrl(closed + QStringLiteral("/msi/token"));
        Outcome outcome;
        run(source, config, request(kArm), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, code);
        QVERIFY(!outcome.failure.fix.isEmpty());
    }

    void timeoutIsExplained()
    {
        QTcpServer silent; // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        SourceConfig config;
        config.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
        config.timeout = std::chrono::milliseconds(300);
        Outcome outcome;
        run(QStringLiteral("emulator"), config, request(kArm), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, QStringLiteral("timeout"));
        QCOMPARE(outcome.failure.transcript.size(), 1);
        QCOMPARE(outcome.failure.transcript.first().response.failure, HttpFailure::Timeout);
    }

    void imdsGoneWindowRecovers()
    {
        Fault fault;
        fault.kind = Fault::Kind::UpgradeWindow;
        fault.route = QStringLiteral("imds");
        fault.windowSeconds = 1; // the real window is up to 70 s; scaled retries (10 s -> 300 ms) outlast 1 s
        m_emulator.setFault(fault);
        SourceConfig config = configFor(QStringLiteral("imds"));
        config.retryTimeScale = 0.03;
        Outcome outcome;
        run(QStringLiteral("imds"), config, request(kArm), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        QVERIFY(outcome.retryDelays.size() >= 1 && outcome.retryDelays.size() <= 7);
        QCOMPARE(outcome.token.transcript.first().response.status, 410);
        QCOMPARE(outcome.token.transcript.last().response.status, 200);
        for (const QString &reason : std::as_const(outcome.retryReasons))
            QVERIFY2(reason.contains(QLatin1String("of 7 in 10 s")), qPrintable(reason));
        QVERIFY(outcome.token.transcript.first().note.contains(QLatin1String("410")));
    }

    void imdsGoneBeyondSeventySecondsFails()
    {
        failNext(QStringLiteral("imds"), 410, 8);
        Outcome outcome;
        fetch(QStringLiteral("imds"), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, QStringLiteral("imds-updating"));
        QCOMPARE(outcome.failure.attempts, 8);
        QCOMPARE(outcome.retryDelays, (QList<qint64> { 10, 10, 10, 10, 10, 10, 10 })); // 7 x 10 s, scaled by 0.001
    }

    void throttlingHonoursRetryAfter()
    {
        Fault fault;
        fault.kind = Fault::Kind::Throttle;
        fault.retryAfterSeconds = 3;
        fault.count = 1;
        fault.route = QStringLiteral("appservice");
        m_emulator.setFault(fault);
        Outcome outcome;
        fetch(QStringLiteral("appservice"), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        QCOMPARE(outcome.token.transcript.size(), 2);
        QCOMPARE(outcome.token.transcript.first().response.status, 429);
        QCOMPARE(outcome.retryDelays, QList<qint64> { 3 }); // Retry-After 3 s, scaled by 0.001
        QVERIFY2(outcome.retryReasons.first().contains(QLatin1String("Retry-After 3 s")),
            qPrintable(outcome.retryReasons.first()));
    }

    void serverErrorsAreRetriedWithBackOff()
    {
        failNext(QStringLiteral("imds"), 500, 2);
        Outcome outcome;
        fetch(QStringLiteral("imds"), &outcome);
        QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
        QCOMPARE(outcome.token.transcript.size(), 3);
        QCOMPARE(outcome.retryDelays, (QList<qint64> { 1, 2 })); // 1 s, 2 s scaled

        failNext(QStringLiteral("imds"), 500, 10);
        Outcome exhausted;
        fetch(QStringLiteral("imds"), &exhausted);
        QVERIFY(!exhausted.ok);
        QCOMPARE(exhausted.failure.code, QStringLiteral("server-error"));
        QCOMPARE(exhausted.failure.attempts, 4); // first try + 3 retries at 1, 2, 4 s
        QVERIFY(exhausted.failure.detail.contains(QLatin1String("after 3 retries")));
    }

    void nonRetriedStatusFailsAtOnce()
    {
        failNext(QStringLiteral("appservice"), 502, 1); // not in the App Service list (404, 408, 429, 500, 503, 504)
        Outcome outcome;
        fetch(QStringLiteral("appservice"), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.attempts, 1);
        QCOMPARE(outcome.failure.code, QStringLiteral("server-error"));
    }

    void cancelDuringRetryWait()
    {
        failNext(QStringLiteral("imds"), 410, 8);
        SourceConfig config = configFor(QStringLiteral("imds"));
        config.retryTimeScale = 1.0; // a real 10 s wait: only cancel can end it quickly
        Outcome outcome;
        quint64 requestsAtCancel = 0;
        run(QStringLiteral("imds"), config, request(kArm), &outcome, [&](TokenSource *source) {
            QTRY_COMPARE_WITH_TIMEOUT(outcome.retryDelays.size(), 1, 10000);
            QCOMPARE(outcome.retryDelays.first(), qint64(10000));
            requestsAtCancel = m_emulator.requestCount();
            source->cancel();
        });
        QVERIFY(!outcome.ok);
        QVERIFY(outcome.failure.isCanceled());
        QCOMPARE(outcome.failure.transcript.size(), 1);
        QCOMPARE(m_emulator.requestCount(), requestsAtCancel);
    }

    void cancelInFlight()
    {
        Fault fault;
        fault.kind = Fault::Kind::Latency;
        fault.latencyMs = 5000;
        fault.route = QStringLiteral("imds");
        m_emulator.setFault(fault);
        Outcome outcome;
        run(QStringLiteral("emulator"), configFor(QStringLiteral("emulator")), request(kArm), &outcome,
            [](TokenSource *source) { source->cancel(); });
        QVERIFY(!outcome.ok);
        QVERIFY(outcome.failure.isCanceled());
    }

    void missingEnvironmentIsExplained_data()
    {
        QTest::addColumn<QString>("source");
        for (const char *id : { "appservice", "appservice2017", "azureml", "cloudshell", "servicefabric", "workload" })
            QTest::addRow("%s", id) << QString::fromLatin1(id);
        QTest::addRow("emulator") << QStringLiteral("emulator");
    }

    void missingEnvironmentIsExplained()
    {
        QFETCH(QString, source);
        Outcome outcome;
        run(source, SourceConfig { QProcessEnvironment() }, request(kArm), &outcome);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.failure.code == QLatin1String("not-configured")
                || outcome.failure.code == QLatin1String("emulator-not-running"),
            qPrintable(outcome.failure.code));
        QVERIFY(!outcome.failure.fix.isEmpty());
        QVERIFY(outcome.failure.transcript.isEmpty()); // nothing was sent
    }

    void wrongEndpointAnswersAreExplained_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addRow("a web page") << QByteArray("<html><body>Welcome</body></html>")
                                    << QStringLiteral("bad-response");
        QTest::addRow("JSON without a token") << QByteArray("{\"status\":\"ok\"}") << QStringLiteral("bad-response");
        QTest::addRow("far too large") << QByteArray(3 * 1024 * 1024, 'x') << QStringLiteral("response-too-large");
    }

    void wrongEndpointAnswersAreExplained()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QHttpServer server; // not a managed identity endpoint: answers 200 with something else
        server.route(QStringLiteral("/metadata/identity/oauth2/token"), [body] { return body; });
        const quint16 port = server.listen(QHostAddress::LocalHost);
        QVERIFY(port > 0);
        SourceConfig config;
        config.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        Outcome outcome;
        run(QStringLiteral("emulator"), config, request(kArm), &outcome);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.failure.code, code);
        QVERIFY(!outcome.failure.fix.isEmpty());
    }

    void pastedToken()
    {
        QString error;
        const QString issued = m_emulator.issueToken(
            QStringLiteral("caller-func"), QStringLiteral("https://management.azure.com/"), &error);
        QVERIFY2(!issued.isEmpty(), qPrintable(error));
        SourceConfig config;
        config.pastedToken = QStringLiteral("Bearer ") + issued + u'\n';
        Outcome outcome;
        run(QStringLiteral("pasted"), config, request(QString()), &outcome);
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.token.accessToken, issued);
        QVERIFY(outcome.token.transcript.isEmpty());

        config.pastedToken = QStringLiteral("{\"not\":\"a token\"}");
        Outcome bad;
        run(QStringLiteral("pasted"), config, request(QString()), &bad);
        QVERIFY(!bad.ok);
        QCOMPARE(bad.failure.code, QStringLiteral("not-a-token"));
    }

    void azureCli_data()
    {
        QTest::addColumn<QString>("script"); // empty: no az at all
        QTest::addColumn<QString>("code"); // empty: success
        QTest::addRow("not installed") << QString() << QStringLiteral("az-not-installed");
        QTest::addRow("signed in") << QStringLiteral(
            "echo "
            "'{\"accessToken\":\"eyJhbGciOi.eyJhdWQiOi.c2ln\",\"expires_on\":4102444800,\"tokenType\":\"Bearer\"}'")
                                   << QString();
        QTest::addRow("not signed in") << QStringLiteral(
            "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1")
                                       << QStringLiteral("az-not-signed-in");
    }

    void azureCli()
    {
        QFETCH(QString, script);
        QFETCH(QString, code);
        QTemporaryDir dir;
        SourceConfig config;
        config.azProgram = dir.filePath(QStringLiteral("az"));
        if (!script.isEmpty()) {
            QFile file(config.azProgram);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\n" + script.toUtf8() + "\n");
            file.close();
            file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        Outcome outcome;
        run(QStringLiteral("azcli"), config, request(kArm), &outcome);
        if (code.isEmpty()) {
            QVERIFY2(outcome.ok, qPrintable(outcome.failure.toText()));
            QCOMPARE(outcome.token.accessToken, QStringLiteral("eyJhbGciOi.eyJhdWQiOi.c2ln"));
            QCOMPARE(outcome.token.expiresOn, QDateTime::fromSecsSinceEpoch(4102444800, Qt::UTC));
        } else {
            QVERIFY(!outcome.ok);
            QCOMPARE(outcome.failure.code, code);
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenSources)
#include "test_tokensources.moc"
