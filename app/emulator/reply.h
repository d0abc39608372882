#pragma once

#include "net/httptypes.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace idex::emulator {

/*! A token signature still being computed on the signing pool: the body holds \a placeholder where its base64url
    text goes. The placeholder holds a random per-process nonce, so no request can make a body contain it. */
struct PendingSignature
{
    QByteArray placeholder;
    QFuture<QByteArray> signature; ///< base64url of the RSA signature; empty when signing failed
};

/*! One HTTP answer a route produces; the server writes it (after delayMs when a latency fault applies). */
struct Reply
{
    int status = 200;
    HeaderList headers;
    QByteArray body;
    int delayMs = 0;
    /*! Close the connection after the answer (malformed or oversized requests). */
    bool closeConnection = false;
    /*! One line for the request log (no secrets). */
    QString note;
    /*! Set when the body waits for a token's signature (see completeSignature()). */
    std::optional<PendingSignature> pendingSignature;

    /*! Puts the finished signature in place of the placeholder. A signature that failed turns the answer into a
        500 (a token without its signature never goes out). Call only once pendingSignature's future finished. */
    void completeSignature();

    static Reply json(int status, const QJsonObject &object);
    static Reply json(int status, const QJsonArray &array);
    static Reply text(int status, const QByteArray &text, const QByteArray &contentType = "text/plain; charset=utf-8");
    void setHeader(const QByteArray &name, const QByteArray &value) { setHeaderValue(headers, name, value); }
    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }

    /*! Why this reply cannot go on the wire as it is (empty when it can): a status outside 100-599, a header name
        that is not an RFC 9110 token, or a header value with CR, LF, NUL or another control character but HTAB. */
    QString wireProblem() const;

    /*! The bytes on the wire: status line, headers, Content-Length, body (no body for HEAD). A reply with a
        wireProblem() is never written as it is: a 500 goes out instead, so no header can be split or smuggled. */
    QByteArray serialize(bool headRequest) const;
};

QByteArrayView reasonPhrase(int status);

/*! What goes out instead of a reply whose headers cannot be written (see Reply::wireProblem). */
Reply unwritableReplyError();

} // namespace idex::emulator
