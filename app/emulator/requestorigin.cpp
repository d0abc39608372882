#include "requestorigin.h"

#include <QJsonObject>

#include <algorithm>

namespace idex::emulator {

namespace {

Reply refusal(int status, const QString &error, const QString &description)
{
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"), error }, { QStringLiteral("error_description"), description } });
}

/*! "127.0.0.1" or "[::1]" (IPv4-mapped IPv6 as IPv4), as it appears in a Host header. */
QByteArray hostForm(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4).toString().toLatin1();
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        QHostAddress plain = address;
        plain.setScopeId(QString());
        return '[' + plain.toString().toLatin1().toLower() + ']';
    }
    return address.toString().toLatin1();
}

/*! Splits "name[:port]" / "[v6][:port]"; false when malformed. \a port is -1 when absent. Views into \a value: this
    runs on every request. */
bool splitHost(QByteArrayView value, QByteArrayView *name, int *port)
{
    qsizetype colon = -1;
    if (value.startsWith('[')) {
        const qsizetype close = value.indexOf(']');
        if (close < 0)
            return false;
        if (close + 1 < value.size()) {
            if (value.at(close + 1) != ':')
                return false;
            colon = close + 1;
        }
    } else {
        colon = value.lastIndexOf(':');
        if (colon >= 0 && value.indexOf(':') != colon)
            return false; // a bare IPv6 address must be in brackets
    }
    *name = colon < 0 ? value : value.first(colon);
    *port = -1;
    if (colon >= 0) {
        const QByteArrayView digits = value.sliced(colon + 1);
        if (digits.isEmpty() || digits.size() > 5)
            return false;
        int number = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9')
                return false;
            number = number * 10 + (c - '0');
        }
        *port = number;
    }
    return !name->isEmpty();
}

} // namespace

bool hostIsServed(const Request &r, Reply *reply)
{
    // Formatted for refusals only (every request passes here).
    const auto served = [&r] { return QStringLiteral("127.0.0.1:%1, localhost:%1 or [::1]:%1").arg(r.localPort); };
    if (!r.hasHeader("Host")) {
        if (r.http10)
            return true;
        *reply = refusal(400, QStringLiteral("bad_request"),
            QStringLiteral("HTTP/1.1 requests need a Host header; this emulator serves %1.").arg(served()));
        return false;
    }
    const QByteArray raw = r.header("Host");
    QByteArrayView value = QByteArrayView(raw).trimmed();
    QByteArray lowered; // made only for a name with capitals (QByteArray::toLower changes ASCII only, as here)
    if (std::any_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        lowered = value.toByteArray().toLower();
        value = lowered;
    }
    QByteArrayView name;
    int port = -1;
    if (!splitHost(value, &name, &port)) {
        *reply = refusal(400, QStringLiteral("bad_request"),
            QStringLiteral("The Host header is malformed; this emulator serves %1.").arg(served()));
        return false;
    }
    if (port < 0)
        port = r.tls ? 443 : 80;
    const bool nameServed = name == "127.0.0.1" || name == "localhost" || name == "[::1]" || name == hostForm(r.local);
    if (nameServed && port == r.localPort)
        return true;
    *reply = refusal(421, QStringLiteral("misdirected_request"),
        QStringLiteral("This emulator serves %1, not the Host '%2' (requests for other names are refused so "
                       "that a web page cannot reach it through DNS rebinding).")
            .arg(served(), QString::fromLatin1(value.first(std::min<qsizetype>(200, value.size())))));
    return false;
}

bool notFromAWebPage(const Request &r, Reply *reply)
{
    const QByteArray site = r.header("Sec-Fetch-Site").trimmed().toLower();
    if (!r.hasHeader("Origin") && site != "cross-site" && site != "same-site")
        return true;
    *reply = refusal(403, QStringLiteral("forbidden"),
        QStringLiteral(
            "The admin API does not answer requests sent by web pages (Origin or Sec-Fetch-Site header present)."));
    return false;
}

} // namespace idex::emulator
