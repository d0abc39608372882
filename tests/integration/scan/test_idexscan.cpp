// `idex scan` as a user runs it on real captures: a HAR file as browsers' dev tools save it, a `curl -v` trace and
// App Service log lines, each carrying real tokens minted by the emulator over loopback. One row per distinct
// token, never the token itself; signatures checked against the emulator's JWKS saved to a file; names from a
// directory snapshot.
#include "directory/directory.h"
#include "directory/snapshot.h"
#include "emulatortestsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;
using namespace idex::emulator;
using namespace idex::emulator::testing;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run runIdex(const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(IDEX_BINARY), args);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
}

QByteArray part(const QByteArray &token, int index)
{
    return token.split('.').value(index);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray har(const QByteArray &token, const QByteArray &tokenAnswer)
{
    // The shape Chrome and Firefox save: entries with request headers and the response content as a JSON string.
    QJsonObject entry {
        { "startedDateTime", "2026-12-01T10:00:00.000Z" },
        { "request",
            QJsonObject { { "method", "GET" }, { "url", "https://api.contoso.example/orders" },
                { "headers",
                    QJsonArray { QJsonObject { { "name", "Authorization" },
                                     { "value", QString("Bearer " + QString::fromLatin1(token)) } },
                        QJsonObject { { "name", "Accept" }, { "value", "application/json" } } } } } },
        { "response",
            QJsonObject { { "status", 200 },
                { "content",
                    QJsonObject { { "mimeType", "application/json" }, { "text", QString::fromUtf8(tokenAnswer) } } } } }
    };
    return QJsonDocument(
        QJsonObject { { "log", QJsonObject { { "version", "1.2" }, { "entries", QJsonArray { entry } } } } })
        .toJson(QJsonDocument::Indented);
}

QByteArray curlTrace(const QByteArray &token)
{
    return "*   Trying 127.0.0.1:8080...\n* Connected to api.contoso.example (127.0.0.1) port 8080 (#0)\n"
           "> GET /orders HTTP/1.1\r\n> Host: api.contoso.example\r\n> User-Agent: curl/7.88.1\r\n"
           "> Authorization: Bearer "
        + token
        + "\r\n> Accept: */*\r\n>\r\n< HTTP/1.1 401 Unauthorized\r\n"
          "< WWW-Authenticate: Bearer error=\"invalid_token\"\r\n<\r\n* Connection #0 left intact\n";
}

QByteArray appServiceLog(const QByteArray &token, const QByteArray &other)
{
    return "2026-12-01T10:00:01.123Z INFO  - Starting container for site contoso-api\n"
           "2026-12-01 10:00:02.456 +00:00 [Information] Microsoft.AspNetCore.Hosting.Diagnostics: Request starting "
           "HTTP/1.1 GET http://contoso-api.azurewebsites.net/orders?access_token="
        + token + " - -\n2026-12-01 10:00:02.460 +00:00 [Debug] JwtBearerHandler: Received token: " + token
        + "\n2026-12-01 10:00:03.001 +00:00 [Warning] Outgoing call with x-ms-token-aad-access-token=" + other
        + "; retrying\n2026-12-01 10:00:03.002 +00:00 [Information] done\n";
}

} // namespace

class TestIdexScan : public QObject
{
    Q_OBJECT
private:
    Emulator m_emulator;
    HttpClient m_client;
    QTemporaryDir m_dir;
    QByteArray m_vaultToken, m_graphToken, m_vaultAnswer;
    QString m_jwksFile, m_snapshotFile;

