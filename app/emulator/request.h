#pragma once

#include "net/httptypes.h"

#include <QHostAddress>
#include <QUrlQuery>

namespace idex::emulator {

/*! One HTTP request as the routes see it: a plain value, independent of the server library. */
struct Request
{
    QByteArray method;
    QString path; ///< decoded path, e.g. "/metadata/identity/oauth2/token"
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHostAddress peer;
    QHostAddress local; ///< the address the connection arrived on
    quint16 localPort = 0; ///< the port it arrived on
    bool tls = false;
    bool http10 = false; ///< the request line said HTTP/1.0 (which may omit Host)

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    bool hasHeader(QByteArrayView name) const;
    /*! Fully decoded query parameter (first occurrence); empty when absent. */
    QString queryValue(const QString &name) const;
    /*! How often \a name occurs in the query (IMDS rejects duplicates). */
    int queryCount(const QString &name) const;
    /*! application/x-www-form-urlencoded body parameter ('+' is a space), decoded. */
    QString formValue(const QString &name) const;
};

} // namespace idex::emulator
