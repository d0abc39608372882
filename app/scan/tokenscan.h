#pragma once
// idex scan's core: every token in a log or a capture (App Service logs, HAR files, curl traces), found with the
// redaction layer's own linear-time scanner (app/net/secretscanner), one entry per distinct token.

#include "diagnose/finding.h"
#include "jwt/decodedtoken.h"
#include "net/secretmask.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QList>

namespace idex {

class Directory; // app/directory/directory.h
struct KeyResolution; // app/jwt/keyresolution.h

namespace scan {

/*! One distinct token of the input: its text (a secret: memory only, shown masked), how often and where first. */
struct FoundToken
{
    QByteArray text;
    redaction::SecretKind kind = redaction::SecretKind::Jwt; ///< Jwt or Jwe
    int occurrences = 0;
    qint64 firstLine = 0; ///< 1-based
    qint64 firstOffset = 0; ///< byte offset of its first occurrence
};

struct FoundTokens
{
    QList<FoundToken> tokens; ///< in order of first occurrence
    qint64 bytes = 0;
    qint64 lines = 0; ///< lines of the input (a last line without its newline counts)
    qint64 occurrences = 0; ///< all occurrences, repeated ones included
};

/*! Every JWT and JWE in \a text, in one forward pass (the secret scanner's, plus one pass counting lines between
    finds): linear time and no regular expression whatever the input, bytes that are not text included. */
FoundTokens findTokens(QByteArrayView text);

/*! What a scan says about one distinct token: read from its claims, named with a directory when there is one,
    its signature checked when keys are given, and the findings of idex diagnose (without expectations). */
struct ScannedToken
{
    FoundToken found;
    QString masked; ///< "[JWT, 1,507 chars]": kind and length only (app/net/redaction)
    QString reference; ///< the first 12 hex digits of SHA-256(token): tells tokens apart without showing them
    bool decoded = false;
    QString decodeError; ///< why it could not be read (a JWE, bad base64 ...), when !decoded
    QString clientId; ///< appid / azp
    QString clientName; ///< from the directory, when loaded and found
    QString objectId; ///< oid
    QString objectName;
    QString audience;
    QString audienceName; ///< the resource's service principal, when found in the directory
    QStringList roles;
    QStringList scopes;
    std::optional<QDateTime> issuedAt, expiresOn;
    bool expired = false;
    SignatureVerdict signature; ///< NotChecked without keys
    Findings findings;
};

struct ScanOptions
{
    const Directory *directory = nullptr;
    const KeyResolution *keys = nullptr; ///< verify signatures against these (a JWKS or PEM file the user named)
    QDateTime now = QDateTime::currentDateTimeUtc();
};

/*! Reads each distinct token of \a found (never performs I/O). */
QList<ScannedToken> analyse(const FoundTokens &found, const ScanOptions &options);

} // namespace scan
} // namespace idex
