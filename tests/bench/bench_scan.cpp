// idex scan's core on a realistic App Service log (request lines, ASP.NET Core and JwtBearer messages, curl traces
// and HAR fragments; one line in eight carries one of 64 distinct Entra-shaped tokens), per CPU second of one thread:
// findTokens + analyse (decode and diagnose each distinct token). Beside it, in the same run, the rate of one pass
// over the same bytes counting lines (what reading the text costs at least). Prints figures; asserts nothing.
//   bench_scan [--mb N] [--rounds R] [--rows FILE]
#include "benchrow.h"
#include "scan/tokenscan.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

using namespace idex;
using namespace idex::bench;

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/*! A token shaped like a v1 managed identity token (header with kid and x5t, the usual claims, 256-byte signature). */
QByteArray entraShapedToken(int i)
{
    const QByteArray header
        = R"({"typ":"JWT","alg":"RS256","x5t":"KQ2tAcrE7lBaViGmN2ZBXrT1xCg","kid":"KQ2tAcrE7lBaViGmN2ZBXrT1xCg"})";
    const QJsonObject claims { { "aud", "https://vault.azure.net" },
        { "iss", "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/" }, { "iat", 1764580000 + i },
        { "nbf", 1764580000 + i }, { "exp", 1764666400 + i },
        { "aio", QString("E2RgYNBcdXf6kLz1e3Y8" + QString::number(i)) },
        { "appid", QStringLiteral("8f6a6b3e-1c2d-4e5f-8a9b-%1").arg(i, 12, 10, QLatin1Char('0')) }, { "appidacr", "2" },
        { "idp", "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/" }, { "idtyp", "app" },
        { "oid", QStringLiteral("0a1b2c3d-4e5f-6a7b-8c9d-%1").arg(i, 12, 10, QLatin1Char('0')) },
        { "rh", "0.AXEAv4j5cvGGr0GRqy180BHbR7k5qM-igrQhkqOkMD8vgnsAAAA." },
        { "sub", QStringLiteral("0a1b2c3d-4e5f-6a7b-8c9d-%1").arg(i, 12, 10, QLatin1Char('0')) },
        { "tid", "72f988bf-86f1-41af-91ab-2d7cd011db47" }, { "uti", "bX2fQ1Ld3EuN0p7rA5ZsAA" }, { "ver", "1.0" },
        { "xms_mirid", "/subscriptions/0000/resourcegroups/rg/providers/Microsoft.Web/sites/contoso-api" } };
    QByteArray signature(256, '\0');
    for (int k = 0; k < 256; ++k)
        signature[k] = char((k * 131 + i * 17) & 0xff);
    return b64(header) + '.' + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + b64(signature);
}