    QByteArray imdsAnswer(const QString &resource)
    {
        const Answer a = send(m_client, "GET",
            url(m_emulator, QStringLiteral("/metadata/identity/oauth2/token"),
                { { QStringLiteral("api-version"), QStringLiteral("2018-02-01") },
                    { QStringLiteral("resource"), resource } }),
            { { "Metadata", "true" } });
        return a.status == 200 ? a.body : QByteArray();
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(EmulatorOptions {}, &error), qPrintable(error));
        QVERIFY(m_dir.isValid());
        m_vaultAnswer = imdsAnswer(QStringLiteral("https://vault.azure.net"));
        m_vaultToken = QJsonDocument::fromJson(m_vaultAnswer).object().value("access_token").toString().toLatin1();
        m_graphToken = QJsonDocument::fromJson(imdsAnswer(QStringLiteral("https://graph.microsoft.com")))
                           .object()
                           .value("access_token")
                           .toString()
                           .toLatin1();
        QVERIFY(m_vaultToken.startsWith("eyJ"));
        QVERIFY(m_graphToken.startsWith("eyJ"));
        const Answer keys = send(m_client, "GET", m_emulator.jwksUrl(1));
        QCOMPARE(keys.status, 200);
        m_jwksFile = path(QStringLiteral("keys.json"));
        QVERIFY(writeFile(m_jwksFile, keys.body));

