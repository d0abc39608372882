// Figures, not assertions: how fast challenges are parsed, answers analysed, and calls made against the emulator.
//   build/<dir>/tests/integration/call/call_bench --calls 1000
#include "call/callanalysis.h"
#include "call/testcall.h"
#include "diagnose/diagnosis.h"
#include "emulatorfixture.h"
#include "jwt/decodedtoken.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace idex;
using namespace idex::testing;

namespace {

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(qMin(values.size() - 1, qsizetype(p * double(values.size()))));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption callsOpt(
        QStringLiteral("calls"), QStringLiteral("Calls per case."), QStringLiteral("n"), QStringLiteral("200"));
    parser.addOption(callsOpt);
    parser.process(app);
    const int calls = qMax(1, parser.value(callsOpt).toInt());

    const QByteArray challenge(
        "Bearer realm=\"aad-func.azurewebsites.net\" authorization_uri=\"https://login.microsoftonline.com/"
        "5eed0000-0000-4000-8000-000000000001/oauth2/v2.0/authorize\" resource_id=\"5eed0000-0000-4000-8000-"
        "000000000402\", error=\"invalid_token\", error_description=\"IDX10214: Audience validation failed.\"");
    QElapsedTimer timer;
    const int parses = 100000;
    timer.start();
    qsizetype sink = 0;
    for (int i = 0; i < parses; ++i)
        sink += parseWwwAuthenticate(challenge).size();
    print(QStringLiteral("WWW-Authenticate parse: %1 us per header (%2 headers, %3 challenges)")
              .arg(double(timer.nsecsElapsed()) / 1000.0 / parses, 0, 'f', 2)
              .arg(parses)
              .arg(sink));

    emulator::Emulator emulator;
    QString error;
    if (!emulator.start(emulator::EmulatorOptions {}, &error)) {
        print(QStringLiteral("emulator did not start: ") + error);
        return 1;
    }
    const SeedFacts facts = seedFacts(emulator.scenario());
    HttpClient http;
    const QUrl url = emulator.baseUrl().resolved(QUrl(facts.function->path));
    struct Case
    {
        const char *name;
        QString token;
    };
    const QList<Case> cases {
        { "200 (right audience, DoAll)", imdsToken(http, emulator.baseUrl(), facts.audience) },
        { "401 (wrong audience)",
            imdsToken(http, emulator.baseUrl(), QStringLiteral("https://management.azure.com/")) },
        { "403 (no assignment)", imdsToken(http, emulator.baseUrl(), facts.audience, facts.noAccessClientId) },
    };
    for (const Case &c : cases) {
        HttpRequest request;
        request.url = url;
        request = withBearerToken(request, c.token);
        QList<double> callMs, analysisUs;
        int status = 0;
        for (int i = 0; i < calls; ++i) {
            timer.start();
            const HttpExchange exchange = http.sendAndWait(request);
            callMs.append(double(timer.nsecsElapsed()) / 1e6);
            timer.start();
            const CallResult result = analyzeCall(exchange);
            const DecodeResult decoded = decodeToken(result.sentBearerToken());
            DiagnosisInput input;
            input.token = decoded.ok() ? &decoded.token : nullptr;
            input.call = &result;
            const Findings findings = diagnose(input);
            analysisUs.append(double(timer.nsecsElapsed()) / 1e3);
            status = result.status();
            sink += findings.size();
        }
        print(QStringLiteral("%1: HTTP %2, call median %3 ms, p95 %4 ms; analysis + decode + diagnosis median %5 us "
                             "(%6 calls)")
                  .arg(QLatin1String(c.name))
                  .arg(status)
                  .arg(percentile(callMs, 0.5), 0, 'f', 2)
                  .arg(percentile(callMs, 0.95), 0, 'f', 2)
                  .arg(percentile(analysisUs, 0.5), 0, 'f', 1)
                  .arg(calls));
    }
    return sink > 0 ? 0 : 1;
}
