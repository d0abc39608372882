#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace idex {

/*! The outcome of checking a token's signature. Filled by verifySignature() once a key resolver has found (or failed
    to find) the key; `NotChecked` until then. */
enum class SignatureStatus {
    NotChecked, ///< no key resolver has run yet
    Valid, ///< the signature matches a key of the issuer
    Invalid, ///< a key with the token's kid was found and the signature does not match it (tampered or truncated)
    UnknownKey, ///< no key with the token's kid in the key set (stale keys, wrong JWKS, v1/v2 mix-up)
    Unverifiable, ///< a `nonce` header on an RS256 token for a Microsoft API (Graph style): not verifiable by third
                  ///< parties, by design. Never a pass: it is not Valid.
    Refused, ///< alg "none", HMAC against a public key, an algorithm that does not match the key, a `crit` header
             ///< not understood, a `nonce` on a token for a non-Microsoft API: never accepted
    Error, ///< keys could not be obtained (network, bad JWKS) or the token's signature part is malformed
};

QString signatureStatusName(SignatureStatus status); ///< stable kebab-case name ("valid", "unknown-key", ...)

/*! How far the key set that checked a signature can be trusted to be the issuer's. A valid signature proves only
    that whoever published the keys signed the token: keys a token points to by itself prove nothing. */
enum class KeyTrust {
    Unknown, ///< no key set yet, or one whose origin was not recorded: never trusted
    UserNamed, ///< a JWKS URL or key file the user named explicitly
    EntraAuthority, ///< discovered from a Microsoft Entra ID authority (login.microsoftonline.com, sts.windows.net,
                    ///< ...)
    LocalEmulator, ///< discovered from an issuer on a loopback address (the built-in emulator)
    AllowedIssuer, ///< discovered from an issuer the user allowed (--trust-issuer)
    Untrusted, ///< discovered from the token's own iss on any other host: anyone can publish such keys
};

QString keyTrustName(KeyTrust trust); ///< stable kebab-case name ("entra-authority", "untrusted", ...)
/*! True for the origins whose keys may make a verdict VALID. */
bool isTrustedKeySource(KeyTrust trust);

struct SignatureVerdict
{
    SignatureStatus status = SignatureStatus::NotChecked;
    QString reason; ///< a stable kebab-case code of the specific outcome ("alg-none", "kid-unknown", "verified", ...)
    KeyTrust keyTrust = KeyTrust::Unknown; ///< how the key set was obtained (set by verifyWithResolution)
    QString algorithm; ///< the token's `alg`
    QString keyId; ///< the token's `kid` (or x5t)
    QString keySource; ///< where the key set came from: a JWKS URL or a file path
    QStringList knownKeyIds; ///< kids present in that key set, for "unknown key" evidence
    QString detail; ///< one sentence in plain words
    QDateTime checkedAt; ///< UTC

    bool isChecked() const { return status != SignatureStatus::NotChecked; }
    /*! The signature matches a key. Whether that key is the issuer's is keyTrust's business: see isTrusted(). */
    bool isValid() const { return status == SignatureStatus::Valid; }
    /*! The signature matches a key from a trusted source: the only state in which a token may be called VALID. */
    bool isTrusted() const { return isValid() && isTrustedKeySource(keyTrust); }
};

/*! The member names of a decoded JSON object in the order its text lists them (QJsonObject sorts them). Found only
    when first asked for: a verifier never needs them, a view or a report does, and scanning for them cost a fifth of
    a decode. Copies share the one answer, found once even when several threads ask. */
class MemberOrder
{
public:
    MemberOrder() = default;
    /*! The order of \a object's members in \a json, the text \a object was parsed from. */
    MemberOrder(QByteArray json, QJsonObject object);

    const QStringList &names() const;
    operator const QStringList &() const { return names(); }
    bool isEmpty() const { return names().isEmpty(); }
    qsizetype size() const { return names().size(); }
    const QString &at(qsizetype i) const { return names().at(i); }
    const QString &first() const { return names().first(); }
    QStringList::const_iterator begin() const { return names().cbegin(); }
    QStringList::const_iterator end() const { return names().cend(); }

private:
    struct Lazy;
    std::shared_ptr<Lazy> m_lazy;
};

