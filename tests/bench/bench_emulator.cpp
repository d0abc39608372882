// The emulator under load, beside its limits measured in the same run:
//  - cached IMDS token answers over 32 keep-alive loopback connections vs a bare Qt HTTP Server route returning the
//    same bytes (bench_bare_server: one process, one thread, like `idex emulator`);
//  - freshly signed tokens (a clock skew makes every token uncacheable) vs OpenSSL's RSA-2048 sign rate on one core
//    (EVP_DigestSign in this process, the key built once).
// Both servers run as their own processes on 127.0.0.1; the load is bounded in time and count. Rounds alternate the
// two sides and the figures are their sums. Prints figures; asserts nothing about time.
//   bench_emulator [--seconds S] [--rounds N] [--connections C] [--only cached|fresh] [--rows FILE]
#include "benchrow.h"
#include "httpload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <atomic>
#include <chrono>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

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
    qint64 pid() const { return m_process.processId(); }

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

/*! One RS256 signature: a fresh context, the key built once (what the emulator's signRs256 does). */
bool signOnce(EVP_PKEY *key, const QByteArray &signingInput)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char signature[256];
    size_t length = sizeof signature;
    const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestSign(ctx, signature, &length, reinterpret_cast<const unsigned char *>(signingInput.constData()),
               size_t(signingInput.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/*! RS256 signatures per CPU second on this thread: the key built once, a fresh context per signature. */
double opensslSignRate(const QByteArray &signingInput, double seconds)
{
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_RSA_gen(2048));
    if (!key)
        return -1;
    return ratePerCpuSecond([&] { return signOnce(key.get(), signingInput); }, seconds);
}

/*! RS256 signatures per wall second on \a threads threads at once (one key, a fresh context per signature): what
    this machine's cores give at best, the ceiling of any signing server here whatever its own costs. Printed beside
    the one-core rate, not a target. */
double opensslSignRateThreads(const QByteArray &signingInput, double seconds, int threads)
{
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_RSA_gen(2048));
    if (!key)
        return -1;
    std::atomic<bool> stop = false;
    std::atomic<qint64> count = 0;
    std::vector<std::thread> signers;
    QElapsedTimer clock;
    clock.start();
    for (int t = 0; t < threads; ++t)
        signers.emplace_back([&] {
            qint64 mine = 0;
            while (!stop.load(std::memory_order_relaxed))
                mine += signOnce(key.get(), signingInput) ? 1 : 0;
            count += mine;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(qint64(seconds * 1000)));
    stop = true;
    for (std::thread &signer : signers)
        signer.join();
    return double(count) / (double(clock.nsecsElapsed()) / 1e9);
}

/*! CPU time and context switches of a process so far, from /proc: its main thread (the event loop), the threads of
    its pool ("Thread (pooled)", QThreadPool's name) and any other. Where each microsecond of a token goes. */
struct ProcessCpu
{
    double mainSeconds = 0, poolSeconds = 0, otherSeconds = 0, systemSeconds = 0;
    qint64 switches = 0; ///< voluntary + involuntary context switches of every thread (a wake-up is one)

    static ProcessCpu of(qint64 pid)
    {
        ProcessCpu cpu;
        const double tick = double(sysconf(_SC_CLK_TCK));
        const QString base = QStringLiteral("/proc/%1/task").arg(pid);
        for (const QString &tid : QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(base + u'/' + tid + QStringLiteral("/stat"));
            if (!stat.open(QIODevice::ReadOnly))
                continue; // the thread ended meanwhile
            const QByteArray line = stat.readAll();
            const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
            if (open < 0 || close < open)
                continue;
            const QByteArray name = line.mid(open + 1, close - open - 1);
            const QList<QByteArray> fields = line.mid(close + 2).split(' '); // fields[0] is field 3, the state
            if (fields.size() < 13)
                continue;
            const double user = fields.at(11).toDouble() / tick, system = fields.at(12).toDouble() / tick;
            (tid.toLongLong() == pid          ? cpu.mainSeconds
                    : name.contains("pooled") ? cpu.poolSeconds
                                              : cpu.otherSeconds)
                += user + system;
            cpu.systemSeconds += system;
            QFile status(base + u'/' + tid + QStringLiteral("/status"));
            if (status.open(QIODevice::ReadOnly)) {
                for (const QByteArray &entry : status.readAll().split('\n')) {
                    if (entry.startsWith("voluntary_ctxt_switches:") || entry.startsWith("nonvoluntary_ctxt_switches:"))
                        cpu.switches += entry.mid(entry.indexOf(':') + 1).trimmed().toLongLong();
                }
            }
        }
        return cpu;
    }
    ProcessCpu operator-(const ProcessCpu &o) const
    {
        return { mainSeconds - o.mainSeconds, poolSeconds - o.poolSeconds, otherSeconds - o.otherSeconds,
            systemSeconds - o.systemSeconds, switches - o.switches };
    }
    ProcessCpu &operator+=(const ProcessCpu &o)
    {
        mainSeconds += o.mainSeconds;
        poolSeconds += o.poolSeconds;
        otherSeconds += o.otherSeconds;
        systemSeconds += o.systemSeconds;
        switches += o.switches;
        return *this;
    }
};

/*! CPU seconds of the calling thread (user + system): the load generator's cost. */
double threadCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_THREAD, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + 1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

/*! One load with the CPU it cost on each side: the server process by thread, and this thread (the generator). */
struct MeasuredLoad
{
    LoadResult load;
    ProcessCpu server;
    double generatorSeconds = 0;
};

MeasuredLoad measuredLoad(qint64 serverPid, const QHostAddress &host, quint16 port, const QByteArray &request,
    int connections, double seconds)
{
    MeasuredLoad m;
    const ProcessCpu before = ProcessCpu::of(serverPid);
    const double generatorBefore = threadCpuSeconds();
    m.load = runLoad(host, port, request, connections, seconds);
    m.generatorSeconds = threadCpuSeconds() - generatorBefore;
    m.server = ProcessCpu::of(serverPid) - before;
    return m;
}

/*! Microseconds of CPU per answer, by where they went. */
QString cpuPerAnswer(const ProcessCpu &server, double generatorSeconds, qint64 answers)
{
    const double n = double(std::max<qint64>(1, answers));
    return QStringLiteral("CPU per answer: server event loop %1 us, signing pool %2 us, other server threads %3 us "
                          "(kernel time %4 us of these), load generator %5 us; %6 context switches in the server")
        .arg(1e6 * server.mainSeconds / n, 0, 'f', 1)
        .arg(1e6 * server.poolSeconds / n, 0, 'f', 1)
        .arg(1e6 * server.otherSeconds / n, 0, 'f', 1)
        .arg(1e6 * server.systemSeconds / n, 0, 'f', 1)
        .arg(1e6 * generatorSeconds / n, 0, 'f', 1)
        .arg(double(server.switches) / n, 0, 'f', 2);
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
        { QStringLiteral("only"), QStringLiteral("Measure only the cached or only the fresh path (for profiling)."),
            QStringLiteral("cached|fresh") },
        { QStringLiteral("rows"), QStringLiteral("Append the table rows (JSON lines) to FILE."),
            QStringLiteral("FILE") } });
    parser.process(app);
    const double seconds = std::max(0.05, parser.value(QStringLiteral("seconds")).toDouble());
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());
    const int connections = std::clamp(parser.value(QStringLiteral("connections")).toInt(), 1, 200);
    const QString rows = parser.value(QStringLiteral("rows"));
    const QString only = parser.value(QStringLiteral("only"));
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
    ProcessCpu bareCpu, cachedCpu;
    double bareGenerator = 0, cachedGenerator = 0;
    for (int round = 1; round <= rounds && only != QLatin1String("fresh"); ++round) {
        const MeasuredLoad b
            = measuredLoad(bare.pid(), loopback, barePort, getRequest(barePort, imds), connections, seconds);
        const MeasuredLoad c = measuredLoad(
            emulator.pid(), loopback, emulatorPort, getRequest(emulatorPort, imds), connections, seconds);
        bareSum.add(b.load);
        cachedSum.add(c.load);
        bareCpu += b.server;
        cachedCpu += c.server;
        bareGenerator += b.generatorSeconds;
        cachedGenerator += c.generatorSeconds;
        print(QStringLiteral("round %1: bare route %2; emulator, cached token %3")
                  .arg(round)
                  .arg(describe(b.load), describe(c.load)));
        if (!b.load.error.isEmpty() || !c.load.error.isEmpty())
            return 1;
    }
    if (only != QLatin1String("fresh")) {
        print(QStringLiteral("bare route: ") + cpuPerAnswer(bareCpu, bareGenerator, bareSum.completed));
        print(QStringLiteral("emulator, cached: ") + cpuPerAnswer(cachedCpu, cachedGenerator, cachedSum.completed));
        print(QStringLiteral("emulator, cached token: %1 req/s; bare Qt HTTP Server route: %2 req/s; %3% of the bare "
                             "route")
                  .arg(cachedSum.rate(), 0, 'f', 0)
                  .arg(bareSum.rate(), 0, 'f', 0)
                  .arg(100 * cachedSum.rate() / bareSum.rate(), 0, 'f', 1));
    }
    if (only == QLatin1String("cached")) // profiling one path: no table rows
        return bareSum.failed == 0 && cachedSum.failed == 0 ? 0 : 1;

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
    ProcessCpu freshCpu;
    double freshGenerator = 0;
    double signCount = 0, signSeconds = 0;
    for (int round = 1; round <= rounds; ++round) {
        const MeasuredLoad f = measuredLoad(
            emulator.pid(), loopback, emulatorPort, getRequest(emulatorPort, imds), connections, seconds);
        const double sign = opensslSignRate(signingInput, seconds / 2);
        freshSum.add(f.load);
        freshCpu += f.server;
        freshGenerator += f.generatorSeconds;
        signCount += sign * seconds / 2;
        signSeconds += seconds / 2;
        print(QStringLiteral("round %1: emulator, freshly signed tokens %2; OpenSSL RSA-2048 sign, one core: %3/s")
                  .arg(round)
                  .arg(describe(f.load))
                  .arg(sign, 0, 'f', 0));
        if (!f.load.error.isEmpty() || sign < 0)
            return 1;
    }
    const double signRate = signCount / signSeconds;
    {
        // The budget: at 1.6x the one-core rate on two cores, each token may cost 2 / (1.6 x rate) of CPU in all,
        // of which the RSA signature alone takes 1 / rate.
        print(QStringLiteral("emulator, fresh: ") + cpuPerAnswer(freshCpu, freshGenerator, freshSum.completed));
        print(QStringLiteral("fresh-token budget at 1.6x on %1 cores: %2 us of CPU per token in all, of which the "
                             "signature takes %3 us (one core's rate), leaving %4 us for the server, the generator and "
                             "the kernel")
                  .arg(std::max(1, QThread::idealThreadCount()))
                  .arg(1e6 * std::max(1, QThread::idealThreadCount()) / (1.6 * signRate), 0, 'f', 1)
                  .arg(1e6 / signRate, 0, 'f', 1)
                  .arg(1e6 * std::max(1, QThread::idealThreadCount()) / (1.6 * signRate) - 1e6 / signRate, 0, 'f', 1));
    }
    // The ceiling: both cores signing and nothing else (no server, no load generator, no TCP).
    const int cores = std::max(1, QThread::idealThreadCount());
    const double allCores = opensslSignRateThreads(signingInput, seconds / 2, cores);
    print(QStringLiteral("OpenSSL RSA-2048 sign on %1 threads at once, nothing else: %2/s (%3x one core): the "
                         "ceiling of any signing server on this machine")
              .arg(cores)
              .arg(allCores, 0, 'f', 0)
              .arg(allCores / signRate, 0, 'f', 2));

    print(QStringLiteral("emulator, freshly signed: %1 tokens/s; OpenSSL RSA-2048 sign on one core: %2/s; %3x one core")
              .arg(freshSum.rate(), 0, 'f', 0)
              .arg(signRate, 0, 'f', 0)
              .arg(freshSum.rate() / signRate, 0, 'f', 2));
    const double freshRatio = freshSum.rate() / signRate;
    if (only == QLatin1String("fresh")) // profiling one path: no table rows
        return freshSum.failed == 0 ? 0 : 1;
    const double cachedRatio = cachedSum.rate() / bareSum.rate();
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