        // A snapshot naming the system-assigned identity and the vault's service principal.
        const Identity *system = m_emulator.scenario().systemIdentity();
        QVERIFY(system);
        Directory directory;
        idex::ServicePrincipal mi;
        mi.id = system->principalId;
        mi.appId = system->clientId;
        mi.displayName = QStringLiteral("orders-vm (system-assigned)");
        mi.servicePrincipalType = QStringLiteral("ManagedIdentity");
        directory.addServicePrincipal(mi);
        idex::ServicePrincipal vault;
        vault.id = QStringLiteral("5b3b2b87-6b0a-4b7e-9c53-5d7f0a3f2a11");
        vault.appId = QStringLiteral("cfa8b339-82a2-471a-a3c9-0fc0be7a4093");
        vault.displayName = QStringLiteral("Azure Key Vault");
        vault.servicePrincipalNames = { QStringLiteral("https://vault.azure.net") };
        directory.addServicePrincipal(vault);
        m_snapshotFile = path(QStringLiteral("directory.json"));
        QVERIFY2(snapshot::writeFile(m_snapshotFile, directory, &error), qPrintable(error));
    }

    void harFileGivesOneRowPerDistinctToken()
    {
        // The vault token is in the Authorization header and, JSON-escaped inside a string, in the token answer.
        QVERIFY(writeFile(path("capture.har"), har(m_vaultToken, m_vaultAnswer)));
        const Run run = runIdex({ "scan", "--json", "--jwks", m_jwksFile, path("capture.har") });
        QCOMPARE(run.exitCode, 0);
        const QJsonArray tokens = run.json().value("tokens").toArray();
        QCOMPARE(tokens.size(), 1);
        const QJsonObject t = tokens.first().toObject();
        QCOMPARE(t.value("occurrences").toInt(), 2);
        QCOMPARE(t.value("audience").toString(), QStringLiteral("https://vault.azure.net"));
        QCOMPARE(t.value("clientId").toString(), m_emulator.scenario().systemIdentity()->clientId);
        QCOMPARE(t.value("signature").toObject().value("status").toString(), QStringLiteral("valid"));
        QVERIFY(t.value("token").toString().startsWith(QStringLiteral("[JWT, ")));
        QVERIFY(!run.out.contains(part(m_vaultToken, 1)));
        QVERIFY(!run.out.contains(part(m_vaultToken, 2)));
    }

    void curlTraceFromStandardInput()
    {
        const Run run = runIdex({ "scan", "--json", "-" }, curlTrace(m_graphToken));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = run.json();
        QCOMPARE(report.value("source").toString(), QStringLiteral("standard input"));
        const QJsonArray tokens = report.value("tokens").toArray();
        QCOMPARE(tokens.size(), 1);
        const QJsonObject t = tokens.first().toObject();
        QCOMPARE(t.value("firstLine").toInt(), 6);
        QCOMPARE(t.value("audience").toString(), QStringLiteral("https://graph.microsoft.com"));
        QCOMPARE(t.value("signature").toObject().value("checked").toBool(), false);
        QVERIFY(!run.out.contains(part(m_graphToken, 2)));
    }

    void appServiceLogNamesCallersAndCatchesForgeries()
    {
        // The vault token twice, and a copy of the graph token whose payload was edited (roles added): the same
        // signature over other bytes must show as invalid, never valid.
        QJsonObject header, claims;
        QVERIFY(decodeJwt(QString::fromLatin1(m_graphToken), &header, &claims));
        claims.insert("roles", QJsonArray { "Directory.ReadWrite.All" });
        const QByteArray forged = part(m_graphToken, 0) + '.'
            + QJsonDocument(claims)
                  .toJson(QJsonDocument::Compact)
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + part(m_graphToken, 2);
        QVERIFY(writeFile(path("app.log"), appServiceLog(m_vaultToken, forged)));
        const Run run
            = runIdex({ "scan", "--json", "--jwks", m_jwksFile, "--directory", m_snapshotFile, path("app.log") });
        QCOMPARE(run.exitCode, 0);
        const QJsonArray tokens = run.json().value("tokens").toArray();
        QCOMPARE(tokens.size(), 2);
        const QJsonObject vault = tokens.at(0).toObject();
        QCOMPARE(vault.value("occurrences").toInt(), 2);
        QCOMPARE(vault.value("firstLine").toInt(), 2);
        QCOMPARE(vault.value("clientName").toString(), QStringLiteral("orders-vm (system-assigned)"));
        QCOMPARE(vault.value("audienceName").toString(), QStringLiteral("Azure Key Vault"));
        QCOMPARE(vault.value("signature").toObject().value("status").toString(), QStringLiteral("valid"));
        const QJsonObject edited = tokens.at(1).toObject();
        QCOMPARE(edited.value("firstLine").toInt(), 4);
        QCOMPARE(edited.value("roles").toArray(), QJsonArray { "Directory.ReadWrite.All" });
        QCOMPARE(edited.value("signature").toObject().value("status").toString(), QStringLiteral("invalid"));

        // The text form: one row per token, masked, with the names.
        const Run text = runIdex({ "scan", "--jwks", m_jwksFile, "--directory", m_snapshotFile, path("app.log") });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("orders-vm (system-assigned)"), text.out.constData());
        QVERIFY(text.out.contains("[JWT, "));
        QVERIFY(text.out.contains("2 distinct token(s), 3 occurrence(s) in 5 line(s)"));
        QVERIFY(!text.out.contains(part(m_vaultToken, 2)));
        QVERIFY(!text.out.contains(part(forged, 1)));
    }

    void expiredTokensAreFlagged()
    {
        Fault f;
        f.kind = Fault::Kind::ExpiredToken;
        f.route = QStringLiteral("imds");
        m_emulator.setFault(f);
        const QByteArray expired = QJsonDocument::fromJson(imdsAnswer(QStringLiteral("https://storage.azure.com")))
                                       .object()
                                       .value("access_token")
                                       .toString()
                                       .toLatin1();
        m_emulator.clearFaults();
        QVERIFY(expired.startsWith("eyJ"));
        const Run run = runIdex({ "scan", "--json", "-" }, "token=" + expired + "\n");
        const QJsonObject t = run.json().value("tokens").toArray().first().toObject();
        QCOMPARE(t.value("expired").toBool(), true);
        bool flagged = false;
        for (const QJsonValue &finding : t.value("findings").toArray())
            flagged = flagged || finding.toObject().value("code").toString().contains(QStringLiteral("expired"));
        QVERIFY2(flagged, QJsonDocument(t.value("findings").toArray()).toJson().constData());
    }

    void unusableInputIsAClearError()
    {
        const Run missing = runIdex({ "scan", path("no-such.log") });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no-such.log"));
        const Run device = runIdex({ "scan", "/dev/zero" });
        QCOMPARE(device.exitCode, 2);
        const Run badKeys = runIdex({ "scan", "--jwks", path("no-keys.json"), "-" }, "nothing");
        QCOMPARE(badKeys.exitCode, 2);
        QVERIFY(badKeys.err.contains("--jwks"));
        const Run none = runIdex({ "scan", "-" }, QByteArray("no token here\n\x00\xff binary", 24));
        QCOMPARE(none.exitCode, 0);
        QVERIFY(none.out.contains("0 distinct token(s)"));
    }
};

QTEST_MAIN(TestIdexScan)
#include "test_idexscan.moc"
