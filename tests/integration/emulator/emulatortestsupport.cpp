#include "emulatortestsupport.h"

#include <QCryptographicHash>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace idex::emulator::testing {

namespace {
QByteArray b64u(const QByteArray &text)
{
    const auto r = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return r ? *r : QByteArray();
}
} // namespace

Answer send(HttpClient &client, const QByteArray &method, const QUrl &target, const HeaderList &headers, const QByteArray &body,
            const QByteArray &pinnedThumbprint)
{
    HttpRequest request;
    request.method = method;
    request.url = target;
    request.headers = headers;
    request.body = body;
    request.timeout = std::chrono::milliseconds(20000);
    request.pinnedSha1Thumbprint = pinnedThumbprint;
    const HttpExchange exchange = client.sendAndWait(request);
    Answer answer;
    answer.status = exchange.response.status;
    answer.body = exchange.response.body;
    answer.response = exchange.response;
    return answer;
}

QUrl url(const Emulator &emulator, const QString &path, const QList<QPair<QString, QString>> &query)
{
    QUrl u = emulator.baseUrl();
    u.setPath(path);
    if (!query.isEmpty()) {
        QUrlQuery q;
        for (const auto &item : query)
            q.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
        u.setQuery(q);
    }
    return u;
}

bool decodeJwt(const QString &token, QJsonObject *header, QJsonObject *claims)
{
    const QList<QByteArray> parts = token.toLatin1().split('.');
    if (parts.size() != 3)
        return false;
    QJsonParseError e1, e2;
    const QJsonDocument h = QJsonDocument::fromJson(b64u(parts[0]), &e1);
    const QJsonDocument c = QJsonDocument::fromJson(b64u(parts[1]), &e2);
    if (e1.error || e2.error || !h.isObject() || !c.isObject())
        return false;
    *header = h.object();
    *claims = c.object();
    return true;
}

QString verifyWithJwks(const QString &token, const QJsonObject &jwks)
{
    QJsonObject header, claims;
    if (!decodeJwt(token, &header, &claims))
        return QStringLiteral("not a JWT");
    if (header.value(QStringLiteral("alg")).toString() != QLatin1String("RS256"))
        return QStringLiteral("alg is not RS256");
    const QString kid = header.value(QStringLiteral("kid")).toString();
    QJsonObject jwk;
    for (const QJsonValue &k : jwks.value(QStringLiteral("keys")).toArray())
        if (k.toObject().value(QStringLiteral("kid")).toString() == kid)
            jwk = k.toObject();
    if (jwk.isEmpty())
        return QStringLiteral("kid %1 not in the JWKS").arg(kid);
    const QByteArray der = QByteArray::fromBase64(jwk.value(QStringLiteral("x5c")).toArray().first().toString().toLatin1());
    const QByteArray thumb = QCryptographicHash::hash(der, QCryptographicHash::Sha1)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (QString::fromLatin1(thumb) != kid || jwk.value(QStringLiteral("x5t")).toString() != kid)
        return QStringLiteral("kid/x5t is not the base64url SHA-1 of the x5c certificate");
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *cert = d2i_X509(nullptr, &p, der.size());
    if (!cert)
        return QStringLiteral("x5c is not a DER certificate");
    EVP_PKEY *key = X509_get_pubkey(cert);
    BIGNUM *n = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    QByteArray nBytes(BN_num_bytes(n), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char *>(nBytes.data()));
    BN_free(n);
    const int bits = EVP_PKEY_get_bits(key);
    QString result;
    if (b64u(jwk.value(QStringLiteral("n")).toString().toLatin1()) != nBytes)
        result = QStringLiteral("JWK n does not match the certificate's key");
    else if (bits != 2048)
        result = QStringLiteral("key is %1 bits, not 2048").arg(bits);
    else {
        const QList<QByteArray> parts = token.toLatin1().split('.');
        const QByteArray input = parts[0] + '.' + parts[1];
        const QByteArray sig = b64u(parts[2]);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
                        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()), size_t(sig.size()),
                                            reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()))
                               == 1;
        EVP_MD_CTX_free(ctx);
        if (!ok)
            result = QStringLiteral("RS256 signature does not verify");
    }
    EVP_PKEY_free(key);
    X509_free(cert);
    return result;
}

QString verifyViaDiscovery(HttpClient &client, const QString &token)
{
    QJsonObject header, claims;
    if (!decodeJwt(token, &header, &claims))
        return QStringLiteral("not a JWT");
    QString iss = claims.value(QStringLiteral("iss")).toString();
    if (iss.endsWith(u'/'))
        iss.chop(1);
    const Answer config = send(client, "GET", QUrl(iss + QStringLiteral("/.well-known/openid-configuration")));
    if (config.status != 200)
        return QStringLiteral("discovery answered %1").arg(config.status);
    if (config.json().value(QStringLiteral("issuer")).toString() != claims.value(QStringLiteral("iss")).toString())
        return QStringLiteral("discovery issuer %1 != token iss").arg(config.json().value(QStringLiteral("issuer")).toString());
    const Answer keys = send(client, "GET", QUrl(config.json().value(QStringLiteral("jwks_uri")).toString()));
    if (keys.status != 200)
        return QStringLiteral("jwks answered %1").arg(keys.status);
    return verifyWithJwks(token, keys.json());
}

} // namespace idex::emulator::testing
