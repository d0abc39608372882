#pragma once

#include <QString>
#include <QStringList>

namespace idex {

/*! What a validator complained about, read from its own words (challenge, IDX code, body text). */
enum class AuthFailureKind {
    None, ///< nothing recognised
    MissingToken, ///< no token, or not a bearer token
    Audience, ///< IDX10214, "The audience ... is invalid"
    Issuer, ///< IDX10205/IDX10211, "The issuer ... is invalid"
    Expired, ///< IDX10223, "The token expired at ..."
    NotYetValid, ///< IDX10222, "The token is not valid before ..."
    NoExpiry, ///< IDX10225
    SigningKeyNotFound, ///< IDX10501, "The signature key was not found"
    InvalidSignature, ///< IDX10503/IDX10511, "The signature is invalid"
    InvalidToken, ///< invalid_token without a recognisable reason
    InsufficientScope, ///< insufficient_scope (RFC 6750)
    RoleMissing, ///< the app refused for want of an app role
    PolicyDenied, ///< Easy Auth allowedApplications / allowedPrincipals / allowed tenants
};

/*! Stable kebab-case name ("audience", "expired", ...), for --json and tests. */
QString authFailureName(AuthFailureKind kind);

/*! Recognises a validator's message: ASP.NET Core's error_description texts and Microsoft.IdentityModel messages. */
AuthFailureKind classifyAuthText(const QString &text);

/*! Microsoft.IdentityModel codes ("IDX10214") found in \a text, unique, in order of appearance. */
QStringList findIdentityModelCodes(const QString &text);

/*! What an IDX code means for the caller; None for codes we don't know. */
AuthFailureKind identityModelCodeKind(QStringView code);
/*! One sentence for a known IDX code ("IDX10214: audience validation failed"); empty when unknown. */
QString identityModelCodeMeaning(QStringView code);

} // namespace idex
