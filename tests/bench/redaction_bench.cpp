// The redaction scanner on hostile and realistic input: prints MB/s of the one redaction layer beside the limit
// (1 MB of hostile input well under 100 ms), and, in the same run, of the regular expression it replaced (copied
// below as it was). Prints figures; asserts nothing about time.
//   redaction_bench [--hostile-kb N] [--log-mb M] [--old-hostile-kb K] [--old-log-mb L]
// The old scanner is quadratic on hostile input, so it gets a smaller input by default (it would run for minutes).
#include "net/redaction.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstdio>
#include <ctime>
#include <functional>

using namespace idex;

namespace {

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// CPU time of the process: the build machines are shared, and wall time says more about the neighbours.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// The free-text redaction on main before issue 11, verbatim apart from its mask (kept short here).
QString oldRedactTokensInText(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*)?"));
    QString result = text;
    qsizetype offset = 0;
    while (true) {
        const auto match = pattern.match(result, offset);
        if (!match.hasMatch())
            break;
        const QString masked = QStringLiteral("[redacted, %1 chars]").arg(match.capturedLength());
        result.replace(match.capturedStart(), match.capturedLength(), masked);
        offset = match.capturedStart() + masked.size();
    }
    return result;
}

QByteArray sized(const QByteArray &unit, qsizetype bytes)
{
    QByteArray out = unit.repeated(bytes / unit.size() + 1);
    out.truncate(bytes);
    return out;
}

// A base64url run with no structure (xorshift, fixed seed: the same bytes every run).
QByteArray base64UrlRun(qsizetype bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QByteArray out(bytes, Qt::Uninitialized);
    quint64 state = 88172645463325252ull;
    for (qsizetype i = 0; i < bytes; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out[i] = alphabet[state % 64];
    }
    return out;
}

struct Input
{
    QString name;
    QByteArray bytes;
};

QList<Input> hostileInputs(qsizetype bytes)
{
    return {
        { QStringLiteral("eyJeyJ..."), sized("eyJ", bytes) },
        { QStringLiteral("eyJeyJ... then one dot"), sized("eyJ", bytes - 1) + '.' },
        { QStringLiteral("eyJ.eyJ. repeated"), sized("eyJ.eyJ.", bytes) },
        { QStringLiteral("eyJxxxx.eyJxxxx. repeated"), sized("eyJxxxx.eyJxxxx.", bytes) },
        { QStringLiteral("one base64url run"), base64UrlRun(bytes) },
        { QStringLiteral("eyJ + base64url run + dot"), "eyJ" + base64UrlRun(bytes - 4) + '.' },
        { QStringLiteral("eyJ then =. repeated"), "eyJ" + sized("=.", bytes - 3) },
        { QStringLiteral("dots"), sized(".", bytes) },
        { QStringLiteral("a.a.a. repeated"), sized("a.", bytes) },
        { QStringLiteral("\"password\": repeated"), sized("\"password\":", bytes) },
        { QStringLiteral("quotes"), sized("\"", bytes) },
        { QStringLiteral("\"password\" + spaces"), "\"password\"" + sized(" ", bytes - 10) },
        { QStringLiteral("key=key=key= repeated"), sized("key=", bytes) },
        { QStringLiteral("://@ repeated"), sized("://@", bytes) },
    };
}

// Lines as a transcript, a --verbose run or a server log have them: JWTs, secret parameters, JSON answers.
QByteArray realisticLog(qsizetype bytes)
{
    const QByteArray jwt
        = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9." + base64UrlRun(600) + '.' + base64UrlRun(342);
    const QList<QByteArray> lines = {
        "2024-05-01T10:00:00.123Z INFO  Request starting HTTP/1.1 GET http://localhost:7071/api/orders?code="
            + base64UrlRun(56) + "&page=2 - -",
        "GET https://fn.example.net/api/aad-func?name=x HTTP/1.1",
        "Authorization: Bearer " + jwt,
        "Accept: application/json",
        "x-ms-request-id: 4a5c1f2e-9b7d-4c3e-8f6a-2d1b0c9e8f7a",
        "HTTP 200 OK   (12 ms)",
        "Content-Type: application/json; charset=utf-8",
        "{\"access_token\":\"" + jwt
            + "\",\"expires_on\":\"1714557600\",\"resource\":\"https://vault.azure.net\",\"token_type\":\"Bearer\"}",
        "2024-05-01T10:00:00.456Z WARN  Retrying after 410 (IMDS is upgrading), attempt 2 of 5",
        "{\n  \"error\": {\n    \"code\": \"InvalidAuthenticationToken\",\n    \"message\": \"Access token has expired "
        "or is not yet valid.\"\n  }\n}",
        "grant_type=client_credentials&client_id=6b5d3e4f-0000-4000-8000-000000000001&client_secret=" + base64UrlRun(40)
            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        "2024-05-01T10:00:01.000Z INFO  Executed 'Functions.orders' (Succeeded, Id=0b3a, Duration=27ms)",
    };
    QByteArray out;
    out.reserve(bytes + 4096);
    for (qsizetype i = 0; out.size() < bytes; ++i)
        out += lines.at(i % lines.size()) + '\n';
    out.truncate(bytes);
    return out;
}

