#include "decodedtoken.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace idex {

QString signatureStatusName(SignatureStatus status)
{
    switch (status) {
    case SignatureStatus::NotChecked: return QStringLiteral("not-checked");
    case SignatureStatus::Valid: return QStringLiteral("valid");
    case SignatureStatus::Invalid: return QStringLiteral("invalid");
    case SignatureStatus::UnknownKey: return QStringLiteral("unknown-key");
    case SignatureStatus::Unverifiable: return QStringLiteral("unverifiable");
    case SignatureStatus::Refused: return QStringLiteral("refused");
    case SignatureStatus::Error: return QStringLiteral("error");
    }
    return {};
}

QString keyTrustName(KeyTrust trust)
{
    switch (trust) {
    case KeyTrust::Unknown: return QStringLiteral("unknown");
    case KeyTrust::UserNamed: return QStringLiteral("user-named");
    case KeyTrust::EntraAuthority: return QStringLiteral("entra-authority");
    case KeyTrust::LocalEmulator: return QStringLiteral("local-emulator");
    case KeyTrust::AllowedIssuer: return QStringLiteral("allowed-issuer");
    case KeyTrust::Untrusted: return QStringLiteral("untrusted");
    }
    return {};
}

bool isTrustedKeySource(KeyTrust trust)
{
    return trust == KeyTrust::UserNamed || trust == KeyTrust::EntraAuthority || trust == KeyTrust::LocalEmulator
        || trust == KeyTrust::AllowedIssuer;
}

QString decodeErrorName(DecodeError error)
{
    switch (error) {
    case DecodeError::None: return QStringLiteral("none");
    case DecodeError::Empty: return QStringLiteral("empty");
    case DecodeError::TooLong: return QStringLiteral("too-long");
    case DecodeError::Opaque: return QStringLiteral("opaque");
    case DecodeError::Jwe: return QStringLiteral("jwe");
    case DecodeError::MissingParts: return QStringLiteral("missing-parts");
    case DecodeError::WrongPartCount: return QStringLiteral("wrong-part-count");
    case DecodeError::BadBase64: return QStringLiteral("bad-base64");
    case DecodeError::BadJson: return QStringLiteral("bad-json");
    case DecodeError::NotAnObject: return QStringLiteral("not-an-object");
    case DecodeError::UrlWithoutToken: return QStringLiteral("url-without-token");
    }
    return {};
}

namespace {

QString numberText(double value)
{
    // NumericDate and counters are integers; print them without the exponent QString::number(double) would use.
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9007199254740992.0)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 17);
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Double: return numberText(value.toDouble());
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Array: {
        QStringList items;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (item.isArray())
                items << QString::fromUtf8(QJsonDocument(item.toArray()).toJson(QJsonDocument::Compact));
            else
                items << valueText(item);
        }
        return items.join(QStringLiteral(", "));
    }
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined: break;
    }
    return {};
}

} // namespace

QString DecodedToken::keyId() const
{
    const QString kid = header.value(QLatin1String("kid")).toString();
    return kid.isEmpty() ? header.value(QLatin1String("x5t")).toString() : kid;
}

QString DecodedToken::claimText(const QString &name) const
{
    return valueText(claims.value(name));
}

QStringList DecodedToken::claimList(const QString &name) const
{
    const QJsonValue value = claims.value(name);
    QStringList items;
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            items << valueText(item);
    } else if (value.isString()) {
        // `scp` is one space-separated string; a single `aud` or role is a plain string.
        items = value.toString().split(u' ', Qt::SkipEmptyParts);
    } else if (!value.isUndefined() && !value.isNull()) {
        items << valueText(value);
    }
    return items;
}

std::optional<QDateTime> DecodedToken::claimTime(const QString &name) const
{
    const QJsonValue value = claims.value(name);
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    // Beyond year 9999 QDateTime cannot represent it; such a value is a broken token, not a date.
    if (!std::isfinite(seconds) || std::fabs(seconds) > 253402300799.0)
        return std::nullopt;
    return QDateTime::fromSecsSinceEpoch(qint64(seconds), Qt::UTC);
}

QString DecodedToken::clientId() const
{
    const QString appid = claimText(QStringLiteral("appid"));
    return appid.isEmpty() ? claimText(QStringLiteral("azp")) : appid;
}

bool DecodedToken::isAppOnly() const
{
    const QString idtyp = claimText(QStringLiteral("idtyp"));
    if (!idtyp.isEmpty())
        return idtyp == QLatin1String("app");
    return !claims.contains(QLatin1String("scp"));
}

} // namespace idex
