// The emulator under load, beside its limits measured in the same run:
//  - cached IMDS token answers over 32 keep-alive loopback connections vs a bare Qt HTTP Server route returning the
//    same bytes (bench_bare_server: one process, one thread, like `idex emulator`);
//  - freshly signed tokens (a clock skew makes every token uncacheable) vs OpenSSL's RSA-2048 sign rate on one core
//    (EVP_DigestSign in this process, the key built once).
// Both servers run as their own processes on 127.0.0.1; the load is bounded in time and count. Rounds alternate the
// two sides and the figures are their sums. Prints figures; asserts nothing about time.
//   bench_emulator [--seconds S] [--rounds N] [--connections C] [--rows FILE]
#include "benchrow.h"
#include "httpload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <QUuid>

#include <openssl/evp.h>
#include <openssl/rsa.h>

using namespace idex::bench;

namespace {

/*! The admin token this run gives the emulator it starts (IDEX_EMULATOR_ADMIN_TOKEN), random per run. */
QByteArray adminToken()
{
    static const QByteArray token = QUuid::createUuid().toByteArray(QUuid::Id128);
    return token;
}

} // namespace

namespace {

/*! A server process of the benchmark: started, its address read from its output, ended with the benchmark. */
class ServerProcess
{
public:
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /*! Starts \a program and reads its output until \a ready matches a line; returns that line, empty on failure. */
    QString start(
        const QString &program, const QStringList &arguments, const QString &readyPrefix, QString *all = nullptr)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET",
                 "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY" })
            environment.remove(QLatin1String(name));
        environment.insert(QStringLiteral("IDEX_EMULATOR_ADMIN_TOKEN"), QString::fromLatin1(adminToken()));
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000))
            return {};
        QElapsedTimer clock;
        clock.start();
        QString text;
        while (clock.elapsed() < 60000) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                text += line + u'\n';
                if (all)
                    *all = text;
                if (line.startsWith(readyPrefix))
                    return line;
            }
            if (!m_process.waitForReadyRead(1000) && m_process.state() == QProcess::NotRunning)
                break;
        }
        return {};
    }
    QString errors() { return QString::fromUtf8(m_process.readAllStandardError()).trimmed(); }

private:
    QProcess m_process;
};

QByteArray getRequest(quint16 port, const QByteArray &pathAndQuery)
{
    return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nMetadata: true\r\nConnection: keep-alive\r\n\r\n";
}

struct PkeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};

/*! RS256 signatures per CPU second on this thread: the key built once, a fresh context per signature. */
double opensslSignRate(const QByteArray &signingInput, double seconds)
{
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_RSA_gen(2048));
    if (!key)
        return -1;
    return ratePerCpuSecond(
        [&] {
            EVP_MD_CTX *ctx = EVP_MD_CTX_new();
            unsigned char signature[256];
            size_t length = sizeof signature;
            const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) == 1
                && EVP_DigestSign(ctx, signature, &length,
                       reinterpret_cast<const unsigned char *>(signingInput.constData()), size_t(signingInput.size()))
                    == 1;
            EVP_MD_CTX_free(ctx);
            return ok;
        },
        seconds);
}

struct Sum
{
    qint64 completed = 0, failed = 0;
    double seconds = 0;
    void add(const LoadResult &r)
    {
        completed += r.completed;
        failed += r.failed;
        seconds += r.seconds;
    }
    double rate() const { return seconds > 0 ? double(completed) / seconds : 0; }
};

