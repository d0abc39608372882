#include "httpclient.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

namespace idex {

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2: return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLS 1.3");
    default: return QStringLiteral("TLS");
    }
}

HttpFailure classify(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError: return HttpFailure::ConnectionRefused;
    case QNetworkReply::HostNotFoundError: return HttpFailure::HostNotFound;
    case QNetworkReply::TimeoutError: return HttpFailure::Timeout;
    case QNetworkReply::SslHandshakeFailedError: return HttpFailure::Tls;
    case QNetworkReply::OperationCanceledError: return HttpFailure::Canceled;
    default: return HttpFailure::Other;
    }
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

HttpCall::HttpCall(
    const HttpRequest &request, QNetworkReply *reply, const QList<QSslCertificate> &scopedAuthorities, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_deadline(new QTimer(this))
    , m_startMs(monotonicMs())
    , m_scopedAuthorities(scopedAuthorities)
{
    m_exchange.request = request;
    m_exchange.startedAt = QDateTime::currentDateTimeUtc();

    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    m_deadline->start(request.timeout);

    connect(reply, &QNetworkReply::sslErrors, this, &HttpCall::onSslErrors);
    connect(reply, &QNetworkReply::finished, this, &HttpCall::onFinished);
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (received > m_exchange.request.maxResponseBytes && m_reply) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
}

void HttpCall::cancel()
{
    m_canceled = true;
    if (m_reply)
        m_reply->abort();
}

void HttpCall::onSslErrors(const QList<QSslError> &errors)
{
    auto &response = m_exchange.response;
    for (const QSslError &error : errors)
        response.tlsErrors.append(error.errorString());

    const HttpRequest &request = m_exchange.request;
    if (request.ignoreTlsErrors) {
        m_reply->ignoreSslErrors(errors);
        return;
    }
    if (!request.pinnedSha1Thumbprint.isEmpty()) {
        const QByteArray actual
            = m_reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha1).toHex();
        if (actual.compare(request.pinnedSha1Thumbprint.trimmed(), Qt::CaseInsensitive) == 0)
            m_reply->ignoreSslErrors(errors);
        else
            response.tlsErrors.append(QStringLiteral("Certificate thumbprint %1 does not match the pinned %2")
                                          .arg(QString::fromLatin1(actual.toUpper()),
                                              QString::fromLatin1(request.pinnedSha1Thumbprint.toUpper())));
    }
}

void HttpCall::enforcePin(const QSslConfiguration &tls)
{
    // sslErrors() fires only during a handshake. A kept-alive or resumed TLS connection skips it, and Qt reuses a
    // connection that an earlier request accepted through its pin. So every HTTPS answer is checked again here: the
    // certificate must validate on its own, or carry this request's pinned thumbprint.
    const HttpRequest &request = m_exchange.request;
    auto &response = m_exchange.response;
    if (request.ignoreTlsErrors || !response.answered() || request.url.scheme() != QLatin1String("https")
        || tls.peerCertificate().isNull())
        return;
    const bool pinMatches = !request.pinnedSha1Thumbprint.isEmpty()
        && response.peerCertificateSha1.compare(request.pinnedSha1Thumbprint.trimmed(), Qt::CaseInsensitive) == 0;
    if (pinMatches || QSslCertificate::verify(tls.peerCertificateChain(), request.url.host()).isEmpty())
        return;
    if (ScopedTrust::chainVerifies(tls.peerCertificateChain(), m_scopedAuthorities, request.url.host()))
        return;
    // Whatever came back over an unverified connection is not shown as an answer.
    response.status = 0;
    response.reason.clear();
    response.headers.clear();
    response.body.clear();
    response.failure = HttpFailure::Tls;
    response.error = request.pinnedSha1Thumbprint.isEmpty()
        ? QStringLiteral("The server certificate (thumbprint %1) is not trusted")
              .arg(QString::fromLatin1(response.peerCertificateSha1))
        : QStringLiteral(
            "Certificate thumbprint %1 does not match the pinned %2 (and the certificate does not validate)")
              .arg(QString::fromLatin1(response.peerCertificateSha1),
                  QString::fromLatin1(request.pinnedSha1Thumbprint.toUpper()));
    response.tlsErrors.append(response.error);
}

