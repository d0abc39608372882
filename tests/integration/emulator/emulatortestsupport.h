#pragma once
// Helpers shared by the emulator's integration tests: real HTTP over loopback through idex::HttpClient, and an
// independent JWT check (OpenSSL, the x5c certificate the JWKS publishes), so the emulator never grades itself.

#include "emulator/emulator.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace idex::emulator::testing {

struct Answer
{
    int status = 0;
    QByteArray body;
    HttpResponse response;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray jsonArray() const { return QJsonDocument::fromJson(body).array(); }
    QByteArray header(QByteArrayView name) const { return response.header(name); }
};

Answer send(HttpClient &client, const QByteArray &method, const QUrl &url, const HeaderList &headers = {},
    const QByteArray &body = {}, const QByteArray &pinnedThumbprint = {});
QUrl url(const Emulator &emulator, const QString &path, const QList<QPair<QString, QString>> &query = {});
/*! The header the admin API requires: "Authorization: Bearer <the emulator's admin token>". */
HeaderList adminAuth(const Emulator &emulator);

/*! An answer read off a raw socket: what a request with hand-made headers (Host, Origin, none at all) got. */
struct RawAnswer
{
    QByteArray raw; ///< every byte received
    QByteArray head; ///< status line and header lines, without the blank line
    QByteArray body;
    int status = 0; ///< 0 when no status line came back
    QList<QByteArray> headerLines() const { return head.split('\n').mid(1); }
    QByteArray header(QByteArrayView name) const; ///< first header of that name, trimmed
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

/*! Writes \a bytes to 127.0.0.1:\a port (TLS without certificate checks when \a tls), waits (event loop running)
    until one whole answer (by Content-Length) arrived or the server closed, at most \a timeoutMs. */
RawAnswer rawExchange(quint16 port, const QByteArray &bytes, bool tls = false, int timeoutMs = 10000);

/*! Splits a JWT; false when it does not have three base64url JSON parts. */
bool decodeJwt(const QString &token, QJsonObject *header, QJsonObject *claims);

/*! Verifies \a token's RS256 signature with the key of matching kid from \a jwks (via the x5c certificate, and
    checks that n/e and x5t agree with it). Returns an empty string on success, else why. */
QString verifyWithJwks(const QString &token, const QJsonObject &jwks);

/*! Fetches {iss}/.well-known/openid-configuration then its jwks_uri over HTTP, and verifies \a token with it. */
QString verifyViaDiscovery(HttpClient &client, const QString &token);

} // namespace idex::emulator::testing
