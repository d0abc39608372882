#include "scopedtrust.h"

#include <QHostAddress>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace idex {

namespace {

X509 *toX509(const QSslCertificate &cert)
{
    const QByteArray der = cert.toDer();
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    return d2i_X509(nullptr, &p, long(der.size()));
}

QString plainHost(QString host)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    return host.toLower();
}

} // namespace

QString ScopedTrust::key(const QString &host, int port)
{
    return plainHost(host) + u'#' + QString::number(port);
}

void ScopedTrust::trust(const QString &host, int port, const QList<QSslCertificate> &authorities)
{
    if (authorities.isEmpty())
        forget(host, port);
    else
        m_byOrigin.insert(key(host, port), authorities);
}

void ScopedTrust::forget(const QString &host, int port)
{
    m_byOrigin.remove(key(host, port));
}

QList<QSslCertificate> ScopedTrust::authoritiesFor(const QUrl &url) const
{
    if (url.scheme() != QLatin1String("https"))
        return {};
    return m_byOrigin.value(key(url.host(), url.port(443)));
}

bool ScopedTrust::chainVerifies(
    const QList<QSslCertificate> &chain, const QList<QSslCertificate> &authorities, const QString &host)
{
    if (chain.isEmpty() || authorities.isEmpty())
        return false;
    X509_STORE *store = X509_STORE_new();
    for (const QSslCertificate &ca : authorities) {
        if (X509 *x = toX509(ca)) {
            X509_STORE_add_cert(store, x);
            X509_free(x);
        }
    }
    X509 *leaf = toX509(chain.first());
    STACK_OF(X509) *intermediates = sk_X509_new_null();
    for (qsizetype i = 1; i < chain.size(); ++i)
        if (X509 *x = toX509(chain.at(i)))
            sk_X509_push(intermediates, x);
    bool ok = false;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (leaf && ctx && X509_STORE_CTX_init(ctx, store, leaf, intermediates) == 1) {
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
        const QString name = plainHost(host);
        const QByteArray ascii = name.toLatin1();
        const bool named = QHostAddress(name).isNull() ? X509_VERIFY_PARAM_set1_host(param, ascii.constData(), 0) == 1
                                                       : X509_VERIFY_PARAM_set1_ip_asc(param, ascii.constData()) == 1;
        ok = named && X509_verify_cert(ctx) == 1;
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(intermediates, X509_free);
    X509_free(leaf);
    X509_STORE_free(store);
    return ok;
}

} // namespace idex
