#include "signingkey.h"

#include "net/base64url.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QThread>

#include <atomic>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <thread>
#include <vector>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace idex::emulator {

struct SigningKey::Native
{
    EVP_PKEY *key = nullptr;
    X509 *cert = nullptr;
    ~Native()
    {
        X509_free(cert);
        EVP_PKEY_free(key);
    }
};

namespace {

QByteArray bnParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    QByteArray bytes(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(bn);
    return bytes;
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

QByteArray bioToBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

} // namespace

/*! A prime search in flight: the OpenSSL progress callback asks it whether to give up (a raced search that lost,
    or a key destroyed before it was needed). */
struct SigningKey::Background
{
    std::atomic<bool> cancelled { false };
    std::thread thread;
    ~Background()
    {
        cancelled = true;
        if (thread.joinable())
            thread.join(); // returns at the search's next progress callback, within microseconds
    }
};

namespace {

int keygenProgress(EVP_PKEY_CTX *ctx)
{
    const auto *cancelled = static_cast<const std::atomic<bool> *>(EVP_PKEY_CTX_get_app_data(ctx));
    return cancelled && cancelled->load(std::memory_order_relaxed) ? 0 : 1; // 0 aborts the search
}

/*! An RSA-2048 key pair, or nullptr when OpenSSL failed or \a cancelled was set during the search. */
EVP_PKEY *generateRsa2048(const std::atomic<bool> *cancelled)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    if (ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1) {
        EVP_PKEY_CTX_set_app_data(ctx, const_cast<std::atomic<bool> *>(cancelled));
        EVP_PKEY_CTX_set_cb(ctx, keygenProgress);
        if (EVP_PKEY_generate(ctx, &key) != 1) {
            EVP_PKEY_free(key);
            key = nullptr;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    return key;
}

/*! Several searches at once, the first key found wins and cancels the rest. */
EVP_PKEY *raceRsa2048(int searches)
{
    std::atomic<bool> done { false };
    std::atomic<EVP_PKEY *> winner { nullptr };
    auto search = [&] {
        EVP_PKEY *key = generateRsa2048(&done);
        EVP_PKEY *expected = nullptr;
        if (key && winner.compare_exchange_strong(expected, key))
            done = true;
        else
            EVP_PKEY_free(key);
    };
    std::vector<std::thread> others;
    for (int i = 1; i < searches; ++i)
        others.emplace_back(search);
    search();
    for (std::thread &t : others)
        t.join();
    return winner.load();
}

/*! Background key generation yields to the work a user waits for (nice 10 on this thread, Linux only). */
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
#endif
}

} // namespace

SigningKey::~SigningKey()
{
    m_background.reset(); // stops and joins the search before the members it writes go away
}

std::shared_ptr<SigningKey> SigningKey::generate(const QString &subjectCn, bool tlsServer, QString *error)
{
    std::shared_ptr<SigningKey> key(new SigningKey);
    const bool ok = key->build(subjectCn, tlsServer, raceRsa2048(qBound(1, QThread::idealThreadCount(), 4)));
    QPromise<void> promise;
    key->m_ready = promise.future();
    promise.start();
    promise.finish();
    if (!ok) {
        *error = key->m_error;
        return nullptr;
    }
    return key;
}

std::shared_ptr<SigningKey> SigningKey::generateInBackground(const QString &subjectCn, bool tlsServer)
{
    std::shared_ptr<SigningKey> key(new SigningKey);
    key->m_background = std::make_unique<Background>();
    auto promise = std::make_shared<QPromise<void>>();
    key->m_ready = promise->future();
    promise->start();
    // The thread only touches the key before finishing the promise, and the key's destructor joins it first.
    SigningKey *raw = key.get();
    Background *background = raw->m_background.get(); // unique_ptr::reset() nulls m_background before the join
    background->thread = std::thread([raw, background, subjectCn, tlsServer, promise] {
        lowerThisThreadsPriority();
        EVP_PKEY *pkey = generateRsa2048(&background->cancelled);
        if (!pkey && background->cancelled)
            raw->m_error = QStringLiteral("the key was no longer needed");
        else
            raw->build(subjectCn, tlsServer, pkey);
        promise->finish();
    });
    return key;
}

void SigningKey::waitUntilReady() const
{
    if (!m_ready.isFinished())
        QFuture<void>(m_ready).waitForFinished();
}

bool SigningKey::isValid() const
{
    waitUntilReady();
    return m_native && m_native->key && !m_kid.isEmpty();
}

QString SigningKey::error() const
{
    waitUntilReady();
    return m_error;
}

bool SigningKey::build(const QString &subjectCn, bool tlsServer, EVP_PKEY *pkey)
{
    m_native = std::make_unique<Native>();
    Native &n = *m_native;
    n.key = pkey;
    if (!n.key) {
        m_error = QStringLiteral("OpenSSL could not generate an RSA key");
        return false;
    }
    n.cert = X509_new();
    X509_set_version(n.cert, 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *serialBn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(serialBn, X509_get_serialNumber(n.cert));
    BN_free(serialBn);
    X509_gmtime_adj(X509_getm_notBefore(n.cert), -86400);
    X509_gmtime_adj(X509_getm_notAfter(n.cert), 2L * 365 * 86400);
    X509_set_pubkey(n.cert, n.key);
    X509_NAME *name = X509_get_subject_name(n.cert);
    const QByteArray cn = subjectCn.toUtf8();
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(n.cert, name);
    if (tlsServer
        && (!addExtension(n.cert, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost")
            || !addExtension(n.cert, NID_ext_key_usage, "serverAuth"))) {
        m_error = QStringLiteral("OpenSSL could not add the certificate extensions");
        return false;
    }
    if (X509_sign(n.cert, n.key, EVP_sha256()) <= 0) {
        m_error = QStringLiteral("OpenSSL could not sign the certificate");
        return false;
    }
    unsigned char *der = nullptr;
    const int derLen = i2d_X509(n.cert, &der);
    if (derLen <= 0) {
        m_error = QStringLiteral("OpenSSL could not encode the certificate");
        return false;
    }
    m_certDer = QByteArray(reinterpret_cast<const char *>(der), derLen);
    OPENSSL_free(der);
    m_kid = base64Url(QCryptographicHash::hash(m_certDer, QCryptographicHash::Sha1));
    m_n = bnParam(n.key, OSSL_PKEY_PARAM_RSA_N);
    m_e = bnParam(n.key, OSSL_PKEY_PARAM_RSA_E);
    return true;
}

QByteArray SigningKey::certificatePem() const
{
    if (!isValid())
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, m_native->cert);
    const QByteArray pem = bioToBytes(bio);
    BIO_free(bio);
    return pem;
}

QByteArray SigningKey::privateKeyPem() const
{
    if (!isValid())
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, m_native->key, nullptr, nullptr, 0, nullptr, nullptr);
    const QByteArray pem = bioToBytes(bio);
    BIO_free(bio);
    return pem;
}

QByteArray SigningKey::sha1ThumbprintHex() const
{
    if (!isValid())
        return {};
    return QCryptographicHash::hash(m_certDer, QCryptographicHash::Sha1).toHex().toUpper();
}

QByteArray SigningKey::signRs256(const QByteArray &data) const
{
    if (!isValid())
        return {};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    QByteArray signature;
    size_t len = 0;
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_native->key) == 1
        && EVP_DigestSign(
               ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            == 1) {
        signature.resize(qsizetype(len));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len,
                reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            != 1)
            signature.clear();
        else
            signature.resize(qsizetype(len));
    }
    EVP_MD_CTX_free(ctx);
    return signature;
}

bool SigningKey::verifyRs256(const QByteArray &data, const QByteArray &signature) const
{
    if (!isValid())
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, m_native->key) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

QByteArray SigningKey::jwkJson(const QString &issuer) const
{
    waitUntilReady();
    QJsonObject jwk { { QStringLiteral("kty"), QStringLiteral("RSA") },
        { QStringLiteral("use"), QStringLiteral("sig") }, { QStringLiteral("kid"), QString::fromLatin1(m_kid) },
        { QStringLiteral("x5t"), QString::fromLatin1(m_kid) },
        { QStringLiteral("n"), QString::fromLatin1(base64Url(m_n)) },
        { QStringLiteral("e"), QString::fromLatin1(base64Url(m_e)) },
        { QStringLiteral("x5c"), QJsonArray { QString::fromLatin1(m_certDer.toBase64()) } } };
    if (!issuer.isEmpty())
        jwk.insert(QStringLiteral("issuer"), issuer);
    return QJsonDocument(jwk).toJson(QJsonDocument::Compact);
}

} // namespace idex::emulator
