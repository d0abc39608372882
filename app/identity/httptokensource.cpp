#include "httptokensource.h"

#include "failureexplainer.h"
#include "tokenresponse.h"

#include <QTimer>

namespace idex {

HttpTokenSource::HttpTokenSource(HttpClient &http, SourceConfig config, QObject *parent)
    : TokenSource(parent)
    , m_http(http)
    , m_config(std::move(config))
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { send(m_current); });
}

RetryPolicy HttpTokenSource::retryPolicy() const
{
    RetryPolicy policy = m_config.retryPolicy.value_or(defaultRetryPolicy());
    policy.timeScale = m_config.retryTimeScale;
    return policy;
}

std::optional<HttpTokenSource::Step> HttpTokenSource::followUp(const HttpExchange &)
{
    return std::nullopt;
}

HttpRequest HttpTokenSource::baseRequest(const QUrl &url) const
{
    HttpRequest request;
    request.url = url;
    request.timeout = m_config.timeout;
    request.bypassProxy = true;
    // A token answer is a few kilobytes; anything far larger is the wrong URL, and is cut off and explained.
    request.maxResponseBytes = 1024 * 1024;
    return request;
}

QUrl HttpTokenSource::withQuery(const QUrl &url, const Query &query)
{
    QByteArray text = url.query(QUrl::FullyEncoded).toLatin1();
    for (const auto &[name, value] : query) {
        if (!text.isEmpty())
            text += '&';
        text += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    QUrl out = url;
    out.setQuery(QString::fromLatin1(text), QUrl::StrictMode);
    return out;
}

void HttpTokenSource::addIdentity(Query &query, const IdentitySelector &identity, const QString &clientName,
    const QString &objectName, const QString &resourceName)
{
    const QString value = identity.value.trimmed();
    switch (identity.kind) {
    case IdentitySelector::Kind::SystemAssigned: return;
    case IdentitySelector::Kind::ClientId:
        if (!clientName.isEmpty())
            query.append({ clientName, value });
        return;
    case IdentitySelector::Kind::ObjectId:
        if (!objectName.isEmpty())
            query.append({ objectName, value });
        return;
    case IdentitySelector::Kind::ResourceId:
        if (!resourceName.isEmpty())
            query.append({ resourceName, value });
        return;
    }
}

TokenFailure HttpTokenSource::notConfigured(const QString &what, const QString &fix) const
{
    return makeFailure(
        QStringLiteral("not-configured"), QStringLiteral("%1 is not set up here").arg(displayName()), what, fix);
}

void HttpTokenSource::begin(const TokenRequest &request)
{
    m_request = request;
    m_transcript.clear();
    m_retries = 0;
    Step step = buildRequest(request);
    if (auto *failure = std::get_if<TokenFailure>(&step)) {
        failLater(*failure);
        return;
    }
    send(std::get<HttpRequest>(step));
}

void HttpTokenSource::abort()
{
    m_retryTimer->stop();
    if (m_call) {
        disconnect(m_call, nullptr, this, nullptr);
        m_call->cancel();
    }
    m_call = nullptr;
}

void HttpTokenSource::send(const HttpRequest &request)
{
    m_current = request;
    m_call = m_http.send(request);
    connect(m_call, &HttpCall::finished, this, &HttpTokenSource::onFinished);
}

void HttpTokenSource::onFinished(HttpExchange exchange)
{
    m_call = nullptr;
    if (!isRunning())
        return;

    if (exchange.response.isSuccess()) {
        m_transcript.append(exchange);
        Q_EMIT attempted(exchange);
        finishWithToken(exchange);
        return;
    }
    if (auto next = followUp(exchange)) {
        if (auto *failure = std::get_if<TokenFailure>(&*next)) {
            m_transcript.append(exchange);
            Q_EMIT attempted(exchange);
            failWith(*failure);
            return;
        }
        exchange.note = QStringLiteral("challenge answered: sending the request again with the key");
        m_transcript.append(exchange);
        Q_EMIT attempted(exchange);
        send(std::get<HttpRequest>(*next));
        return;
    }
    if (const auto decision = retryPolicy().decide(m_retries, exchange.response)) {
        exchange.note = decision->reason;
        m_transcript.append(exchange);
        Q_EMIT attempted(exchange);
        ++m_retries;
        Q_EMIT retryScheduled(m_retries, decision->scaledDelay.count(), decision->reason);
        m_retryTimer->start(decision->scaledDelay);
        return;
    }
    m_transcript.append(exchange);
    Q_EMIT attempted(exchange);
    TokenFailure failure = explainFailure(id(), exchange);
    if (m_retries > 0 && exchange.response.answered())
        failure.detail += QStringLiteral(" (after %1 %2)")
                              .arg(m_retries)
                              .arg(m_retries == 1 ? QStringLiteral("retry") : QStringLiteral("retries"));
    failWith(failure);
}

void HttpTokenSource::finishWithToken(const HttpExchange &exchange)
{
    QString error;
    const auto parsed = parseTokenResponse(exchange.response.body, QDateTime::currentDateTimeUtc(), &error);
    if (!parsed) {
        failWith(makeFailure(QStringLiteral("bad-response"),
            QStringLiteral("The endpoint answered %1 but gave no token").arg(exchange.response.status), error,
            QStringLiteral("Check that the endpoint URL points at the token route of a managed "
                           "identity endpoint (see the transcript).")));
        return;
    }
    TokenResult result;
    result.accessToken = parsed->accessToken;
    result.tokenType = parsed->tokenType;
    result.resource = parsed->resource.isEmpty() ? m_request.resource : parsed->resource;
    result.expiresOn = parsed->expiresOn;
    result.notBefore = parsed->notBefore;
    result.clientId = parsed->clientId;
    result.identity = m_request.identity;
    result.endpoint = exchange.request.url.toString(QUrl::RemoveQuery);
    result.transcript = m_transcript;
    succeed(result);
}

void HttpTokenSource::failWith(TokenFailure failure)
{
    failure.sourceId = id();
    failure.sourceName = displayName();
    if (failure.endpoint.isEmpty())
        failure.endpoint = m_current.url.toString(QUrl::RemoveQuery);
    failure.transcript = m_transcript;
    failure.attempts = int(m_transcript.size());
    fail(failure);
}

} // namespace idex
