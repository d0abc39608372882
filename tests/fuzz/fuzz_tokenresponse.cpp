// libFuzzer target for what a token endpoint answers: the JSON token response of every protocol
// (parseTokenResponse), each expires_on / expires_in form alone, the Azure CLI's output, and the error answers
// the failure explainer reads (endpointErrorText, explainFailure for every source). Invariants: a parsed response
// has a token; expiry dates stay in QDateTime's sane range; error text shown to the user is bounded and carries
// no token that was in the answer.
#include "fuzzsupport.h"
#include "identity/azureclisource.h"
#include "identity/failureexplainer.h"
#include "identity/tokenresponse.h"

#include <QJsonValue>

namespace {

bool sane(const QDateTime &when)
{
    return !when.isValid() || (when.date().year() >= 1 && when.date().year() <= 10000);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1764158400, Qt::UTC);

    QString error;
    if (const auto response = parseTokenResponse(bytes, now, &error)) {
        fuzz::require(!response->accessToken.isEmpty(), "a token response without a token was accepted");
        fuzz::require(sane(response->expiresOn) && sane(response->notBefore), "an expiry outside any calendar");
    } else {
        fuzz::require(!error.isEmpty(), "a refused token response must say why");
    }

    const QString text = QString::fromUtf8(bytes);
    if (const auto on = parseExpiresOn(text, now))
        fuzz::require(sane(*on), "expires_on outside any calendar");
    (void)parseExpiresOn(QJsonValue(text.toDouble()), now);
    if (const auto in = parseExpiresIn(QJsonValue(text), now))
        fuzz::require(sane(*in), "expires_in outside any calendar");

    (void)AzureCliSource::parseOutput(bytes, &error);

    const QString shown = endpointErrorText(bytes);
    fuzz::require(shown.size() <= 401, "the endpoint error text is not shortened");

    static const QStringList sources { QStringLiteral("imds"), QStringLiteral("appservice"),
        QStringLiteral("appservice2017"), QStringLiteral("azureml"), QStringLiteral("arc"),
        QStringLiteral("cloudshell"), QStringLiteral("servicefabric"), QStringLiteral("workloadidentity"),
        QStringLiteral("emulator") };
    static const int statuses[] = { 400, 401, 403, 404, 410, 429, 500, 503 };
    HttpExchange exchange;
    exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/metadata/identity/oauth2/token"));
    exchange.response.status = statuses[size % std::size(statuses)];
    exchange.response.body = bytes;
    exchange.response.headers = { { "Content-Type", "application/json" } };
    (void)explainFailure(sources.at(qsizetype(size % size_t(sources.size()))), exchange);
    return 0;
}
