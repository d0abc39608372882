#pragma once

#include "net/httpclient.h"
#include "sourceconfig.h"
#include "tokensource.h"

#include <QPointer>

#include <optional>
#include <variant>

class QTimer;

namespace idex {

/*! The common shape of the HTTP protocols: build a request, send it, follow a challenge if the protocol has one,
    retry transient answers by the protocol's RetryPolicy (with a cancellable wait), then read the token or explain
    the failure. Subclasses only say how their requests look. */
class HttpTokenSource : public TokenSource
{
    Q_OBJECT
public:
    HttpTokenSource(HttpClient &http, SourceConfig config, QObject *parent = nullptr);

    const SourceConfig &config() const { return m_config; }
    QUrl endpoint() const override { return tokenUrl(); }
    RetryPolicy retryPolicy() const;

protected:
    using Step = std::variant<HttpRequest, TokenFailure>;

    /*! The token URL from the config or the environment; empty when neither gives one. */
    virtual QUrl tokenUrl() const = 0;
    virtual Step buildRequest(const TokenRequest &request) = 0;
    /*! A non-final answer the protocol answers with a second request (Azure Arc's 401 challenge). */
    virtual std::optional<Step> followUp(const HttpExchange &exchange);
    virtual RetryPolicy defaultRetryPolicy() const { return RetryPolicy::standard(); }

    /*! A request with this source's timeout, never through a proxy (managed identity endpoints are host-local). */
    HttpRequest baseRequest(const QUrl &url) const;
    using Query = QList<QPair<QString, QString>>;
    /*! \a url with \a query appended, every value percent-encoded like encodeURIComponent. */
    static QUrl withQuery(const QUrl &url, const Query &query);
    /*! The user-assigned parameter for \a identity under this protocol's names (empty name: not supported). */
    static void addIdentity(Query &query, const IdentitySelector &identity, const QString &clientName,
        const QString &objectName, const QString &resourceName);
    /*! The failure for a missing endpoint/variable, naming what to set. */
    TokenFailure notConfigured(const QString &what, const QString &fix) const;

    void begin(const TokenRequest &request) override;
    void abort() override;
    Transcript transcriptSoFar() const override { return m_transcript; }

private:
    void send(const HttpRequest &request);
    void onFinished(HttpExchange exchange);
    void finishWithToken(const HttpExchange &exchange);
    void failWith(TokenFailure failure);

    HttpClient &m_http;
    SourceConfig m_config;
    TokenRequest m_request;
    HttpRequest m_current;
    Transcript m_transcript;
    int m_retries = 0;
    QPointer<HttpCall> m_call;
    QTimer *m_retryTimer;
};

} // namespace idex