/*! A decoded JWS compact token: what jwt.ms shows, plus what verification and diagnosis need. The raw text is a secret:
    it stays in memory and is shown only through app/net/redaction unless the user asks for it. */
struct DecodedToken
{
    QString raw; ///< the normalised compact token (what was found in the input, without "Bearer ", whitespace ...)
    QByteArray headerPart; ///< base64url text of the header, as in the token
    QByteArray payloadPart; ///< base64url text of the payload
    QByteArray signaturePart; ///< base64url text of the signature (may be empty)
    QJsonObject header;
    QJsonObject claims;
    MemberOrder headerOrder; ///< header names in the order the token lists them
    MemberOrder claimOrder; ///< claim names in the order the token lists them (QJsonObject sorts them)
    QByteArray signingInput; ///< "headerPart.payloadPart": the bytes the signature covers
    QByteArray signature; ///< decoded signature bytes
    bool signatureMalformed = false; ///< the signature part is not base64url (claims are still readable)
    int version = 0; ///< 1 or 2 from `ver` (or the form of `iss`); 0 when unknown
    QStringList notes; ///< harmless oddities met while decoding (padding, "Bearer " prefix, URL fragment ...)
    SignatureVerdict verification;

    QString algorithm() const { return header.value(QLatin1String("alg")).toString(); }
    QString keyId() const; ///< `kid`, else `x5t`
    bool hasNonce() const { return header.contains(QLatin1String("nonce")); }

    /*! A claim as text: strings as they are, numbers without exponent, arrays joined with ", ", objects as JSON. */
    QString claimText(const QString &name) const;
    /*! A claim that may be a string or an array of strings (`aud`, `roles`, `amr`, `scp` split on spaces). */
    QStringList claimList(const QString &name) const;
    /*! A NumericDate claim (iat, nbf, exp) as UTC; nullopt when absent or not a number. */
    std::optional<QDateTime> claimTime(const QString &name) const;

    QString audience() const { return claimText(QStringLiteral("aud")); }
    QString issuer() const { return claimText(QStringLiteral("iss")); }
    QString tenantId() const { return claimText(QStringLiteral("tid")); }
    QString objectId() const { return claimText(QStringLiteral("oid")); }
    /*! The caller's client ID: `appid` (v1) or `azp` (v2). */
    QString clientId() const;
    QStringList roles() const { return claimList(QStringLiteral("roles")); }
    QStringList scopes() const { return claimList(QStringLiteral("scp")); }
    /*! An app-only token (managed identity, client credentials): no `scp`, or `idtyp` = "app". */
    bool isAppOnly() const;
};

enum class DecodeError {
    None,
    Empty, ///< nothing but whitespace
    TooLong, ///< larger than any real token
    Opaque, ///< not a JWT at all (reference token, consumer "EwA..." token, random text)
    Jwe, ///< 5 parts: an encrypted token, readable only by its audience
    MissingParts, ///< 2 parts (or empty header/payload)
    WrongPartCount, ///< 4 or more than 5 parts
    BadBase64, ///< a part is not base64url
    BadJson, ///< a part decodes to bytes that are not JSON
    NotAnObject, ///< a part is JSON but not an object
    UrlWithoutToken, ///< a URL was pasted that carries no token
};

QString decodeErrorName(DecodeError error); ///< stable kebab-case name ("jwe", "bad-base64", ...)

/*! Either a token or a clear, specific error. */
struct DecodeResult
{
    DecodeError error = DecodeError::None;
    QString message; ///< one or two sentences a person can act on; empty on success
    QString part; ///< "header", "payload" or "signature" when the error concerns one part
    DecodedToken token; ///< meaningful only when ok()

    bool ok() const { return error == DecodeError::None; }
};

/*! Finds the token in what a person pastes: a bare token, "Bearer <token>", "Authorization: Bearer <token>", text with
    whitespace or line breaks, a URL with `#access_token=` or `?access_token=` (also id_token), or a token endpoint's
    JSON answer ({"access_token": ...}). Returns the compact token text, or an empty string when there is none. */
QString extractCompactToken(const QString &input, QStringList *notes = nullptr);

/*! Decodes a JWS compact token. Never performs I/O, never throws, never verifies (see signatureverifier.h). */
DecodeResult decodeToken(const QString &input);

} // namespace idex
