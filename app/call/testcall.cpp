#include "testcall.h"

#include "callanalysis.h"
#include "net/httpclient.h"

namespace idex {

TestCall::TestCall(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{ }

void TestCall::start(const HttpRequest &request)
{
    if (m_call) {
        // The old call's answer is no longer wanted: disconnect before canceling so it cannot overtake the new one.
        disconnect(m_call, nullptr, this, nullptr);
        m_call->cancel();
    }
    m_call = m_http.send(request);
    connect(m_call, &HttpCall::finished, this, [this](const HttpExchange &exchange) {
        m_call = nullptr;
        Q_EMIT finished(analyzeCall(exchange));
    });
    Q_EMIT started(request);
}

void TestCall::cancel()
{
    if (m_call)
        m_call->cancel(); // finished() follows with HttpFailure::Canceled
}

CallResult TestCall::run(HttpClient &http, const HttpRequest &request)
{
    return analyzeCall(http.sendAndWait(request));
}

HttpRequest withBearerToken(HttpRequest request, const QString &token)
{
    const QString trimmed = token.trimmed();
    if (trimmed.isEmpty()) {
        request.headers.removeIf(
            [](const auto &header) { return header.first.compare("authorization", Qt::CaseInsensitive) == 0; });
        return request;
    }
    request.setHeader("Authorization", "Bearer " + trimmed.toLatin1());
    return request;
}

} // namespace idex
