#pragma once

#include "workfile.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <memory>

namespace idex::emulator {

/*! What the HTTPS listener presents: the leaf, the chain after it, its key, and (for the emulator's own CA) the CA
    certificate that clients are told to trust. */
struct TlsIdentity
{
    QSslCertificate leaf;
    QList<QSslCertificate> chain; ///< certificates after the leaf (the local CA, or the user's intermediates)
    QSslKey key;
    QString caPemPath; ///< the local CA's certificate file; empty for a certificate of the user's own
    QByteArray caPem;
    bool isNull() const { return leaf.isNull() || key.isNull(); }
};

/*! The emulator's local certificate authority, one per work directory: generated on first use into
    {workDir}/tls/ (directory 0700, files created exclusively with mode 0600, never through a link), read back on
    later starts so that a client trusts it once. Only the CA is kept; every start issues a fresh leaf for
    127.0.0.1, ::1 and localhost (plus the bind address), kept in memory. Keys are ECDSA P-256. */
class LocalCa
{
public:
    LocalCa();
    ~LocalCa();
    LocalCa(const LocalCa &) = delete;
    LocalCa &operator=(const LocalCa &) = delete;

    /*! Reads the CA of \a workDir, or creates it when neither file exists. A CA file that is there but unusable
        (not PEM, key and certificate do not match, not a CA, expired, a symlink) is an error naming the file:
        it is never replaced silently. */
    bool loadOrCreate(const QString &workDir, QString *error);
    /*! A leaf signed by the CA, valid for the loopback names and \a extraHosts (IP addresses or DNS names). */
    TlsIdentity issueLeaf(const QStringList &extraHosts, QString *error) const;

    QString certificatePath() const { return m_certPath; }
    QByteArray certificatePem() const;

    /*! A certificate of the user's own (--tls-cert, PEM, leaf first then its chain) and its key (--tls-key, PEM,
        RSA or EC, unencrypted). Errors name the file and what is wrong. */
    static bool loadUserCertificate(
        const QString &certPath, const QString &keyPath, TlsIdentity *identity, QString *error);

private:
    struct Native;
    std::unique_ptr<Native> m_native;
    QString m_certPath;
    WorkFiles m_files; ///< never removed: the CA outlives the run by design
};

} // namespace idex::emulator
