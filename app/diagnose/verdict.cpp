#include "verdict.h"

#include "jwt/decodedtoken.h"

#include <algorithm>

namespace idex {

namespace {

TokenVerdict make(TokenVerdict::Kind kind, const QString &code, const QString &reason)
{
    static const QString headlines[]
        = { QStringLiteral("VALID"), QStringLiteral("INVALID"), QStringLiteral("NOT VERIFIED") };
    return TokenVerdict { kind, code, headlines[int(kind)], reason };
}

QString trustedSourceWords(KeyTrust trust)
{
    switch (trust) {
    case KeyTrust::UserNamed: return QStringLiteral("the key set you named");
    case KeyTrust::EntraAuthority: return QStringLiteral("Microsoft Entra ID's keys");
    case KeyTrust::LocalEmulator: return QStringLiteral("the local emulator's keys");
    case KeyTrust::AllowedIssuer: return QStringLiteral("the keys of an issuer you allowed");
    case KeyTrust::Unknown:
    case KeyTrust::Untrusted: break;
    }
    return QStringLiteral("keys of unknown origin");
}

} // namespace

QString verdictKindName(TokenVerdict::Kind kind)
{
    switch (kind) {
    case TokenVerdict::Kind::Valid: return QStringLiteral("valid");
    case TokenVerdict::Kind::Invalid: return QStringLiteral("invalid");
    case TokenVerdict::Kind::Unverified: return QStringLiteral("unverified");
    }
    return {};
}

int TokenVerdict::exitCode() const
{
    switch (kind) {
    case Kind::Valid: return 0;
    case Kind::Invalid: return 1;
    case Kind::Unverified: return 3;
    }
    return 3;
}

QJsonObject TokenVerdict::toJson() const
{
    return { { QStringLiteral("verdict"), verdictKindName(kind) }, { QStringLiteral("code"), code },
        { QStringLiteral("reason"), reason } };
}

TokenVerdict tokenVerdict(const DecodedToken &token, const Findings &findings)
{
    using Kind = TokenVerdict::Kind;
    const auto error = std::find_if(
        findings.cbegin(), findings.cend(), [](const Finding &f) { return f.severity == Severity::Error; });
    if (error != findings.cend())
        return make(
            Kind::Invalid, QStringLiteral("invalid"), QStringLiteral("%1 (%2).").arg(error->title, error->code));

    const SignatureVerdict &signature = token.verification;
    switch (signature.status) {
    case SignatureStatus::NotChecked:
        return make(Kind::Unverified, QStringLiteral("signature-not-checked"),
            QStringLiteral("The signature was not checked, so anyone could have written these claims."));
    case SignatureStatus::Unverifiable:
        return make(Kind::Unverified, QStringLiteral("signature-unverifiable"),
            QStringLiteral("The signature cannot be checked by third parties (a token for a Microsoft API); only "
                           "its audience can validate it."));
    case SignatureStatus::Error:
        return make(Kind::Unverified, QStringLiteral("keys-unavailable"),
            QStringLiteral("The signature could not be checked: %1").arg(signature.detail));
    case SignatureStatus::Valid:
        if (!isTrustedKeySource(signature.keyTrust))
            return make(Kind::Unverified, QStringLiteral("keys-not-trusted"),
                QStringLiteral("The signature matches keys from %1, which is not a trusted source (not an Entra "
                               "authority, not the local emulator, not a key set you named).")
                    .arg(signature.keySource.isEmpty() ? QStringLiteral("an unknown place") : signature.keySource));
        return make(Kind::Valid, QStringLiteral("valid"),
            QStringLiteral("The signature was verified against %1, and every expectation given holds.")
                .arg(trustedSourceWords(signature.keyTrust)));
    case SignatureStatus::Invalid:
    case SignatureStatus::UnknownKey:
    case SignatureStatus::Refused:
        break; // the token rules always report these as errors; should one ever not, the token is still not valid
    }
    return make(Kind::Invalid, QStringLiteral("invalid"),
        QStringLiteral("The signature check failed (%1).")
            .arg(signature.reason.isEmpty() ? signatureStatusName(signature.status) : signature.reason));
}

} // namespace idex
