#include "jsonwebkey.h"

#include "net/base64url.h"
#include "publickey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace idex {

namespace {

QByteArray base64UrlMember(const QJsonObject &object, const char *name)
{
    return fromBase64Url(object.value(QLatin1String(name)).toString().toLatin1());
}

QByteArray withoutLeadingZeros(QByteArray bytes)
{
    qsizetype zeros = 0;
    while (zeros < bytes.size() - 1 && bytes.at(zeros) == 0)
        ++zeros;
    return bytes.mid(zeros);
}

/*! Reads one key; returns an empty reason on success. */
QString readKey(const QJsonObject &object, JsonWebKey &key)
{
    key.json = object;
    key.kty = object.value(QLatin1String("kty")).toString();
    key.kid = object.value(QLatin1String("kid")).toString();
    key.use = object.value(QLatin1String("use")).toString();
    key.alg = object.value(QLatin1String("alg")).toString();
    key.x5t = object.value(QLatin1String("x5t")).toString();
    key.crv = object.value(QLatin1String("crv")).toString();
    key.issuer = object.value(QLatin1String("issuer")).toString();
    const QJsonArray chain = object.value(QLatin1String("x5c")).toArray();
    for (const QJsonValue &cert : chain) {
        // x5c is standard base64 (RFC 7517 4.7), unlike every other member.
        auto der = QByteArray::fromBase64Encoding(cert.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (der)
            key.x5c << der.decoded;
    }
    if (key.kty.isEmpty())
        return QStringLiteral("no \"kty\"");
    if (key.isRsa()) {
        key.n = withoutLeadingZeros(base64UrlMember(object, "n"));
        key.e = withoutLeadingZeros(base64UrlMember(object, "e"));
        if ((key.n.isEmpty() || key.e.isEmpty()) && key.x5c.isEmpty())
            return QStringLiteral("an RSA key without a readable \"n\" and \"e\"");
        return {};
    }
    if (key.isEc()) {
        key.x = base64UrlMember(object, "x");
        key.y = base64UrlMember(object, "y");
        if ((key.x.isEmpty() || key.y.isEmpty() || key.crv.isEmpty()) && key.x5c.isEmpty())
            return QStringLiteral("an EC key without a readable \"crv\", \"x\" and \"y\"");
        return {};
    }
    if (key.kty == QLatin1String("oct"))
        return QStringLiteral("a symmetric (\"oct\") key: issuers never publish those, and they are never used here");
    return QStringLiteral("key type \"%1\" is not supported").arg(key.kty);
}

JwksParseResult parsePem(const QByteArray &document)
{
    JwksParseResult result;
    static const QByteArray begin = "-----BEGIN ";
    qsizetype from = 0;
    while ((from = document.indexOf(begin, from)) >= 0) {
        const qsizetype endMarker = document.indexOf("-----END ", from);
        if (endMarker < 0)
            break;
        const qsizetype lineEnd = document.indexOf("-----", endMarker + 9);
        const qsizetype stop = lineEnd < 0 ? document.size() : lineEnd + 5;
        JsonWebKey key;
        key.pem = document.mid(from, stop - from);
        const bool certificate = key.pem.contains("CERTIFICATE");
        key.kty = QStringLiteral("PEM");
        key.kid = QStringLiteral("pem-%1").arg(result.set.keys.size() + 1);
        if (certificate || key.pem.contains("PUBLIC KEY")) {
            key.prepared = preparePublicKey(key);
            result.set.keys << key;
        } else
            result.set.skipped << QStringLiteral("a PEM block that is neither a public key nor a certificate");
        from = stop;
    }
    if (result.set.keys.isEmpty())
        result.error = QStringLiteral("The PEM text holds no public key or certificate.");
    return result;
}

} // namespace

QString JsonWebKey::describe() const
{
    if (isRsa())
        return n.isEmpty() ? QStringLiteral("RSA (certificate)") : QStringLiteral("RSA %1 bits").arg(n.size() * 8);
    if (isEc())
        return QStringLiteral("EC %1").arg(crv);
    if (!pem.isEmpty())
        return pem.contains("CERTIFICATE") ? QStringLiteral("PEM certificate") : QStringLiteral("PEM public key");
    return kty;
}

const JsonWebKey *JsonWebKeySet::find(const QString &keyId) const
{
    if (keyId.isEmpty())
        return nullptr;
    for (const JsonWebKey &key : keys) {
        if (key.kid == keyId)
            return &key;
    }
    for (const JsonWebKey &key : keys) {
        if (!key.x5t.isEmpty() && key.x5t == keyId)
            return &key;
    }
    return nullptr;
}

QStringList JsonWebKeySet::keyIds() const
{
    QStringList ids;
    ids.reserve(keys.size());
    for (const JsonWebKey &key : keys)
        ids << (key.kid.isEmpty() ? key.x5t : key.kid);
    return ids;
}

JwksParseResult parseJwks(const QByteArray &document)
{
    if (document.trimmed().startsWith("-----BEGIN"))
        return parsePem(document);

    JwksParseResult result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("The key set is not JSON (%1 at byte %2).")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
        return result;
    }
    if (!doc.isObject()) {
        result.error = QStringLiteral("The key set is not a JSON object.");
        return result;
    }
    const QJsonObject root = doc.object();
    QJsonArray keys;
    if (root.contains(QLatin1String("keys"))) {
        if (!root.value(QLatin1String("keys")).isArray()) {
            result.error = QStringLiteral("The key set's \"keys\" member is not an array.");
            return result;
        }
        keys = root.value(QLatin1String("keys")).toArray();
    } else if (root.contains(QLatin1String("kty"))) {
        keys.append(root); // a single JWK
    } else if (root.contains(QLatin1String("jwks_uri"))) {
        result.error
            = QStringLiteral("This is an OpenID configuration document, not a key set: fetch its jwks_uri (%1).")
                  .arg(root.value(QLatin1String("jwks_uri")).toString());
        return result;
    } else {
        result.error = QStringLiteral("The document has no \"keys\" array: it is not a JWKS.");
        return result;
    }
    for (const QJsonValue &value : std::as_const(keys)) {
        JsonWebKey key;
        const QString problem = value.isObject() ? readKey(value.toObject(), key) : QStringLiteral("not an object");
        if (problem.isEmpty()) {
            key.prepared = preparePublicKey(key); // once per key set, not once per verification
            result.set.keys << key;
        } else
            result.set.skipped
                << QStringLiteral("key %1: %2").arg(key.kid.isEmpty() ? QStringLiteral("(no kid)") : key.kid, problem);
    }
    if (result.set.keys.isEmpty())
        result.error = keys.isEmpty() ? QStringLiteral("The key set is empty.")
                                      : QStringLiteral("The key set holds no usable public key (%1).")
                                            .arg(result.set.skipped.join(QStringLiteral("; ")));
    return result;
}

} // namespace idex
