// The Session's emulator runs, GUI-free, with real emulators on loopback: each start or switch is a new run; URLs,
// tokens and a directory of an ended run are followed, marked and dropped.
#include "call/callanalysis.h"
#include "directory/directory.h"
#include "emulator/emulator.h"
#include "jwt/keyresolver.h"
#include "session/session.h"
#include "support/emulatortoken.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

namespace {

TokenResult tokenFrom(const QUrl &base, const QString &raw)
{
    TokenResult token;
    token.accessToken = raw;
    token.endpoint = base.resolved(QUrl(QStringLiteral("/metadata/identity/oauth2/token"))).toString();
    return token;
}

QStringList codes(const Findings &findings)
{
    QStringList out;
    for (const Finding &finding : findings)
        out << finding.code;
    return out;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT
private:
    emulator::EmulatorKeys m_keys;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_keys = emulator::Emulator::generateKeys(&error);
        QVERIFY2(m_keys.isValid(), qPrintable(error));
    }

    void theEmulatorsCaIsTrustedWhileItsRunIsCurrent()
    {
        // Two emulators with one CA (the second's tls/ directory is a copy): trust follows the current run's
        // https origin only, and ends with it.
        QTemporaryDir firstWork, secondWork;
        emulator::Emulator first, second;
        emulator::EmulatorOptions options;
        options.workDir = firstWork.path();
        QString error;
        QVERIFY2(first.start(options, m_keys, &error), qPrintable(error));
        QVERIFY(QDir().mkdir(secondWork.filePath(QStringLiteral("tls"))));
        for (const char *name : { "tls/ca.pem", "tls/ca-key.pem" })
            QVERIFY(QFile::copy(firstWork.filePath(QLatin1String(name)), secondWork.filePath(QLatin1String(name))));
        options.workDir = secondWork.path();
        QVERIFY2(second.start(options, m_keys, &error), qPrintable(error));
        const auto keysOf = [](const emulator::Emulator &e) {
            HttpRequest request;
            request.url = QUrl(e.httpsBaseUrl().toString() + QStringLiteral("/common/discovery/keys"));
            return request;
        };
        Session session;
        QCOMPARE(session.http().sendAndWait(keysOf(first)).response.failure, HttpFailure::Tls); // nothing trusted yet
        session.setEmulator(&first);
        QCOMPARE(session.http().sendAndWait(keysOf(first)).response.status, 200);
        QCOMPARE(session.http().sendAndWait(keysOf(second)).response.failure, HttpFailure::Tls); // same CA, not current
        session.setEmulator(&second);
        QCOMPARE(session.http().sendAndWait(keysOf(second)).response.status, 200);
        session.setEmulator(nullptr);
        HttpRequest again = keysOf(first); // a new connection: the first run's trust has ended
        QCOMPARE(session.http().sendAndWait(again).response.failure, HttpFailure::Tls);
    }

    void runsFollowAndMark()
    {
        emulator::Emulator first;
        emulator::Emulator second;
        QString error;
        QVERIFY2(first.start(emulator::EmulatorOptions {}, m_keys, &error), qPrintable(error));
        emulator::EmulatorOptions other;
        other.scenario = QStringLiteral("missing-assignment");
        QVERIFY2(second.start(other, m_keys, &error), qPrintable(error));

        Session session;
        QSignalSpy runs(&session, &Session::emulatorRunChanged);
        session.setEmulator(&first);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(session.emulatorRun().generation, 1);
        QCOMPARE(session.emulatorRun().scenario, QStringLiteral("seed"));
        session.setEmulator(&first); // published again: the same run
        QCOMPARE(runs.size(), 1);

        session.setCurrentToken(tokenFrom(first.baseUrl(), QStringLiteral("old-token")));
        session.rememberToken(session.currentToken());
        TokenResult elsewhere = tokenFrom(QUrl(QStringLiteral("http://169.254.169.254")), QStringLiteral("imds-token"));
        session.rememberToken(elsewhere);
        QVERIFY(!session.currentTokenEndedRun().isValid());
        Directory directory;
        session.setDirectory(directory, true);
        QVERIFY(session.directoryIsFromEmulator());

        const QUrl api = first.baseUrl().resolved(QUrl(QStringLiteral("/api/DoAll?x=1")));
        QCOMPARE(session.followEmulator(api), api); // the current run: unchanged

        QSignalSpy reload(&session, &Session::emulatorDirectoryReloadWanted);
        session.setEmulator(&second);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(session.emulatorRun().generation, 2);
        QCOMPARE(runs.last().at(0).value<EmulatorRun>().generation, 1);

        // URLs of the ended run move to the new one, path and query kept; others stay.
        const QUrl moved = session.followEmulator(api);
        QCOMPARE(moved.port(), second.baseUrl().port());
        QCOMPARE(moved.path(), QStringLiteral("/api/DoAll"));
        QCOMPARE(moved.query(), QStringLiteral("x=1"));
        const QUrl other1(QStringLiteral("https://contoso.example/api"));
        QCOMPARE(session.followEmulator(other1), other1);

        // The ended run's tokens are marked, wherever they sit; a token from elsewhere is not.
        QCOMPARE(session.currentTokenEndedRun().generation, 1);
        QCOMPARE(session.endedRunOf(QStringLiteral("old-token")).scenario, QStringLiteral("seed"));
        QVERIFY(!session.endedRunOf(QStringLiteral("imds-token")).isValid());
        QVERIFY(session.currentTokenEndedRun().describe().contains(QLatin1String("seed")));

        // Its directory is dropped and a reload is asked for.
        QVERIFY(!session.directory());
        QCOMPARE(reload.size(), 1);

        // A token of the new run is current again.
        session.setCurrentToken(tokenFrom(second.baseUrl(), QStringLiteral("new-token")));
        QVERIFY(!session.currentTokenEndedRun().isValid());

        // The emulator stops: everything of its run is ended; nothing to follow.
        session.setEmulator(nullptr);
        QVERIFY(!session.emulatorRun().isValid());
        QCOMPARE(session.currentTokenEndedRun().generation, 2);
        QCOMPARE(session.followEmulator(api), api);
    }

