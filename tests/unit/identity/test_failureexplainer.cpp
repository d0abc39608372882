// Failure explanations for the answers real Azure endpoints give (spellings from the SDKs and Microsoft's docs),
// independent of the emulator's own wording.
#include "identity/failureexplainer.h"

#include <QTest>

using namespace idex;

namespace {
HttpExchange answered(int status, const QByteArray &body)
{
    HttpExchange exchange;
    exchange.request.url
        = QUrl(QStringLiteral("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"));
    exchange.response.status = status;
    exchange.response.body = body;
    return exchange;
}

HttpExchange transport(HttpFailure failure, const QStringList &tlsErrors = {})
{
    HttpExchange exchange;
    exchange.request.url = QUrl(QStringLiteral("https://127.0.0.1:2377/metadata/identity/oauth2/token"));
    exchange.response.failure = failure;
    exchange.response.error = QStringLiteral("transport error");
    exchange.response.tlsErrors = tlsErrors;
    return exchange;
}
} // namespace

class TestFailureExplainer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void explains_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<HttpExchange>("exchange");
        QTest::addColumn<QString>("code");
        QTest::addRow("IMDS identity not found")
            << QStringLiteral("imds")
            << answered(400, "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}")
            << QStringLiteral("identity-not-found");
        QTest::addRow("IMDS missing Metadata")
            << QStringLiteral("imds")
            << answered(400,
                   "{\"error\":\"bad_request_102\",\"error_description\":\"Required metadata header not specified\"}")
            << QStringLiteral("missing-metadata-header");
        QTest::addRow("IMDS unknown resource")
            << QStringLiteral("imds")
            << answered(400,
                   "{\"error\":\"invalid_resource\",\"error_description\":\"AADSTS500011: The resource principal named "
                   "api://x was not found in the tenant\"}")
            << QStringLiteral("unknown-resource");
        QTest::addRow("App Service user-assigned not found")
            << QStringLiteral("appservice")
            << answered(400,
                   "{\"statusCode\":400,\"message\":\"No User Assigned or Delegated Managed Identity found for "
                   "specified ClientId/ResourceId/PrincipalId.\",\"correlationId\":\"c\"}")
            << QStringLiteral("identity-not-found");
        QTest::addRow("App Service 500") << QStringLiteral("appservice")
                                         << answered(500,
                                                "{\"statusCode\":500,\"message\":\"An unexpected error occured while "
                                                "fetching the AAD Token.\",\"correlationId\":\"c\"}")
                                         << QStringLiteral("server-error");
        QTest::addRow("App Service wrong header (401)")
            << QStringLiteral("appservice") << answered(401, "") << QStringLiteral("wrong-identity-header");
        QTest::addRow("Service Fabric no secret")
            << QStringLiteral("servicefabric")
            << answered(401,
                   "{\"error\":{\"correlationId\":\"c\",\"code\":\"SecretHeaderNotFound\",\"message\":\"Secret is not "
                   "found in the request headers.\"}}")
            << QStringLiteral("wrong-identity-header");
        QTest::addRow("Service Fabric identity not found")
            << QStringLiteral("servicefabric")
            << answered(404, "{\"error\":{\"code\":\"ManagedIdentityNotFound\",\"message\":\"x\"}}")
            << QStringLiteral("identity-not-found");
        QTest::addRow("Cloud Shell audience") << QStringLiteral("cloudshell")
                                              << answered(400,
                                                     "{\"error\":{\"code\":\"AudienceNotSupported\",\"message\":"
                                                     "\"Audience x is not a supported MSI token audience.\"}}")
                                              << QStringLiteral("unknown-resource");
        QTest::addRow("workload federation")
            << QStringLiteral("workload")
            << answered(400,
                   "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS70021: No matching federated identity "
                   "record found for presented assertion.\"}")
            << QStringLiteral("federation-mismatch");
        QTest::addRow("IMDS 410 after retries")
            << QStringLiteral("imds") << answered(410, "") << QStringLiteral("imds-updating");
        QTest::addRow("throttled") << QStringLiteral("appservice") << answered(429, "") << QStringLiteral("throttled");
        QTest::addRow("api-version")
            << QStringLiteral("appservice2017")
            << answered(400, "{\"statusCode\":400,\"message\":\"api-version '2019-08-01' is not supported\"}")
            << QStringLiteral("bad-api-version");
        QTest::addRow("Arc refused key") << QStringLiteral("arc")
                                         << answered(401, "{\"error\":\"unauthorized_client\"}")
                                         << QStringLiteral("arc-challenge-refused");
        QTest::addRow("imds refused") << QStringLiteral("imds") << transport(HttpFailure::ConnectionRefused)
                                      << QStringLiteral("no-managed-identity");
        QTest::addRow("appservice refused") << QStringLiteral("appservice") << transport(HttpFailure::ConnectionRefused)
                                            << QStringLiteral("connection-refused");
        QTest::addRow("timeout") << QStringLiteral("imds") << transport(HttpFailure::Timeout)
                                 << QStringLiteral("timeout");
        QTest::addRow("thumbprint") << QStringLiteral("servicefabric")
                                    << transport(HttpFailure::Tls,
                                           { QStringLiteral("The certificate is self-signed, and untrusted"),
                                               QStringLiteral(
                                                   "Certificate thumbprint AB does not match the pinned CD") })
                                    << QStringLiteral("tls-thumbprint-mismatch");
        QTest::addRow("untrusted, no pin")
            << QStringLiteral("servicefabric")
            << transport(HttpFailure::Tls, { QStringLiteral("The certificate is self-signed, and untrusted") })
            << QStringLiteral("tls-error");
        QTest::addRow("host not found") << QStringLiteral("appservice") << transport(HttpFailure::HostNotFound)
                                        << QStringLiteral("host-not-found");
    }

    void explains()
    {
        QFETCH(QString, source);
        QFETCH(HttpExchange, exchange);
        QFETCH(QString, code);
        const TokenFailure failure = explainFailure(source, exchange);
        QCOMPARE(failure.code, code);
        QVERIFY(!failure.title.isEmpty());
        QVERIFY(!failure.fix.isEmpty());
        QVERIFY(!failure.detail.isEmpty());
    }

    void errorTextIsRedactedAndShort()
    {
        const QByteArray jwt = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        const QString text
            = endpointErrorText("{\"error\":\"x\",\"error_description\":\"token " + jwt + " rejected\"}");
        QVERIFY(!text.contains(QString::fromLatin1(jwt)));
        QVERIFY(text.contains(QLatin1String("[JWT, ")));
        QVERIFY(endpointErrorText(QByteArray(5000, 'a')).size() <= 401);
    }
};

QTEST_GUILESS_MAIN(TestFailureExplainer)
#include "test_failureexplainer.moc"
