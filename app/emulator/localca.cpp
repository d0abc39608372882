#include "localca.h"

#include "net/boundedfile.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace idex::emulator {

namespace {

constexpr auto kCertFile = "ca.pem";
constexpr auto kKeyFile = "ca-key.pem";
constexpr FileLimit kPemLimit { 256 * 1024, "a PEM certificate or key" };

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

QByteArray certPem(X509 *cert)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    QByteArray pem = bioBytes(bio);
    BIO_free(bio);
    return pem;
}

QByteArray keyPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    QByteArray pem = bioBytes(bio);
    BIO_free(bio);
    return pem;
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/*! A new certificate for \a key named \a cn, valid from a day ago for \a days, signed by \a issuerKey (self-signed
    when \a issuer is null). Extensions are added by the caller before signing. */
X509 *newCertificate(EVP_PKEY *key, const QString &cn, long days, X509 *issuer)
{
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *serialBn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(serialBn, X509_get_serialNumber(cert));
    BN_free(serialBn);
    X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
    X509_gmtime_adj(X509_getm_notAfter(cert), days * 86400);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    const QByteArray utf8 = cn.toUtf8();
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(utf8.constData()), -1, -1, 0);
    X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
    return cert;
}

/*! A file of the CA's directory read back: regular, not a link, at most 256 KB. */
BoundedRead readCaFile(const QString &path)
{
    if (QFileInfo(path).isSymLink())
        return {
            {},
            QStringLiteral("%1 is a symbolic link; the emulator does not follow links in its tls/ directory").arg(path)
        };
    return readBoundedFile(path, kPemLimit);
}

QString subjectAltNames(const QStringList &extraHosts)
{
    QStringList names { QStringLiteral("IP:127.0.0.1"), QStringLiteral("IP:::1"), QStringLiteral("DNS:localhost") };
    for (const QString &host : extraHosts) {
        QString plain = host;
        if (plain.startsWith(u'[') && plain.endsWith(u']'))
            plain = plain.mid(1, plain.size() - 2);
        const QHostAddress address(plain);
        if (!address.isNull()) {
            const QString entry = QStringLiteral("IP:") + address.toString();
            if (!names.contains(entry) && !address.isEqual(QHostAddress::Any)
                && !address.isEqual(QHostAddress::AnyIPv6))
                names << entry;
        } else if (!plain.isEmpty() && !plain.contains(u',')) {
            names << QStringLiteral("DNS:") + plain;
        }
    }
    return names.join(u',');
}

} // namespace

struct LocalCa::Native
{
    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    ~Native()
    {
        X509_free(cert);
        EVP_PKEY_free(key);
    }
};

LocalCa::LocalCa()
    : m_native(std::make_unique<Native>())
{ }

LocalCa::~LocalCa() = default;

QByteArray LocalCa::certificatePem() const
{
    return m_native->cert ? certPem(m_native->cert) : QByteArray();
}

bool LocalCa::loadOrCreate(const QString &workDir, QString *error)
{
    const QString dir = WorkFiles::privateSubdirectory(workDir, QStringLiteral("tls"), error);
    if (dir.isEmpty())
        return false;
    const QString certPath = dir + u'/' + QLatin1String(kCertFile);
    const QString keyPath = dir + u'/' + QLatin1String(kKeyFile);
    const bool haveCert = QFileInfo::exists(certPath) || QFileInfo(certPath).isSymLink();
    const bool haveKey = QFileInfo::exists(keyPath) || QFileInfo(keyPath).isSymLink();
    if (haveCert != haveKey) {
        *error = QStringLiteral("%1 is there without %2; the local CA is incomplete: remove the tls/ directory of "
                                "the work directory to make a new CA (clients must then trust the new one)")
                     .arg(haveCert ? certPath : keyPath, haveCert ? keyPath : certPath);
        return false;
    }
    if (haveCert) {
        const BoundedRead cert = readCaFile(certPath);
        const BoundedRead key = cert.ok() ? readCaFile(keyPath) : BoundedRead {};
        if (!cert.ok() || !key.ok()) {
            *error = cert.ok() ? key.error : cert.error;
            return false;
        }
        BIO *certBio = BIO_new_mem_buf(cert.data.constData(), int(cert.data.size()));
        BIO *keyBio = BIO_new_mem_buf(key.data.constData(), int(key.data.size()));
        m_native->cert = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
        m_native->key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
        BIO_free(certBio);
        BIO_free(keyBio);
        QString problem;
        if (!m_native->cert)
            problem = QStringLiteral("%1 is not a PEM certificate").arg(certPath);
        else if (!m_native->key)
            problem = QStringLiteral("%1 is not an unencrypted PEM private key").arg(keyPath);
        else if (X509_check_private_key(m_native->cert, m_native->key) != 1)
            problem = QStringLiteral("the key in %1 does not belong to the certificate %2").arg(keyPath, certPath);
        else if (X509_check_ca(m_native->cert) < 1)
            problem = QStringLiteral("%1 is not a CA certificate").arg(certPath);
        else if (X509_cmp_current_time(X509_get0_notAfter(m_native->cert)) <= 0)
            problem = QStringLiteral("the local CA %1 has expired").arg(certPath);
        if (!problem.isEmpty()) {
            *error = problem + QStringLiteral("; remove the tls/ directory of the work directory to make a new CA");
            return false;
        }
        m_certPath = certPath;
        return true;
    }

    m_native->key = EVP_EC_gen("P-256");
    if (!m_native->key) {
        *error = QStringLiteral("OpenSSL could not generate the local CA's key");
        return false;
    }
    m_native->cert
        = newCertificate(m_native->key, QStringLiteral("Identity Explorer emulator local CA"), 5L * 365, nullptr);
    X509 *c = m_native->cert;
    if (!addExtension(c, c, NID_basic_constraints, "critical,CA:TRUE,pathlen:0")
        || !addExtension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(c, c, NID_subject_key_identifier, "hash") || X509_sign(c, m_native->key, EVP_sha256()) <= 0) {
        *error = QStringLiteral("OpenSSL could not make the local CA certificate");
        return false;
    }
    // The key first: a certificate without its key would be refused on the next start.
    if (!m_files.write(dir, QLatin1String(kKeyFile), keyPem(m_native->key), error)
        || !m_files.write(dir, QLatin1String(kCertFile), certPem(c), error))
        return false;
    m_certPath = certPath;
    return true;
}