    void serviceFabricTokensBelongToTheRun()
    {
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, m_keys, &error), qPrintable(error));
        Session session;
        session.setEmulator(&emulator);
        TokenResult token;
        token.accessToken = QStringLiteral("sf-token");
        token.endpoint = emulator.serviceFabricEndpoint().toString(); // its own TLS port, not baseUrl's
        QVERIFY(QUrl(token.endpoint).port() != emulator.baseUrl().port());
        session.setCurrentToken(token);
        QCOMPARE(session.currentTokenRun().generation, 1);
        session.setEmulator(nullptr);
        QCOMPARE(session.currentTokenEndedRun().generation, 1);
    }

    // One diagnosis: a verdict recorded once (by whoever verified) is what the token's and the call's findings see;
    // a call is diagnosed with the token it sent; evidence changes announce themselves.
    void oneDiagnosisOverAllEvidence()
    {
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, m_keys, &error), qPrintable(error));
        const emulator::ProtectedFunction &function = emulator.scenario().functions.first();
        const emulator::Application *app = emulator.scenario().applicationByAppId(function.appId);
        QVERIFY(app);
        Session session;
        session.setEmulator(&emulator);
        const QString raw
            = testsupport::imdsToken(session.http(), emulator.baseUrl(), app->identifierUris.value(0, app->appId));
        QVERIFY(!raw.isEmpty());
        QSignalSpy changed(&session, &Session::diagnosisChanged);
        session.setCurrentToken(tokenFrom(emulator.baseUrl(), raw));
        QCOMPARE(changed.size(), 1);
        QVERIFY(session.currentDecoded());
        QVERIFY(codes(session.currentTokenDiagnosis()).contains(QLatin1String("signature-not-checked")));

        // The token's signature, checked for real through the emulator's discovery document.
        const DecodedToken decoded = *session.currentDecoded();
        KeyResolver resolver(session.http());
        const SignatureVerdict verdict = verifyWithResolution(decoded, resolver.resolveForTokenAndWait(decoded));
        QVERIFY2(verdict.isTrusted(), qPrintable(verdict.detail));
        session.recordSignatureVerdict(raw, verdict);
        QCOMPARE(changed.size(), 2);
        QVERIFY(session.currentDecoded()->verification.isTrusted());
        QVERIFY(!codes(session.currentTokenDiagnosis()).contains(QLatin1String("signature-not-checked")));

        // A call sent with that token is diagnosed with the same verdict.
        HttpRequest request;
        request.url = emulator.baseUrl().resolved(QUrl(function.path));
        request.setHeader("Authorization", "Bearer " + raw.toLatin1());
        const CallResult call = analyzeCall(session.http().sendAndWait(request));
        QCOMPARE(call.status(), 200);
        session.setLastCall(call);
        QCOMPARE(changed.size(), 3);
        QVERIFY(session.lastCall());
        const QStringList callCodes = codes(session.lastCallDiagnosis());
        QVERIFY2(!callCodes.contains(QLatin1String("signature-not-checked")), qPrintable(callCodes.join(u' ')));
        QCOMPARE(codes(session.diagnoseCall(call)), callCodes);

        // The API's own expectation applies to its call: a role it requires and the token lacks is named.
        Expectation wantsAdmin;
        wantsAdmin.roles = { QStringLiteral("Admin") };
        session.setLastCall(call, wantsAdmin);
        QVERIFY(codes(session.lastCallDiagnosis()).contains(QLatin1String("wrong-role")));

        // A forgery nobody verified is refused all the same (no key needed to refuse alg none).
        const QStringList parts = raw.split(u'.');
        const QString forged
            = QString::fromLatin1(QByteArray(R"({"alg":"none","typ":"JWT"})")
                                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
            + u'.' + parts.at(1) + u'.';
        QVERIFY(codes(session.diagnoseToken(forged)).contains(QLatin1String("algorithm-refused")));

        // The directory and the expectation are evidence too.
        session.setDirectory(Directory(), true);
        session.setCurrentExpectation(wantsAdmin);
        QCOMPARE(changed.size(), 6);
    }

    void aSnapshotDirectoryOutlivesRuns()
    {
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, m_keys, &error), qPrintable(error));
        Session session;
        session.setEmulator(&emulator);
        session.setDirectory(Directory(), false);
        session.setEmulator(nullptr);
        QVERIFY(session.directory());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"
