#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>

namespace idex {

/*! Header lines in the order they were sent or received; names keep their spelling (it matters to some endpoints). */
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/*! Case-insensitive lookup of the first header called \a name; empty when absent. */
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);
/*! Replaces (or appends) the header \a name, matching case-insensitively. */
void setHeaderValue(HeaderList &headers, const QByteArray &name, const QByteArray &value);

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    /*! The whole exchange must finish within this time, or it fails with HttpFailure::Timeout. */
    std::chrono::milliseconds timeout { 15000 };
    /*! Managed identity endpoints are local to the host: SDKs never send them through a proxy. Loopback always
     * bypasses. */
    bool bypassProxy = false;
    /*! Redirects are shown, not followed, unless asked: a silent redirect would hide where a token went. */
    bool followRedirects = false;
    /*! Accept a server certificate that fails validation only when its SHA-1 thumbprint (hex, any case) equals this
        (Service Fabric's IDENTITY_SERVER_THUMBPRINT rule). Never "ignore all errors". */
    QByteArray pinnedSha1Thumbprint;
    /*! Explicit per-request user choice, shown with a warning wherever it is set. */
    bool ignoreTlsErrors = false;
    /*! Responses larger than this are cut off with an error rather than filling memory. */
    qint64 maxResponseBytes = 64 * 1024 * 1024;

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    void setHeader(const QByteArray &name, const QByteArray &value) { setHeaderValue(headers, name, value); }
};

enum class HttpFailure {
    None, ///< the server answered (any status)
    Timeout, ///< no complete answer within HttpRequest::timeout
    Canceled, ///< the user canceled
    ConnectionRefused, ///< nothing listens there
    HostNotFound, ///< DNS failed
    Tls, ///< TLS handshake or certificate failure
    TooLarge, ///< response over HttpRequest::maxResponseBytes
    Other, ///< any other transport error (see HttpResponse::error)
};

struct HttpResponse
{
    int status = 0; ///< 0 when no HTTP answer arrived
    QByteArray reason;
    HeaderList headers;
    QByteArray body;
    HttpFailure failure = HttpFailure::None;
    QString error; ///< transport error in words; empty when the server answered
    QStringList tlsErrors; ///< certificate problems seen, whether or not they were accepted
    QByteArray peerCertificateSha1; ///< hex, upper case; empty for plain HTTP
    QString peerCertificateSubject;
    QString tlsProtocol;
    QString tlsCipher;
    qint64 elapsedMs = 0;

    bool answered() const { return failure == HttpFailure::None; }
    bool isSuccess() const { return answered() && status >= 200 && status < 300; }
    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
};

/*! One request and its answer: a line of a transcript. */
struct HttpExchange
{
    HttpRequest request;
    HttpResponse response;
    QDateTime startedAt;
    /*! Why this attempt happened or what followed it ("retry 2 of 3 after 410", "waiting 4 s (Retry-After)"). */
    QString note;
};

using Transcript = QList<HttpExchange>;

/*! Short description of a failure kind, e.g. "connection refused". */
QString describeFailure(HttpFailure failure);

} // namespace idex
