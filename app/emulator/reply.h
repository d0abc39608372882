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

    /*! The bytes on the wire: status line, headers, Content-Length, body (no body for HEAD). */
    QByteArray serialize(bool headRequest) const;
};

QByteArray reasonPhrase(int status);

} // namespace idex::emulator
