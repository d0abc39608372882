#include "authfailure.h"

#include <QRegularExpression>

namespace idex {

namespace {

struct KnownCode
{
    QStringView code;
    AuthFailureKind kind;
    QStringView meaning;
};

// Microsoft.IdentityModel.Tokens LogMessages: the codes a protected API puts into its logs or challenge.
constexpr KnownCode kCodes[] = {
    { u"IDX10214", AuthFailureKind::Audience,
        u"audience validation failed: the token's aud is not one the API accepts" },
    { u"IDX10208", AuthFailureKind::Audience,
        u"the API has no valid audiences configured to compare the token's aud with" },
    { u"IDX10205", AuthFailureKind::Issuer, u"issuer validation failed: the token's iss is not one the API accepts" },
    { u"IDX10211", AuthFailureKind::Issuer, u"the token has no issuer, or the API has none configured" },
    { u"IDX10222", AuthFailureKind::NotYetValid, u"the token is not valid yet (nbf is in the future)" },
    { u"IDX10223", AuthFailureKind::Expired, u"the token has expired (exp is in the past)" },
    { u"IDX10225", AuthFailureKind::NoExpiry, u"the token has no exp claim" },
    { u"IDX10501", AuthFailureKind::SigningKeyNotFound, u"no signing key matches the token's kid" },
    { u"IDX10503", AuthFailureKind::InvalidSignature, u"the signature did not validate with any candidate key" },
    { u"IDX10511", AuthFailureKind::InvalidSignature, u"the signature did not validate with the key the kid names" },
    { u"IDX10500", AuthFailureKind::SigningKeyNotFound, u"no signing keys are configured to validate the signature" },
    { u"IDX10504", AuthFailureKind::InvalidSignature, u"the token has no signature" },
    { u"IDX10516", AuthFailureKind::SigningKeyNotFound, u"the kid was not found in the keys the API knows" },
    { u"IDX10517", AuthFailureKind::SigningKeyNotFound, u"the kid was not found in the keys the API knows" },
    { u"IDX10230", AuthFailureKind::InvalidToken, u"lifetime validation failed" },
    { u"IDX10231", AuthFailureKind::Audience, u"audience validation failed (custom audience validator)" },
};

struct TextPattern
{
    const char *pattern;
    AuthFailureKind kind;
};

// ASP.NET Core JwtBearer error_description texts and IdentityModel messages, most specific first.
constexpr TextPattern kTexts[] = {
    { "audience .{0,300}(is invalid|did not match|validation failed)|invalid audience|audience validation failed",
        AuthFailureKind::Audience },
    { "issuer .{0,300}(is invalid|did not match|validation failed)|invalid issuer|issuer validation failed",
        AuthFailureKind::Issuer },
    { "token expired|token is expired|token has expired|lifetime validation failed.{0,200}expired|expired at",
        AuthFailureKind::Expired },
    { "not valid before|not yet valid|nbf.{0,40}future", AuthFailureKind::NotYetValid },
    { "signature key was not found|unable to match (key|'kid')|kid.{0,40}not found|no signing key",
        AuthFailureKind::SigningKeyNotFound },
    { "signature is invalid|signature validation failed|invalid signature", AuthFailureKind::InvalidSignature },
    { "does not have (the )?(required )?(app )?roles?|missing (the )?(app )?roles?|required (app )?roles?|role "
      ".{0,60}(required|missing)",
        AuthFailureKind::RoleMissing },
    { "allowed ?applications|allowed ?principals|allowed ?tenants|not (an )?allowed (application|client|caller|tenant)",
        AuthFailureKind::PolicyDenied },
};

} // namespace

QString authFailureName(AuthFailureKind kind)
{
    switch (kind) {
    case AuthFailureKind::None: return QStringLiteral("none");
    case AuthFailureKind::MissingToken: return QStringLiteral("missing-token");
    case AuthFailureKind::Audience: return QStringLiteral("audience");
    case AuthFailureKind::Issuer: return QStringLiteral("issuer");
    case AuthFailureKind::Expired: return QStringLiteral("expired");
    case AuthFailureKind::NotYetValid: return QStringLiteral("not-yet-valid");
    case AuthFailureKind::NoExpiry: return QStringLiteral("no-expiry");
    case AuthFailureKind::SigningKeyNotFound: return QStringLiteral("signing-key-not-found");
    case AuthFailureKind::InvalidSignature: return QStringLiteral("invalid-signature");
    case AuthFailureKind::InvalidToken: return QStringLiteral("invalid-token");
    case AuthFailureKind::InsufficientScope: return QStringLiteral("insufficient-scope");
    case AuthFailureKind::RoleMissing: return QStringLiteral("role-missing");
    case AuthFailureKind::PolicyDenied: return QStringLiteral("policy-denied");
    }
    return {};
}

AuthFailureKind classifyAuthText(const QString &text)
{
    if (text.isEmpty())
        return AuthFailureKind::None;
    // An IDX code is the most precise evidence there is.
    for (const QString &code : findIdentityModelCodes(text)) {
        const AuthFailureKind kind = identityModelCodeKind(code);
        if (kind != AuthFailureKind::None)
            return kind;
    }
    // Bounded input: the patterns are linear, but a megabyte body is no error message.
    const QString sample = text.left(8192);
    // Compiled once: every answer of every call goes through here.
    static const QList<QPair<QRegularExpression, AuthFailureKind>> patterns = [] {
        QList<QPair<QRegularExpression, AuthFailureKind>> out;
        for (const TextPattern &entry : kTexts)
            out.append(
                { QRegularExpression(QString::fromLatin1(entry.pattern), QRegularExpression::CaseInsensitiveOption),
                    entry.kind });
        return out;
    }();
    for (const auto &[pattern, kind] : patterns) {
        if (pattern.match(sample).hasMatch())
            return kind;
    }
    return AuthFailureKind::None;
}

QStringList findIdentityModelCodes(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("\\bIDX(\\d{5})\\b"));
    QStringList codes;
    auto it = pattern.globalMatch(QStringView(text).left(64 * 1024));
    while (it.hasNext() && codes.size() < 16) {
        const QString code = QStringLiteral("IDX") + it.next().captured(1);
        if (!codes.contains(code))
            codes.append(code);
    }
    return codes;
}

AuthFailureKind identityModelCodeKind(QStringView code)
{
    for (const KnownCode &known : kCodes) {
        if (known.code.compare(code, Qt::CaseInsensitive) == 0)
            return known.kind;
    }
    return AuthFailureKind::None;
}

QString identityModelCodeMeaning(QStringView code)
{
    for (const KnownCode &known : kCodes) {
        if (known.code.compare(code, Qt::CaseInsensitive) == 0)
            return known.code.toString() + QStringLiteral(": ") + known.meaning.toString();
    }
    return {};
}

} // namespace idex
