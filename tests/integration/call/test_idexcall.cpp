// `idex call` as a user runs it: the real binary, against the emulator running in this test process over loopback.
#include "emulatorfixture.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace idex;
using namespace idex::testing;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QStringList findingCodes(const QJsonObject &report)
{
    QStringList codes;
    for (const QJsonValue &finding : report.value(QLatin1String("findings")).toArray())
        codes.append(finding.toObject().value(QLatin1String("code")).toString());
    return codes;
}

} // namespace

class TestIdexCall : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        m_facts = seedFacts(m_emulator.scenario());
        QVERIFY(m_facts.function);
        m_url = m_emulator.baseUrl().resolved(QUrl(m_facts.function->path)).toString();
    }

    void init() { m_emulator.clearFaults(); }

    void rightTokenGives200AndClaims()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        QVERIFY(!token.isEmpty());
        const Run run = idex({ m_url, QStringLiteral("--token"), token, QStringLiteral("--json") });
        QCOMPARE(run.exitCode, 0);
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QLatin1String("status")).toInt(), 200);
        const QJsonObject body
            = report.value(QLatin1String("response")).toObject().value(QLatin1String("body")).toObject();
        QVERIFY(body.value(QLatin1String("claims"))
                    .toObject()
                    .value(QLatin1String("roles"))
                    .toArray()
                    .contains(QJsonValue(m_facts.requiredRole)));
        QVERIFY(findingCodes(report).contains(QStringLiteral("call-succeeded")));
        QVERIFY2(!run.out.contains(token.toLatin1()), "the token must not be printed");
    }

    void textReportIsRedacted()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        const Run run = idex({ m_url, QStringLiteral("--token"), token });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("HTTP 200 OK"));
        // The mask shows the kind and the length of the token, none of its characters.
        QVERIFY(run.out.contains("Authorization: Bearer [JWT, "));
        QVERIFY(!run.out.contains(token.left(12).toLatin1()));
        QVERIFY(!run.out.contains(token.toLatin1()));
        QVERIFY(run.out.contains("[info] call-succeeded"));
    }

    void tokenFromStandardInput()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        const Run run = idex({ m_url, QStringLiteral("--token"), QStringLiteral("-"), QStringLiteral("--json") },
            token.toLatin1() + '\n');
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json().value(QLatin1String("status")).toInt(), 200);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<bool>("noAccessIdentity");
        QTest::addColumn<bool>("expired");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addRow("wrong audience") << QStringLiteral("https://management.azure.com/") << false << false << 401
                                        << QStringLiteral("call-audience-rejected");
        QTest::addRow("no assignment") << QString() << true << false << 403 << QStringLiteral("call-missing-role");
        QTest::addRow("expired") << QString() << false << true << 401 << QStringLiteral("call-token-expired");
    }

    void refusals()
    {
        QFETCH(QString, resource);
        QFETCH(bool, noAccessIdentity);
        QFETCH(bool, expired);
        QFETCH(int, status);
        QFETCH(QString, code);
        if (expired) {
            emulator::Fault fault;
            fault.kind = emulator::Fault::Kind::ExpiredToken;
            fault.route = QStringLiteral("imds");
            m_emulator.setFault(fault);
        }
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), resource.isEmpty() ? m_facts.audience : resource,
            noAccessIdentity ? m_facts.noAccessClientId : QString());
        QVERIFY(!token.isEmpty());
        const Run run = idex({ m_url, QStringLiteral("--token"), token, QStringLiteral("--json") });
        QCOMPARE(run.exitCode, 1);
        const QJsonObject report = run.json();
        QCOMPARE(report.value(QLatin1String("status")).toInt(), status);
        QVERIFY2(findingCodes(report).contains(code), qPrintable(findingCodes(report).join(u',')));
    }

    void tokenFromSource()
    {
        // The token comes from the emulator's IMDS through the token sources (`--source emulator`), then the call.
        const Run ok = idex({ m_url, QStringLiteral("--source"), QStringLiteral("emulator"),
            QStringLiteral("--endpoint"), m_emulator.baseUrl().toString(), QStringLiteral("--resource"),
            m_facts.audience, QStringLiteral("--json") });
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QCOMPARE(ok.json().value(QLatin1String("status")).toInt(), 200);

        const Run denied = idex({ m_url, QStringLiteral("--source"), QStringLiteral("emulator"),
            QStringLiteral("--endpoint"), m_emulator.baseUrl().toString(), QStringLiteral("--resource"),
            m_facts.audience, QStringLiteral("--client-id"), m_facts.noAccessClientId, QStringLiteral("--json") });
        QCOMPARE(denied.exitCode, 1);
        QVERIFY(findingCodes(denied.json()).contains(QStringLiteral("call-missing-role")));
    }

    void printCurlWithoutSending()
    {
        const QString token = imdsToken(m_http, m_emulator.baseUrl(), m_facts.audience);
        const quint64 before = m_emulator.requestCount();
        const Run redacted
            = idex({ m_url, QStringLiteral("--token"), token, QStringLiteral("--print"), QStringLiteral("curl") });
        QCOMPARE(redacted.exitCode, 0);
        QVERIFY(redacted.out.contains("Authorization: Bearer $TOKEN"));
        QVERIFY(!redacted.out.contains(token.toLatin1()));
        const Run raw = idex({ m_url, QStringLiteral("--token"), token, QStringLiteral("--print"),
            QStringLiteral("powershell"), QStringLiteral("--raw-token") });
        QVERIFY(raw.out.contains("Invoke-RestMethod"));
        QVERIFY(raw.out.contains(token.toLatin1()));
        QCOMPARE(m_emulator.requestCount(), before); // nothing was sent
    }

    // Attack of issue 11: the body in `idex call --json` (and the text report) was not redacted, nor were header
    // values off a short list. A loopback server answers secrets in JSON, form text and binary bodies.
    void outputsAreRedactedUnlessAsked_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("json")
            << QByteArray("application/json")
            << QByteArray("{\n \"client_secret\" : \"CSVALUE0123\",\n \"nested\": {\"password\": \"PWVALUE0123\"}}");
        QTest::addRow("form text") << QByteArray("text/plain")
                                   << QByteArray("client_secret=CSVALUE0123 \nrefresh_token=PWVALUE0123");
        QTest::addRow("binary") << QByteArray("application/octet-stream")
                                << QByteArray("\x00\x01password=PWVALUE0123&client_secret=CSVALUE0123\xff", 49);
    }
    void outputsAreRedactedUnlessAsked()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QHttpServer server;
        server.route(QStringLiteral("/answer"), [&] {
            QHttpServerResponse response(contentType, body);
            response.addHeader("Set-Cookie", "session=COOKIEVALUE0123; Path=/");
            response.addHeader("x-api-key", "APIKEYVALUE0123");
            return response;
        });
        const quint16 port = server.listen(QHostAddress::LocalHost);
        QVERIFY(port > 0);
        const QStringList call { QStringLiteral("http://127.0.0.1:%1/answer?code=FUNCKEYVALUE0123").arg(port),
            QStringLiteral("-H"), QStringLiteral("x-api-key: HDRKEYVALUE0123") };
        const QList<QByteArray> secrets = { "CSVALUE0123", "PWVALUE0123", "COOKIEVALUE0123", "APIKEYVALUE0123",
            "FUNCKEYVALUE0123", "HDRKEYVALUE0123" };
        const auto bodyOf = [](const Run &run) {
            const QJsonObject response = run.json().value(QLatin1String("response")).toObject();
            const QJsonValue value = response.value(QLatin1String("body"));
            if (response.value(QLatin1String("bodyEncoding")).toString() == QLatin1String("base64"))
                return QByteArray::fromBase64(value.toString().toLatin1());
            return value.isString() ? value.toString().toUtf8() : QJsonDocument(value.toObject()).toJson();
        };

        for (const QStringList &format : { QStringList { QStringLiteral("--json") }, QStringList {} }) {
            const Run run = idex(call + format);
            QCOMPARE(run.exitCode, 0);
            for (const QByteArray &secret : secrets) {
                QVERIFY2(!run.out.contains(secret), run.out.constData());
                QVERIFY2(!run.err.contains(secret), run.err.constData());
            }
            QVERIFY2(run.out.contains("session=[secret, 15 chars]"), run.out.constData());
            if (!format.isEmpty()) {
                const QByteArray shownBody = bodyOf(run);
                QVERIFY2(shownBody.contains("[secret, 11 chars]"), shownBody.constData());
                QVERIFY(!shownBody.contains("PWVALUE0123"));
            }
        }

        const Run shown = idex(call + QStringList { QStringLiteral("--json"), QStringLiteral("--show-secrets") });
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(bodyOf(shown).contains("CSVALUE0123"));
        QVERIFY(shown.out.contains("FUNCKEYVALUE0123"));
        QVERIFY(shown.out.contains("HDRKEYVALUE0123"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("words");
        QTest::addRow("no url") << QStringList {} << QByteArray("give the URL");
        QTest::addRow("not http") << QStringList { QStringLiteral("ftp://127.0.0.1/x") }
                                  << QByteArray("not an http(s) URL");
        QTest::addRow("relative without emulator")
            << QStringList { QStringLiteral("/api/aad-func") } << QByteArray("not an http(s) URL");
        QTest::addRow("token and source") << QStringList { QStringLiteral("http://127.0.0.1:1/"),
            QStringLiteral("--token"), QStringLiteral("x"), QStringLiteral("--source"), QStringLiteral("imds"),
            QStringLiteral("--resource"), QStringLiteral("r") }
                                          << QByteArray("either --token or --source");
        QTest::addRow("bad header") << QStringList { QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("-H"),
            QStringLiteral("nocolon") }
                                    << QByteArray("is not 'Name: value'");
        QTest::addRow("bad print") << QStringList { QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--print"),
            QStringLiteral("wget") }
                                   << QByteArray("--print takes");
        QTest::addRow("source without resource")
            << QStringList { QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--source"), QStringLiteral("imds") }
            << QByteArray("--source needs --resource");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, words);
        const Run run = idex(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(words), run.err.constData());
    }

    void connectionRefusedExitsOne()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        const Run run = idex({ QStringLiteral("http://127.0.0.1:%1/api/x").arg(closedPort), QStringLiteral("--timeout"),
            QStringLiteral("5") });
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("No HTTP answer"));
        QVERIFY(run.out.contains("call-no-answer"));
    }

private:
    Run idex(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(IDEX_BINARY), QStringList { QStringLiteral("call") } + arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        // Wait with the event loop running: the emulator lives in this process and must answer.
        if (!finished.wait(60000))
            process.kill();
        Run run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    emulator::Emulator m_emulator;
    HttpClient m_http;
    SeedFacts m_facts;
    QString m_url;
};

QTEST_GUILESS_MAIN(TestIdexCall)
#include "test_idexcall.moc"
