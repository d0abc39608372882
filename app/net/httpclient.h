#pragma once

#include "httptypes.h"
#include "scopedtrust.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace idex {

/*! One request in flight. Emits finished() exactly once (also after cancel()), then deletes itself. */
class HttpCall : public QObject
{
    Q_OBJECT
public:
    void cancel();

Q_SIGNALS:
    void finished(const idex::HttpExchange &exchange);

private:
    friend class HttpClient;
    HttpCall(const HttpRequest &request, QNetworkReply *reply, const QList<QSslCertificate> &scopedAuthorities,
        QObject *parent);
    void onSslErrors(const QList<class QSslError> &errors);
    void onFinished();
    void enforcePin(const class QSslConfiguration &tls);

    HttpExchange m_exchange;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_deadline = nullptr;
    qint64 m_startMs = 0;
    bool m_timedOut = false;
    bool m_canceled = false;
    bool m_tooLarge = false;
    QList<QSslCertificate> m_scopedAuthorities; ///< extra CAs trusted for this request's origin only
};

/*! The one owner of the QNetworkAccessManager: every HTTP request of the app goes through here, so timeouts,
    proxy rules, TLS pinning and transcripts are the same everywhere. Lives on the thread that created it. */
class HttpClient : public QObject
{
    Q_OBJECT
public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    /*! Starts \a request; connect to HttpCall::finished (with a context object). */
    HttpCall *send(const HttpRequest &request);

    /*! Runs a local event loop until the answer arrives. For the command line and tests, never the GUI thread. */
    HttpExchange sendAndWait(const HttpRequest &request);

    /*! Trusts \a authorities besides the system's, for https://host:port only (the emulator's local CA for the
        emulator's HTTPS port); an empty list forgets the origin. A certificate from them elsewhere is refused. */
    void trustAuthoritiesFor(const QString &host, int port, const QList<QSslCertificate> &authorities);

private:
    ScopedTrust m_trust;
    QNetworkAccessManager *m_proxied;
    QNetworkAccessManager *m_direct;
};

/*! True for 127.0.0.0/8, ::1 and "localhost". */
bool isLoopbackHost(const QString &host);

} // namespace idex