struct Figure
{
    double ms = 0;
    double mbPerSecond = 0;
};

Figure measure(const std::function<void()> &run, qsizetype bytes)
{
    const double start = cpuMs();
    run();
    const double elapsed = qMax(cpuMs() - start, 0.001);
    return { elapsed, (double(bytes) / (1024.0 * 1024.0)) / (elapsed / 1000.0) };
}

QString row(const QString &what, qsizetype bytes, const Figure &figure)
{
    return QStringLiteral("  %1 %2 %3 ms %4 MB/s")
        .arg(what, -30)
        .arg(QStringLiteral("%1 KB").arg(bytes / 1024), 10)
        .arg(figure.ms, 10, 'f', 1)
        .arg(figure.mbPerSecond, 9, 'f', 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        { QStringLiteral("hostile-kb"), QStringLiteral("Size of each hostile input (KB)."), QStringLiteral("kb"),
            QStringLiteral("1024") },
        { QStringLiteral("log-mb"), QStringLiteral("Size of the realistic log (MB)."), QStringLiteral("mb"),
            QStringLiteral("100") },
        { QStringLiteral("old-hostile-kb"), QStringLiteral("Hostile input size for the old regex (KB)."),
            QStringLiteral("kb"), QStringLiteral("128") },
        { QStringLiteral("old-log-mb"), QStringLiteral("Realistic log size for the old regex (MB)."),
            QStringLiteral("mb"), QStringLiteral("8") },
    });
    parser.addHelpOption();
    parser.process(app);
    const qsizetype hostileBytes = parser.value(QStringLiteral("hostile-kb")).toLongLong() * 1024;
    const qsizetype logBytes = parser.value(QStringLiteral("log-mb")).toLongLong() * 1024 * 1024;
    const qsizetype oldHostileBytes = parser.value(QStringLiteral("old-hostile-kb")).toLongLong() * 1024;
    const qsizetype oldLogBytes = parser.value(QStringLiteral("old-log-mb")).toLongLong() * 1024 * 1024;
    constexpr double kLimitMsPerMb = 100.0;

    print(QStringLiteral("Hostile input, new scanner (redaction::redactBody on bytes; redactText on a QString), "
                         "limit %1 ms per MB:")
              .arg(kLimitMsPerMb));
    double worstMsPerMb = 0;
    for (const Input &input : hostileInputs(hostileBytes)) {
        QByteArray out;
        const Figure bytes = measure([&] { out = redaction::redactBody(input.bytes); }, input.bytes.size());
        const QString text = QString::fromLatin1(input.bytes);
        QString textOut;
        const Figure string = measure([&] { textOut = redaction::redactText(text); }, input.bytes.size());
        const double msPerMb = qMax(bytes.ms, string.ms) / (double(input.bytes.size()) / (1024.0 * 1024.0));
        worstMsPerMb = qMax(worstMsPerMb, msPerMb);
        print(row(input.name, input.bytes.size(), bytes)
            + QStringLiteral("   (QString: %1 ms)").arg(string.ms, 0, 'f', 1));
    }
    print(QStringLiteral("  worst: %1 ms per MB against a limit of %2 ms: %3")
              .arg(worstMsPerMb, 0, 'f', 1)
              .arg(kLimitMsPerMb)
              .arg(worstMsPerMb < kLimitMsPerMb ? QStringLiteral("within") : QStringLiteral("OVER THE LIMIT")));

    print(QStringLiteral("\nHostile input, old regex (quadratic; a smaller input):"));
    for (const Input &input : hostileInputs(oldHostileBytes)) {
        const QString text = QString::fromLatin1(input.bytes);
        QString out;
        print(row(
            input.name, input.bytes.size(), measure([&] { out = oldRedactTokensInText(text); }, input.bytes.size())));
    }

    print(QStringLiteral("\nRealistic log:"));
    const QByteArray log = realisticLog(logBytes);
    QByteArray logOut;
    print(row(QStringLiteral("new, redactBody"), log.size(),
        measure([&] { logOut = redaction::redactBody(log); }, log.size())));
    const QByteArray smallLog = log.left(oldLogBytes);
    const QString smallText = QString::fromUtf8(smallLog);
    QString textOut;
    print(row(QStringLiteral("new, redactText"), smallLog.size(),
        measure([&] { textOut = redaction::redactText(smallText); }, smallLog.size())));
    print(row(QStringLiteral("old regex"), smallLog.size(),
        measure([&] { textOut = oldRedactTokensInText(smallText); }, smallLog.size())));
    return 0;
}