QByteArray realisticLog(qsizetype bytes)
{
    QList<QByteArray> tokens;
    for (int i = 0; i < 64; ++i)
        tokens << entraShapedToken(i);
    const QList<QByteArray> plain {
        "2026-12-01 10:00:02.456 +00:00 [Information] Microsoft.AspNetCore.Hosting.Diagnostics: Request finished "
        "HTTP/1.1 GET http://contoso-api.azurewebsites.net/orders?page=2 - 200 1532 application/json 12.3456ms\n",
        "2026-12-01T10:00:01.123Z INFO  - Container contoso-api_0_a1b2c3d4 for site contoso-api initialized "
        "successfully and is ready to serve requests.\n",
        "2026-12-01 10:00:02.460 +00:00 [Debug] Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand "
        "(3ms) [Parameters=[@__p_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']\n",
        "< HTTP/1.1 200 OK\r\n< Content-Type: application/json; charset=utf-8\r\n< x-ms-request-id: "
        "4f5e6d7c-8b9a-0a1b-2c3d-4e5f6a7b8c9d\r\n",
        "      \"headers\": [ { \"name\": \"Accept\", \"value\": \"application/json, text/plain, */*\" } ],\n",
        "2026-12-01 10:00:03.001 +00:00 [Warning] Polly: retry 1 of 3 after 200 ms for GET "
        "https://contoso-backend.internal/inventory (status 503)\n",
        "2026-12-01 10:00:03.002 +00:00 [Information] OrdersController: listed 20 orders for tenant "
        "72f988bf-86f1-41af-91ab-2d7cd011db47 in 8 ms\n",
    };
    const QList<QByteArray> withToken {
        "2026-12-01 10:00:02.460 +00:00 [Debug] JwtBearerHandler: Received token: %\n",
        "> Authorization: Bearer %\r\n",
        "      \"value\": \"Bearer %\"\n",
        "2026-12-01 10:00:02.456 +00:00 [Information] Request starting HTTP/1.1 GET "
        "http://contoso-api.azurewebsites.net/orders?access_token=% - -\n",
    };
    QByteArray log;
    log.reserve(bytes + 4096);
    quint32 state = 2463534242u;
    qsizetype line = 0;
    while (log.size() < bytes) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        if (line++ % 8 == 7) {
            QByteArray l = withToken[state % withToken.size()];
            log += l.replace("%", tokens[(state >> 8) % tokens.size()]);
        } else {
            log += plain[state % plain.size()];
        }
    }
    return log;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({ { QStringLiteral("mb"), QStringLiteral("Megabytes of log text (100)."), QStringLiteral("N"),
                            QStringLiteral("100") },
        { QStringLiteral("rounds"), QStringLiteral("Rounds, each scan beside the line count (3)."), QStringLiteral("R"),
            QStringLiteral("3") },
        { QStringLiteral("rows"), QStringLiteral("Append the table row to FILE."), QStringLiteral("FILE") } });
    parser.process(app);
    const double mb = std::max(0.01, parser.value(QStringLiteral("mb")).toDouble());
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());
    const QByteArray log = realisticLog(qsizetype(mb * 1024 * 1024));
    const double size = double(log.size()) / (1024.0 * 1024.0);
    print(QStringLiteral("scan: %1 MB of App Service log text, one line in eight with a token").arg(size, 0, 'f', 1));

    double scanSeconds = 0, countSeconds = 0;
    qsizetype distinct = 0, occurrences = 0, lines = 0;
    for (int r = 0; r < rounds; ++r) {
        double t = threadCpuSeconds();
        const scan::FoundTokens found = scan::findTokens(log);
        const QList<scan::ScannedToken> rows = scan::analyse(found, {});
        const double s = threadCpuSeconds() - t;
        distinct = rows.size();
        occurrences = found.occurrences;
        t = threadCpuSeconds();
        lines = std::count(log.constBegin(), log.constEnd(), '\n');
        const double c = threadCpuSeconds() - t;
        scanSeconds += s;
        countSeconds += c;
        print(QStringLiteral("round %1: idex scan %2 MB/s (%3 distinct tokens, %4 occurrences); counting lines %5 MB/s")
                  .arg(r + 1)
                  .arg(size / s, 0, 'f', 0)
                  .arg(distinct)
                  .arg(occurrences)
                  .arg(size / c, 0, 'f', 0));
    }
    const double rate = size * rounds / scanSeconds;
    const double limit = size * rounds / countSeconds;
    print(QStringLiteral("idex scan: %1 MB/s on one core over %2 lines; one pass counting lines: %3 MB/s")
              .arg(rate, 0, 'f', 0)
              .arg(lines)
              .arg(limit, 0, 'f', 0));
    appendRow(parser.value(QStringLiteral("rows")),
        Row { QStringLiteral("scan"), QStringLiteral("idex scan of an App Service log, one core"), rate,
            QStringLiteral("MB/s"), QStringLiteral("one pass counting lines over the same bytes"), limit,
            QStringLiteral(">= 100 MB/s"), rate >= 100 });
    return distinct == 64 ? 0 : 1;
}