void HttpCall::onFinished()
{
    m_deadline->stop();
    auto &response = m_exchange.response;
    response.elapsedMs = monotonicMs() - m_startMs;

    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && !m_timedOut && !m_canceled && !m_tooLarge) {
        response.status = status.toInt();
        response.reason = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        for (const auto &pair : m_reply->rawHeaderPairs())
            response.headers.append(pair);
        response.body = m_reply->readAll();
    } else if (m_timedOut) {
        response.failure = HttpFailure::Timeout;
        response.error = QStringLiteral("No answer within %1 ms").arg(m_exchange.request.timeout.count());
    } else if (m_canceled) {
        response.failure = HttpFailure::Canceled;
        response.error = QStringLiteral("Canceled");
    } else if (m_tooLarge) {
        response.failure = HttpFailure::TooLarge;
        response.error
            = QStringLiteral("The response is larger than %1 bytes").arg(m_exchange.request.maxResponseBytes);
    } else {
        response.failure = classify(m_reply->error());
        response.error = m_reply->errorString();
        if (!response.tlsErrors.isEmpty() && response.failure != HttpFailure::Tls) {
            response.failure = HttpFailure::Tls;
        }
    }

    const QSslConfiguration tls = m_reply->sslConfiguration();
    if (!tls.peerCertificate().isNull()) {
        response.peerCertificateSha1 = tls.peerCertificate().digest(QCryptographicHash::Sha1).toHex().toUpper();
        response.peerCertificateSubject = tls.peerCertificate().subjectDisplayName();
        response.tlsProtocol = protocolName(tls.sessionProtocol());
        response.tlsCipher = tls.sessionCipher().name();
    }
    enforcePin(tls);

    m_reply->deleteLater();
    Q_EMIT finished(m_exchange);
    deleteLater();
}

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_proxied(new QNetworkAccessManager(this))
    , m_direct(new QNetworkAccessManager(this))
{
    m_direct->setProxy(QNetworkProxy::NoProxy);
}

HttpClient::~HttpClient() = default;

HttpCall *HttpClient::send(const HttpRequest &request)
{
    QNetworkRequest qrequest(request.url);
    for (const auto &[name, value] : request.headers)
        qrequest.setRawHeader(name, value);
    qrequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
        request.followRedirects ? QNetworkRequest::NoLessSafeRedirectPolicy : QNetworkRequest::ManualRedirectPolicy);
    // Cookies and HTTP caching would make one call depend on the last: a diagnostic tool sends exactly what it shows.
    qrequest.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    qrequest.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    qrequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    qrequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    const QList<QSslCertificate> scoped = m_trust.authoritiesFor(request.url);
    if (!scoped.isEmpty()) {
        QSslConfiguration tls = qrequest.sslConfiguration();
        tls.addCaCertificates(scoped);
        qrequest.setSslConfiguration(tls);
    }
    const bool direct = request.bypassProxy || isLoopbackHost(request.url.host());
    QNetworkAccessManager *manager = direct ? m_direct : m_proxied;
    QNetworkReply *reply = request.body.isEmpty() && request.method == "GET"
        ? manager->get(qrequest)
        : manager->sendCustomRequest(qrequest, request.method, request.body);
    return new HttpCall(request, reply, scoped, this);
}

void HttpClient::trustAuthoritiesFor(const QString &host, int port, const QList<QSslCertificate> &authorities)
{
    m_trust.trust(host, port, authorities);
}

HttpExchange HttpClient::sendAndWait(const HttpRequest &request)
{
    HttpExchange result;
    QEventLoop loop;
    HttpCall *call = send(request);
    connect(call, &HttpCall::finished, &loop, [&](const HttpExchange &exchange) {
        result = exchange;
        loop.quit();
    });
    loop.exec();
    return result;
}

} // namespace idex
