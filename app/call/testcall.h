#pragma once

#include "callresult.h"

#include <QObject>
#include <QPointer>

namespace idex {

class HttpCall;
class HttpClient;

/*! Sends one request to a protected API through the app's HttpClient and analyses the answer. The GUI uses start()
    and finished(); the command line and tests use run(). One call at a time per TestCall. */
class TestCall : public QObject
{
    Q_OBJECT
public:
    explicit TestCall(HttpClient &http, QObject *parent = nullptr);

    /*! Starts \a request; a call still running is canceled first (its finished() is not emitted). */
    void start(const HttpRequest &request);
    void cancel();
    bool isRunning() const { return !m_call.isNull(); }

    /*! Blocking form for the command line and tests (runs a local event loop); never on the GUI thread. */
    static CallResult run(HttpClient &http, const HttpRequest &request);

Q_SIGNALS:
    void started(const idex::HttpRequest &request);
    void finished(const idex::CallResult &result);

private:
    HttpClient &m_http;
    QPointer<HttpCall> m_call;
};

/*! \a request with `Authorization: Bearer <token>` set, or the Authorization header removed when \a token is empty. */
HttpRequest withBearerToken(HttpRequest request, const QString &token);

} // namespace idex
