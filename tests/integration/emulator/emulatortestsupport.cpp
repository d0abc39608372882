#include "emulatortestsupport.h"

#include <QCryptographicHash>
#include <QSslSocket>
#include <QTest>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace idex::emulator::testing {

namespace {
QByteArray b64u(const QByteArray &text)
{
    const auto r
        = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return r ? *r : QByteArray();
}
} // namespace

Answer send(HttpClient &client, const QByteArray &method, const QUrl &target, const HeaderList &headers,
    const QByteArray &body, const QByteArray &pinnedThumbprint)
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

QByteArray RawAnswer::header(QByteArrayView name) const
{
    for (const QByteArray &line : headerLines()) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line.left(colon)).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

RawAnswer rawExchange(quint16 port, const QByteArray &bytes, bool tls, int timeoutMs)
{
    QSslSocket socket;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { closed = true; });
    RawAnswer answer;
    if (tls) {
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!QTest::qWaitFor([&] { return socket.isEncrypted() || closed; }, timeoutMs))
            return answer;
    } else {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState || closed; }, timeoutMs))
            return answer;
    }
    socket.write(bytes);
    const auto complete = [&] {
        answer.raw += socket.readAll();
        const qsizetype end = answer.raw.indexOf("\r\n\r\n");
        if (end < 0)
            return closed;
        answer.head = answer.raw.left(end).replace("\r\n", "\n");
        answer.body = answer.raw.mid(end + 4);
        const QByteArray length = answer.header("Content-Length");
        return closed || (!length.isEmpty() && answer.body.size() >= length.toLongLong());
    };
    if (!QTest::qWaitFor(complete, timeoutMs))
        complete(); // what arrived before the time ran out
    if (answer.raw.startsWith("HTTP/1."))
        answer.status = answer.raw.mid(9, 3).toInt();
    return answer;
}

HeaderList adminAuth(const Emulator &emulator)
{
    return { { "Authorization", "Bearer " + emulator.adminToken() } };
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
    const QByteArray der
        = QByteArray::fromBase64(jwk.value(QStringLiteral("x5c")).toArray().first().toString().toLatin1());
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
        return QStringLiteral("discovery issuer %1 != token iss")
            .arg(config.json().value(QStringLiteral("issuer")).toString());
    const Answer keys = send(client, "GET", QUrl(config.json().value(QStringLiteral("jwks_uri")).toString()));
    if (keys.status != 200)
        return QStringLiteral("jwks answered %1").arg(keys.status);
    return verifyWithJwks(token, keys.json());
}

} // namespace idex::emulator::testing
