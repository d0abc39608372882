#pragma once

#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace idex {

/*! Certificate authorities trusted for one origin each (https, host, port), never globally: the emulator's local
    CA makes the emulator's HTTPS port trusted and nothing else, so a certificate from that CA on another port or
    under another name is refused like any unknown certificate. */
class ScopedTrust
{
public:
    void trust(const QString &host, int port, const QList<QSslCertificate> &authorities);
    void forget(const QString &host, int port);
    /*! The extra authorities for \a url: empty unless it is https and its host and port are a trusted origin. */
    QList<QSslCertificate> authoritiesFor(const QUrl &url) const;

    /*! True when \a chain (leaf first, as the server sent it) leads to one of \a authorities and the leaf names
        \a host (DNS name or IP address); OpenSSL's own chain and host checks, without the system's roots. */
    static bool chainVerifies(
        const QList<QSslCertificate> &chain, const QList<QSslCertificate> &authorities, const QString &host);

private:
    static QString key(const QString &host, int port);
    QHash<QString, QList<QSslCertificate>> m_byOrigin;
};

} // namespace idex