QString describe(const LoadResult &r)
{
    return QStringLiteral("%1 req/s (%2 answers, %3 failed, %4 s)%5")
        .arg(r.rate(), 0, 'f', 0)
        .arg(r.completed)
        .arg(r.failed)
        .arg(r.seconds, 0, 'f', 2)
        .arg(r.error.isEmpty() ? QString() : QStringLiteral(" ERROR: ") + r.error);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({ { QStringLiteral("seconds"), QStringLiteral("Wall seconds per round and side."),
                            QStringLiteral("S"), QStringLiteral("2") },
        { QStringLiteral("rounds"), QStringLiteral("Rounds (each alternates the sides)."), QStringLiteral("N"),
            QStringLiteral("3") },
        { QStringLiteral("connections"), QStringLiteral("Keep-alive connections."), QStringLiteral("C"),
            QStringLiteral("32") },
        { QStringLiteral("rows"), QStringLiteral("Append the table rows (JSON lines) to FILE."),
            QStringLiteral("FILE") } });
    parser.process(app);
    const double seconds = std::max(0.05, parser.value(QStringLiteral("seconds")).toDouble());
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());
    const int connections = std::clamp(parser.value(QStringLiteral("connections")).toInt(), 1, 200);
    const QString rows = parser.value(QStringLiteral("rows"));
    const QHostAddress loopback(QHostAddress::LocalHost);

    ServerProcess emulator;
    QString output;
    const QString urlLine = emulator.start(QStringLiteral(IDEX_BENCH_IDEX_BINARY),
        { QStringLiteral("emulator"), QStringLiteral("--print-env"), QStringLiteral("--quiet") },
        QStringLiteral("export IDEX_EMULATOR_URL="), &output);
    const QUrl base(urlLine.section(u'=', 1).remove(u'\''));
    if (!base.isValid() || !QHostAddress(base.host()).isLoopback()) {
        print(QStringLiteral("the emulator did not start on loopback: ") + emulator.errors());
        return 1;
    }
    const quint16 emulatorPort = quint16(base.port());
    const QByteArray imds
        = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F";
    const Answer first = fetchOnce(loopback, emulatorPort, getRequest(emulatorPort, imds));
    const QString token = QJsonDocument::fromJson(first.body).object().value(QLatin1String("access_token")).toString();
    if (first.status != 200 || token.isEmpty()) {
        print(QStringLiteral("the emulator's IMDS endpoint did not answer with a token (HTTP %1)").arg(first.status));
        return 1;
    }

    QTemporaryDir dir;
    QFile bodyFile(dir.filePath(QStringLiteral("answer.json")));
    if (!bodyFile.open(QIODevice::WriteOnly) || bodyFile.write(first.body) != first.body.size())
        return 1;
    bodyFile.close();
    ServerProcess bare;
    const QString portLine = bare.start(QStringLiteral(IDEX_BENCH_BARE_SERVER),
        { bodyFile.fileName(), QStringLiteral("--seconds"), QString::number(int(4 * rounds * seconds) + 120) },
        QStringLiteral("port "));
    const quint16 barePort = quint16(portLine.section(u' ', 1).toUInt());
    if (barePort == 0) {
        print(QStringLiteral("the bare Qt HTTP Server did not start: ") + bare.errors());
        return 1;
    }
    print(QStringLiteral(
        "emulator on port %1, bare Qt HTTP Server route on port %2; the answer is %3 bytes; %4 connections")
              .arg(emulatorPort)
              .arg(barePort)
              .arg(first.body.size())
              .arg(connections));

    Sum bareSum, cachedSum;
    for (int round = 1; round <= rounds; ++round) {
        const LoadResult b = runLoad(loopback, barePort, getRequest(barePort, imds), connections, seconds);
        const LoadResult c = runLoad(loopback, emulatorPort, getRequest(emulatorPort, imds), connections, seconds);
        bareSum.add(b);
        cachedSum.add(c);
        print(QStringLiteral("round %1: bare route %2; emulator, cached token %3")
                  .arg(round)
                  .arg(describe(b), describe(c)));
        if (!b.error.isEmpty() || !c.error.isEmpty())
            return 1;
    }

    // Every token signed anew: tokens shaped by a clock skew are never cached.
    const QByteArray skew = "{\"seconds\":1}";
    const Answer skewed = fetchOnce(loopback, emulatorPort,
        "PUT /admin/clock-skew HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(emulatorPort)
            + "\r\nAuthorization: Bearer " + adminToken() + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(skew.size()) + "\r\n\r\n" + skew);
    if (skewed.status != 200) {
        print(QStringLiteral("the admin API refused the clock skew (HTTP %1)").arg(skewed.status));
        return 1;
    }
    const QByteArray signingInput = token.section(u'.', 0, 1).toLatin1();
    Sum freshSum;
    double signCount = 0, signSeconds = 0;
    for (int round = 1; round <= rounds; ++round) {
        const LoadResult f = runLoad(loopback, emulatorPort, getRequest(emulatorPort, imds), connections, seconds);
        const double sign = opensslSignRate(signingInput, seconds / 2);
        freshSum.add(f);
        signCount += sign * seconds / 2;
        signSeconds += seconds / 2;
        print(QStringLiteral("round %1: emulator, freshly signed tokens %2; OpenSSL RSA-2048 sign, one core: %3/s")
                  .arg(round)
                  .arg(describe(f))
                  .arg(sign, 0, 'f', 0));
        if (!f.error.isEmpty() || sign < 0)
            return 1;
    }
    const double signRate = signCount / signSeconds;

    print(QStringLiteral("emulator, cached token: %1 req/s; bare Qt HTTP Server route: %2 req/s; %3% of the bare route")
              .arg(cachedSum.rate(), 0, 'f', 0)
              .arg(bareSum.rate(), 0, 'f', 0)
              .arg(100 * cachedSum.rate() / bareSum.rate(), 0, 'f', 1));
    print(QStringLiteral("emulator, freshly signed: %1 tokens/s; OpenSSL RSA-2048 sign on one core: %2/s; %3x one core")
              .arg(freshSum.rate(), 0, 'f', 0)
              .arg(signRate, 0, 'f', 0)
              .arg(freshSum.rate() / signRate, 0, 'f', 2));
    const double cachedRatio = cachedSum.rate() / bareSum.rate();
    const double freshRatio = freshSum.rate() / signRate;
    appendRow(rows,
        Row { QStringLiteral("emulator-cached"),
            QStringLiteral("emulator, cached token over IMDS (%1 keep-alive connections)").arg(connections),
            cachedSum.rate(), QStringLiteral("req/s"), QStringLiteral("bare Qt HTTP Server route, same answer"),
            bareSum.rate(), QStringLiteral(">= 0.80"), cachedRatio >= 0.80 });
    appendRow(rows,
        Row { QStringLiteral("emulator-fresh"), QStringLiteral("emulator, freshly signed tokens"), freshSum.rate(),
            QStringLiteral("tokens/s"), QStringLiteral("OpenSSL RSA-2048 sign, one core"), signRate,
            QStringLiteral(">= 1.60"), freshRatio >= 1.6 });
    const bool clean = bareSum.failed == 0 && cachedSum.failed == 0 && freshSum.failed == 0;
    if (!clean)
        print(QStringLiteral("FAILED answers: bare %1, cached %2, fresh %3")
                  .arg(bareSum.failed)
                  .arg(cachedSum.failed)
                  .arg(freshSum.failed));
    return clean ? 0 : 1;
}
