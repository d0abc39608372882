#pragma once

// Options shared by `idex verify` and `idex diagnose`: the expectation flags and the key source.
#include "diagnose/diagnosis.h"
#include "diagnose/verdict.h"
#include "jwt/decodedtoken.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace idex::cli {

struct TokenOptions
{
    QCommandLineOption jwks { QStringList { QStringLiteral("jwks") },
        QStringLiteral("Verify with this JWKS URL or JWKS/PEM file (offline)."), QStringLiteral("URL|FILE") };
    QCommandLineOption issuer { QStringList { QStringLiteral("issuer") },
        QStringLiteral("Expected issuer (iss); {tenantid} is replaced by tid."), QStringLiteral("I") };
    QCommandLineOption audience { QStringList { QStringLiteral("audience") },
        QStringLiteral("Accepted audience (aud); repeat for several."), QStringLiteral("A") };
    QCommandLineOption role { QStringList { QStringLiteral("role") },
        QStringLiteral("Required app role (any one grants access); repeat for several."), QStringLiteral("R") };
    QCommandLineOption clientId { QStringList { QStringLiteral("client-id") },
        QStringLiteral("Expected caller client ID (appid/azp)."), QStringLiteral("ID") };
    QCommandLineOption tokenVersion { QStringList { QStringLiteral("token-version") },
        QStringLiteral("Token version the API validates (1 or 2)."), QStringLiteral("N") };
    QCommandLineOption appOnly { QStringList { QStringLiteral("app-only") },
        QStringLiteral("The API expects an app-only token (no user).") };
    QCommandLineOption now { QStringList { QStringLiteral("now") },
        QStringLiteral("Judge lifetimes at this UTC time (ISO 8601) instead of now."), QStringLiteral("TIME") };
    QCommandLineOption json { QStringList { QStringLiteral("json") }, QStringLiteral("Print JSON.") };
    QCommandLineOption trustIssuer { QStringList { QStringLiteral("trust-issuer") },
        QStringLiteral("Trust keys discovered from this issuer (exact iss) besides Entra's and the local "
                       "emulator's; repeat for several."),
        QStringLiteral("ISS") };

    void addTo(QCommandLineParser &parser) const;
    /*! Reads the expectation; false with \a error set for a bad value (e.g. --token-version 3). */
    bool expectation(const QCommandLineParser &parser, Expectation &out, QString *error) const;
    bool nowTime(const QCommandLineParser &parser, QDateTime &out, QString *error) const;
};

/*! Reads the token argument (or stdin) and decodes it; prints the decode error and returns false when unusable. */
bool readAndDecode(const QCommandLineParser &parser, DecodedToken &token, bool json);

/*! Runs the key source: --jwks URL/file (trusted: the user named it), else OpenID discovery from iss when \a discover
    is set (trusted for Entra authorities, the loopback emulator and \a trustedIssuers). Fills token.verification.
    Returns a line describing what was done, for the text output. */
QString verifyToken(DecodedToken &token, const QString &jwks, bool discover, const QStringList &trustedIssuers = {});

/*! The text output's last line: "VALID", "INVALID: <reason>" or "NOT VERIFIED: <reason>". */
QString verdictLine(const TokenVerdict &verdict);

} // namespace idex::cli