TlsIdentity LocalCa::issueLeaf(const QStringList &extraHosts, QString *error) const
{
    TlsIdentity identity;
    if (!m_native->cert) {
        *error = QStringLiteral("the local CA is not loaded");
        return identity;
    }
    EVP_PKEY *key = EVP_EC_gen("P-256");
    if (!key) {
        *error = QStringLiteral("OpenSSL could not generate the TLS key");
        return identity;
    }
    // 397 days: the longest leaf lifetime that browsers and Apple's TLS stack accept.
    X509 *leaf = newCertificate(key, QStringLiteral("localhost"), 397, m_native->cert);
    const bool ok = addExtension(leaf, m_native->cert, NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(leaf, m_native->cert, NID_key_usage, "critical,digitalSignature")
        && addExtension(leaf, m_native->cert, NID_ext_key_usage, "serverAuth")
        && addExtension(leaf, m_native->cert, NID_subject_alt_name, subjectAltNames(extraHosts).toLatin1())
        && addExtension(leaf, m_native->cert, NID_authority_key_identifier, "keyid")
        && X509_sign(leaf, m_native->key, EVP_sha256()) > 0;
    if (ok) {
        identity.leaf = QSslCertificate(certPem(leaf), QSsl::Pem);
        identity.key = QSslKey(keyPem(key), QSsl::Ec, QSsl::Pem);
        identity.caPem = certificatePem();
        identity.chain = { QSslCertificate(identity.caPem, QSsl::Pem) };
        identity.caPemPath = m_certPath;
    } else {
        *error = QStringLiteral("OpenSSL could not make the TLS certificate");
    }
    X509_free(leaf);
    EVP_PKEY_free(key);
    if (ok && identity.isNull())
        *error = QStringLiteral("Qt could not read the TLS certificate it was given");
    return identity;
}

bool LocalCa::loadUserCertificate(
    const QString &certPath, const QString &keyPath, TlsIdentity *identity, QString *error)
{
    const BoundedRead cert = readBoundedFile(certPath, kPemLimit);
    if (!cert.ok()) {
        *error = QStringLiteral("--tls-cert: %1").arg(cert.error);
        return false;
    }
    const BoundedRead key = readBoundedFile(keyPath, kPemLimit);
    if (!key.ok()) {
        *error = QStringLiteral("--tls-key: %1").arg(key.error);
        return false;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(cert.data, QSsl::Pem);
    if (certs.isEmpty()) {
        *error = QStringLiteral("--tls-cert: %1 holds no PEM certificate").arg(certPath);
        return false;
    }
    QSslKey parsed;
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Rsa, QSsl::Ec }) {
        parsed = QSslKey(key.data, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!parsed.isNull())
            break;
    }
    if (parsed.isNull()) {
        *error = QStringLiteral("--tls-key: %1 is not an unencrypted PEM RSA or EC private key").arg(keyPath);
        return false;
    }
    {
        // Checked through OpenSSL (Qt has no key-pair check): a mismatch would only show as failed handshakes.
        BIO *certBio = BIO_new_mem_buf(cert.data.constData(), int(cert.data.size()));
        BIO *keyBio = BIO_new_mem_buf(key.data.constData(), int(key.data.size()));
        X509 *x = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
        EVP_PKEY *k = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
        const bool match = x && k && X509_check_private_key(x, k) == 1;
        X509_free(x);
        EVP_PKEY_free(k);
        BIO_free(certBio);
        BIO_free(keyBio);
        if (!match) {
            *error = QStringLiteral("--tls-key: the key in %1 does not belong to the first certificate of %2")
                         .arg(keyPath, certPath);
            return false;
        }
    }
    identity->leaf = certs.first();
    identity->chain = certs.mid(1);
    identity->key = parsed;
    identity->caPemPath.clear();
    identity->caPem.clear();
    return true;
}

} // namespace idex::emulator
