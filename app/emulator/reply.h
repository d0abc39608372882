#pragma once

#include "net/httptypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace idex::emulator {

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

QByteArray reasonPhrase(int status);

/*! What goes out instead of a reply whose headers cannot be written (see Reply::wireProblem). */
Reply unwritableReplyError();

} // namespace idex::emulator
