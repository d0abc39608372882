#pragma once

#include "tokenfailure.h"
#include "tokenrequest.h"
#include "tokenresult.h"

#include <QObject>
#include <QUrl>

namespace idex {

/*! One way of getting a managed identity token. Asynchronous: start() returns at once; exactly one of succeeded() or
    failed() follows (failed with code "canceled" after cancel()). A source runs one request at a time. */
class TokenSource : public QObject
{
    Q_OBJECT
public:
    explicit TokenSource(QObject *parent = nullptr);

    virtual QString id() const = 0; ///< "imds", "appservice", ... (the `idex token --source` names)
    virtual QString displayName() const = 0;
    /*! The URL that will be contacted, as far as it is known before starting (for display). */
    virtual QUrl endpoint() const { return {}; }
    /*! Empty when the protocol can ask for \a identity; otherwise the reason it cannot. */
    virtual QString refusal(const IdentitySelector &identity) const;
    /*! False for sources that do not take a resource (a pasted token). */
    virtual bool needsResource() const { return true; }

    void start(const TokenRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /*! One HTTP exchange finished (raw: redact before showing). */
    void attempted(const idex::HttpExchange &exchange);
    /*! A transient answer: the next attempt starts in \a delayMs (real time, already scaled). */
    void retryScheduled(int retry, qint64 delayMs, const QString &reason);
    void succeeded(const idex::TokenResult &result);
    void failed(const idex::TokenFailure &failure);

protected:
    /*! Starts the work for an already validated request. */
    virtual void begin(const TokenRequest &request) = 0;
    /*! Stops the work in flight; cancel() reports the failure. */
    virtual void abort() = 0;
    /*! The exchanges so far, attached to a cancel. */
    virtual Transcript transcriptSoFar() const { return {}; }

    void succeed(TokenResult result);
    void fail(TokenFailure failure);
    /*! fail() on the next event loop turn, so start() never reports synchronously. */
    void failLater(const TokenFailure &failure);
    TokenFailure makeFailure(
        const QString &code, const QString &title, const QString &detail, const QString &fix) const;

private:
    bool m_running = false;
    quint64 m_generation = 0; ///< drops a queued failLater() that belongs to an earlier, canceled run
};

} // namespace idex
