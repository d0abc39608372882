#pragma once

#include "finding.h"

#include <QJsonObject>
#include <QString>

namespace idex {

struct DecodedToken; // app/jwt/decodedtoken.h

/*! The one answer to "is this token good?", shared by `idex verify`, `idex diagnose`, the Claims panel's verdict and
    every export. It fails closed: Valid only when the signature was verified against keys from a trusted source
    (SignatureVerdict::isTrusted) and no finding is an error (lifetime, audience, issuer, roles, ...). */
struct TokenVerdict
{
    enum class Kind {
        Valid, ///< verified against trusted keys, and every expectation given holds
        Invalid, ///< at least one error finding: the token is refused, forged or does not fit the API
        Unverified, ///< nothing wrong was found, but the signature could not be established as the issuer's
    };
    Kind kind = Kind::Unverified;
    QString code; ///< stable kebab-case: "valid", "invalid", or why it is unverified ("signature-not-checked", ...)
    QString headline; ///< "VALID", "INVALID", "NOT VERIFIED"
    QString reason; ///< one sentence in plain words

    bool isValid() const { return kind == Kind::Valid; }
    /*! The exit status of `idex verify` and `idex diagnose`: 0 valid, 1 invalid, 3 not verified (2 is unusable input).
     */
    int exitCode() const;
    QJsonObject toJson() const;
};

QString verdictKindName(TokenVerdict::Kind kind); ///< "valid", "invalid", "unverified"

/*! Pure: the verdict for \a token given the diagnosis' \a findings (which must include the token rules). */
TokenVerdict tokenVerdict(const DecodedToken &token, const Findings &findings);

} // namespace idex
