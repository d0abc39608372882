// The rules that read the token alone (and the expectation): lifetime, audience, issuer, version, caller, roles,
// token kind and the signature verdict. Codes are stable: tests, `idex diagnose --json` and the README table use them.
#include "jwt/claimscatalog.h"
#include "jwt/decodedtoken.h"
#include "jwt/tokentimes.h"
#include "rules.h"

#include <QUrl>

namespace idex::rules {

namespace {

Finding finding(Severity severity, const char *code, const QString &title, const QString &evidence, const QString &fix)
{
    return Finding { severity, QLatin1String(code), title, evidence, fix };
}

QString quoted(const QStringList &values)
{
    QStringList list;
    for (const QString &value : values)
        list << u'"' + value + u'"';
    return list.join(QStringLiteral(", "));
}

/*! The GUID inside an audience: "api://GUID/", "GUID", "https://x/GUID" all give GUID; empty when there is none. */
QString guidOf(const QString &audience)
{
    QString text = audience;
    if (text.startsWith(QLatin1String("api://")))
        text = text.mid(6);
    while (text.endsWith(u'/'))
        text.chop(1);
    return isGuid(text) ? text.toLower() : QString();
}

QString formOf(const QString &audience)
{
    if (isGuid(audience))
        return QStringLiteral("the bare client ID");
    if (audience.startsWith(QLatin1String("api://")))
        return audience.endsWith(u'/') ? QStringLiteral("api://<client ID> with a trailing slash")
                                       : QStringLiteral("api://<client ID>");
    return audience.endsWith(u'/') ? QStringLiteral("a URI with a trailing slash") : QStringLiteral("a URI");
}

/*! Why two audience strings that name the same API still differ. Empty when they are unrelated. */
QString sameApiDifferentForm(const QString &actual, const QString &expected)
{
    QString a = actual, e = expected;
    while (a.endsWith(u'/'))
        a.chop(1);
    while (e.endsWith(u'/'))
        e.chop(1);
    const bool sameGuid = !guidOf(actual).isEmpty() && guidOf(actual) == guidOf(expected);
    if (!sameGuid && a != e)
        return {};
    // The values themselves are shown once, side by side (Finding::compared): here only how their forms differ.
    return QStringLiteral("Both name the same API (the token's is %1, the accepted one %2), but audiences are compared "
                          "as exact strings.")
        .arg(formOf(actual), formOf(expected));
}

void lifetimeRules(const DecodedToken &token, const QDateTime &now, Findings &findings)
{
    const TokenTimes times = TokenTimes::of(token, now);
    const QString nowText = formatUtc(now);
    switch (times.state) {
    case TokenTimes::State::NoExpiry:
        findings << finding(Severity::Error, "token-no-expiry", QStringLiteral("The token has no expiry"),
            QStringLiteral("No numeric \"exp\" claim."),
            QStringLiteral("Validators reject tokens without exp (IDX10225). Get a token from Entra ID or the "
                           "emulator, not a hand-made one."));
        break;
    case TokenTimes::State::Expired:
        findings << finding(Severity::Error, "token-expired", QStringLiteral("The token has expired"),
            QStringLiteral("exp = %1, now = %2: %3, beyond the 5 minutes of clock skew validators allow.")
                .arg(formatUtc(*times.expiresAt), nowText, times.summary(now)),
            QStringLiteral("Get a new token. Managed identity endpoints cache tokens and renew them before expiry; "
                           "a client holding on to one for longer must ask again (IDX10223)."));
        break;
    case TokenTimes::State::ExpiredSkew:
        findings << finding(Severity::Warning, "clock-skew",
            QStringLiteral("Expired, but within the clock skew allowance"),
            QStringLiteral("exp = %1, now = %2: %3. Validators still accept it for up to 5 minutes after exp.")
                .arg(formatUtc(*times.expiresAt), nowText, times.summary(now)),
            QStringLiteral("Get a new token now; check that this machine's clock is right (timedatectl / w32tm)."));
        break;
    case TokenTimes::State::NotYetValid:
        findings << finding(Severity::Error, "token-not-yet-valid", QStringLiteral("The token is not valid yet"),
            QStringLiteral("nbf = %1, now = %2: %3, more than the 5 minutes of clock skew validators allow.")
                .arg(formatUtc(*times.notBefore), nowText, times.summary(now)),
            QStringLiteral(
                "The clocks of the token issuer and of this machine disagree. Synchronise this machine's clock (NTP); "
                "validators answer IDX10222."));
        break;
    case TokenTimes::State::NotYetValidSkew:
        findings << finding(Severity::Warning, "clock-skew",
            QStringLiteral("Not valid yet, but within the clock skew allowance"),
            QStringLiteral("nbf = %1, now = %2: %3.").arg(formatUtc(*times.notBefore), nowText, times.summary(now)),
            QStringLiteral(
                "This machine's clock is behind the issuer's. Validators with the default 5 minutes of skew accept "
                "the token; stricter ones do not. Synchronise the clock (NTP)."));
        break;
    case TokenTimes::State::Valid: break;
    }
    if (times.issuedAt && now.secsTo(*times.issuedAt) > kClockSkewSeconds && times.state == TokenTimes::State::Valid)
        findings << finding(Severity::Warning, "clock-skew", QStringLiteral("The token was issued in the future"),
            QStringLiteral("iat = %1 is %2 after this machine's time (%3).")
                .arg(formatUtc(*times.issuedAt), formatDuration(now.secsTo(*times.issuedAt)), nowText),
            QStringLiteral("This machine's clock is behind the issuer's. Synchronise it (NTP)."));
}

void audienceRule(const DecodedToken &token, const Expectation &expectation, Findings &findings)
{
    if (expectation.audiences.isEmpty())
        return;
    const QStringList audiences = token.claimList(QStringLiteral("aud"));
    for (const QString &aud : audiences) {
        if (expectation.audiences.contains(aud))
            return;
    }
    QStringList explanations;
    for (const QString &aud : audiences) {
        for (const QString &expected : expectation.audiences) {
            const QString why = sameApiDifferentForm(aud, expected);
            if (!why.isEmpty())
                explanations << why;
        }
    }
    QString evidence = audiences.isEmpty() ? QStringLiteral("The token has no \"aud\" claim.")
        : explanations.isEmpty()           ? QStringLiteral("The token's audience is not one the API accepts.")
                                           : explanations.join(u' ');
    const QString fix = explanations.isEmpty()
        ? QStringLiteral(
            "The token was requested for another API. Ask the managed identity endpoint for resource=%1 (a v1 token's "
            "aud is "
            "exactly the resource string requested), or add the token's audience to the API's allowed token audiences.")
              .arg(expectation.audiences.first())
        : QStringLiteral(
            "Request the token with resource=%1 exactly (same prefix, same trailing slash), or add the token's "
            "audience "
            "to the API's allowed token audiences (App Service Authentication: Allowed token audiences; JwtBearer: "
            "ValidAudiences).")
              .arg(expectation.audiences.first());
    Finding mismatch = finding(
        Severity::Error, "audience-mismatch", QStringLiteral("The token is for another audience"), evidence, fix);
    mismatch.compared << ComparedValues { QStringLiteral("aud"), audiences.join(QStringLiteral(", ")),
        expectation.audiences };
    const QString wanted = expectation.audiences.first();
    mismatch.actions << FindingAction { FindingAction::Kind::GetToken, QStringLiteral("Get a token for %1").arg(wanted),
        { { QStringLiteral("resource"), wanted } },
        { QStringLiteral("curl -H \"Metadata: true\" \"http://169.254.169.254/metadata/identity/oauth2/token"
                         "?api-version=2018-02-01&resource=%1\"")
                .arg(wanted),
            QStringLiteral("az account get-access-token --resource %1").arg(wanted),
            QStringLiteral("idex token --resource %1").arg(wanted) } };
    findings << mismatch;
}

QString tenantOfIssuer(const QString &issuer)
{
    const QStringList parts = issuer.split(u'/', Qt::SkipEmptyParts);
    // https://sts.windows.net/{tid}/ and https://login.microsoftonline.com/{tid}/v2.0: the tenant is the 3rd part.
    return parts.size() >= 3 ? parts.at(2).toLower() : QString();
}

int versionOfIssuer(const QString &issuer)
{
    if (issuer.startsWith(QLatin1String("https://sts.windows.net/")))
        return 1;
    if (issuer.endsWith(QLatin1String("/v2.0")) || issuer.endsWith(QLatin1String("/v2.0/")))
        return 2;
    return 0;
}

bool hasVersionSuffix(const QString &issuer)
{
    return issuer.endsWith(QLatin1String("/v2.0")) || issuer.endsWith(QLatin1String("/v2.0/"));
}

QString withoutVersionSuffix(QString issuer)
{
    while (issuer.endsWith(u'/'))
        issuer.chop(1);
    if (issuer.endsWith(QLatin1String("/v2.0")))
        issuer.chop(5);
    return issuer;
}

void issuerRules(const DecodedToken &token, const Expectation &expectation, Findings &findings)
{
    const QString iss = token.issuer();
    const QString versionFix = QStringLiteral(
        "The token version is chosen by the API's app registration (api.requestedAccessTokenVersion / "
        "accessTokenAcceptedVersion: "
        "null or 1 = v1, 2 = v2), not by the endpoint the caller used. Either set it to the version the API validates, "
        "or "
        "configure the API to accept the other issuer (App Service Authentication: issuer URL without /v2.0 for v1).");
    if (expectation.tokenVersion && token.version != 0 && *expectation.tokenVersion != token.version) {
        findings << finding(Severity::Error, "issuer-version-mismatch",
            QStringLiteral("A v%1 token where the API expects v%2").arg(token.version).arg(*expectation.tokenVersion),
            QStringLiteral("ver = \"%1\", iss = \"%2\"; the API validates v%3 tokens.")
                .arg(token.claimText(QStringLiteral("ver")), iss)
                .arg(*expectation.tokenVersion),
            versionFix);
        return;
    }
    if (expectation.issuer.isEmpty())
        return;
    QString expected = expectation.issuer;
    // Multi-tenant templates: substitute the token's tenant, as Microsoft.Identity.Web does.
    expected.replace(QLatin1String("{tenantid}"), token.tenantId(), Qt::CaseInsensitive);
    if (iss == expected)
        return;
    int actualVersion = versionOfIssuer(iss);
    int expectedVersion = versionOfIssuer(expected);
    const bool sameTenant = !tenantOfIssuer(iss).isEmpty() && tenantOfIssuer(iss) == tenantOfIssuer(expected);
    // Other authorities (the emulator, sovereign clouds) use {authority}/{tenant}/ for v1 and .../v2.0 for v2.
    if (!actualVersion || !expectedVersion) {
        const QString a = withoutVersionSuffix(iss);
        if (a == withoutVersionSuffix(expected) && !a.isEmpty()) {
            actualVersion = hasVersionSuffix(iss) ? 2 : 1;
            expectedVersion = hasVersionSuffix(expected) ? 2 : 1;
        }
    }
    if (actualVersion && expectedVersion && actualVersion != expectedVersion
        && (sameTenant || withoutVersionSuffix(iss) == withoutVersionSuffix(expected))) {
        findings << finding(Severity::Error, "issuer-version-mismatch",
            QStringLiteral("A v%1 issuer where the API expects the v%2 form").arg(actualVersion).arg(expectedVersion),
            QStringLiteral("iss = \"%1\" (v%2 form); the API expects \"%3\" (v%4 form). Same tenant, other token "
                           "version: validators answer IDX10205 / IDX10211.")
                .arg(iss)
                .arg(actualVersion)
                .arg(expected)
                .arg(expectedVersion),
            versionFix);
        return;
    }
    QString evidence = QStringLiteral("iss = \"%1\"; the API expects \"%2\".").arg(iss, expected);
    if (!sameTenant && !tenantOfIssuer(iss).isEmpty() && !tenantOfIssuer(expected).isEmpty())
        evidence
            += QStringLiteral(" The tenants differ (%1 vs %2).").arg(tenantOfIssuer(iss), tenantOfIssuer(expected));
    else if (iss.endsWith(u'/') != expected.endsWith(u'/'))
        evidence += QStringLiteral(" Only the trailing slash differs, and issuers are compared as exact strings.");
    findings << finding(Severity::Error, "issuer-mismatch", QStringLiteral("The token comes from another issuer"),
        evidence,
        QStringLiteral("Check that the caller and the API are in the same tenant, and that the API's issuer setting is "
                       "exactly the token's iss (v1: https://sts.windows.net/<tenant>/, v2: "
                       "https://login.microsoftonline.com/<tenant>/v2.0)."));
}

void callerRules(const DecodedToken &token, const Expectation &expectation, Findings &findings)
{
    if (!expectation.clientId.isEmpty() && token.clientId().compare(expectation.clientId, Qt::CaseInsensitive) != 0) {
        const QString claim
            = token.claims.contains(QLatin1String("appid")) ? QStringLiteral("appid") : QStringLiteral("azp");
        findings << finding(Severity::Error, "client-mismatch",
            QStringLiteral("The token was requested by another client"),
            token.clientId().isEmpty()
                ? QStringLiteral("The token has neither appid nor azp; the API expects client %1.")
                      .arg(expectation.clientId)
                : QStringLiteral("%1 = %2; the API expects client %3.")
                      .arg(claim, token.clientId(), expectation.clientId),
            QStringLiteral(
                "With several user-assigned identities, ask for the intended one explicitly (client_id / "
                "ManagedIdentityCredential(clientId)); otherwise the system-assigned identity answers. Or add "
                "this client to the API's allowed applications."));
    }
    const bool wantsAppToken = expectation.appOnly || !expectation.roles.isEmpty();
    if (wantsAppToken && !token.isAppOnly()) {
        const QString scp = token.claimText(QStringLiteral("scp"));
        const QString idtyp = token.claimText(QStringLiteral("idtyp"));
        QStringList evidence;
        if (!scp.isEmpty())
            evidence << QStringLiteral("scp = \"%1\" (delegated scopes)").arg(scp);
        if (!idtyp.isEmpty())
            evidence << QStringLiteral("idtyp = \"%1\"").arg(idtyp);
        const QString user = token.claimText(QStringLiteral("upn")).isEmpty()
            ? token.claimText(QStringLiteral("preferred_username"))
            : token.claimText(QStringLiteral("upn"));
        if (!user.isEmpty())
            evidence << QStringLiteral("user %1").arg(user);
        findings << finding(Severity::Error, "user-token",
            QStringLiteral("A user token where an app token is expected"),
            QStringLiteral("The token carries a signed-in user: %1. The API expects an app-only token (a managed "
                           "identity or client credentials).")
                .arg(evidence.join(QStringLiteral(", "))),
            QStringLiteral("Get the token from the managed identity (ManagedIdentityCredential, not "
                           "DefaultAzureCredential picking up a developer sign-in or az login), or make the API accept "
                           "delegated tokens and check scp."));
    }
}

void roleRules(const DecodedToken &token, const Expectation &expectation, Findings &findings)
{
    if (expectation.roles.isEmpty())
        return;
    const QStringList roles = token.roles();
    for (const QString &role : expectation.roles) {
        if (roles.contains(role))
            return;
    }
    const QString caller = token.objectId().isEmpty() ? token.clientId() : token.objectId();
    if (roles.isEmpty()) {
        findings << finding(Severity::Error, "missing-roles", QStringLiteral("The token carries no app role"),
            QStringLiteral("No \"roles\" claim; the API requires %1.").arg(quoted(expectation.roles)),
            QStringLiteral("Assign the app role %1 of the API's service principal to the caller's service principal "
                           "(object ID %2), then get a new token: tokens issued before the assignment do not carry it, "
                           "and managed identity tokens are cached for about 24 hours.")
                .arg(quoted(expectation.roles).section(QStringLiteral(", "), 0, 0), caller));
        return;
    }
    QString evidence = QStringLiteral("roles = %1; the API requires %2.").arg(quoted(roles), quoted(expectation.roles));
    for (const QString &role : roles) {
        for (const QString &wanted : expectation.roles) {
            if (role.compare(wanted, Qt::CaseInsensitive) == 0)
                evidence += QStringLiteral(" \"%1\" and \"%2\" differ only in case: role values are case-sensitive.")
                                .arg(role, wanted);
        }
    }
    findings << finding(Severity::Error, "wrong-role",
        QStringLiteral("The token carries other app roles than required"), evidence,
        QStringLiteral(
            "Assign the app role %1 to the caller (object ID %2) and get a new token, or make the API accept "
            "one of the roles the token has.")
            .arg(quoted(expectation.roles).section(QStringLiteral(", "), 0, 0), caller));
}

void signatureRules(const DecodedToken &token, Findings &findings)
{
    const SignatureVerdict &v = token.verification;
    const QString where = v.keySource.isEmpty() ? QString() : QStringLiteral(" Keys: %1.").arg(v.keySource);
    const QString because = v.reason.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(v.reason);
    switch (v.status) {
    case SignatureStatus::NotChecked:
        // Information, not a problem of the token; the verdict (diagnose/verdict.h) still says NOT VERIFIED.
        findings << finding(Severity::Info, "signature-not-checked",
            QStringLiteral("The signature has not been checked"),
            QStringLiteral("alg = %1, kid = %2. Until it is, anyone could have written these claims.")
                .arg(token.algorithm(), token.keyId()),
            QStringLiteral("Verify it through discovery from iss, a JWKS URL, or a JWKS file (offline)."));
        findings.last().actions << FindingAction { FindingAction::Kind::VerifySignature,
            QStringLiteral("Verify the signature"), {},
            { QStringLiteral("idex verify TOKEN  (discovery from iss; or --jwks URL|FILE)") } };
        break;
    case SignatureStatus::Valid:
        if (!isTrustedKeySource(v.keyTrust))
            findings << finding(Severity::Warning, "keys-not-from-entra",
                QStringLiteral("Signed with keys that are not Microsoft Entra ID's"),
                QStringLiteral("The signature is valid for keys published at %1 (host %2), %3.")
                    .arg(v.keySource, QUrl(v.keySource).host(),
                        v.keyTrust == KeyTrust::Untrusted ? QStringLiteral(
                            "which is neither a Microsoft Entra ID authority nor this machine's emulator")
                                                          : QStringLiteral("whose origin was not recorded")),
                QStringLiteral(
                    "Anyone can publish keys and sign tokens that verify against them. Unless you expect this issuer "
                    "(then allow it: idex verify --trust-issuer), treat the token as forged; an Entra-protected "
                    "API will reject it."));
        break;
    case SignatureStatus::Invalid:
        findings << finding(Severity::Error, "signature-invalid", QStringLiteral("The signature is invalid"),
            v.detail + where + because,
            QStringLiteral(
                "The token was altered, truncated when copied, or signed by another issuer's key with the same "
                "kid. APIs answer IDX10503 / \"The signature is invalid\". Copy the token again, whole."));
        break;
    case SignatureStatus::UnknownKey:
        findings << finding(Severity::Error, "signing-key-unknown",
            QStringLiteral("The signing key is not in the issuer's key set"), v.detail + where + because,
            QStringLiteral(
                "Validators answer IDX10501 \"Unable to match 'kid'\". Check that the API reads the keys of the "
                "token's issuer and version (v1 keys: /common/discovery/keys, v2: /{tenant}/discovery/v2.0/keys), "
                "that it refreshes them (Entra rolls keys over without notice), and that the token is from Entra. "
                "Keys named by the token itself (jku, x5u, jwk) are never used."));
        break;
    case SignatureStatus::Unverifiable:
        findings << finding(Severity::Info, "signature-unverifiable",
            QStringLiteral("Not verifiable by third parties, by design"), v.detail,
            QStringLiteral(
                "Nothing to fix in the token. If your own API received it, the caller asked for a token for a "
                "Microsoft API (Graph) instead of yours: request your API's resource."));
        break;
    case SignatureStatus::Refused:
        if (v.reason == QLatin1String("crit-not-understood"))
            findings << finding(Severity::Error, "header-crit-refused",
                QStringLiteral("The token demands extensions no validator understands"), v.detail + because,
                QStringLiteral("Entra never sets \"crit\". Whoever made this token can make any claim; find out where "
                               "it came from."));
        else if (v.reason == QLatin1String("nonce-suspicious"))
            findings << finding(Severity::Error, "nonce-suspicious",
                QStringLiteral("A nonce header where none belongs"), v.detail + because,
                QStringLiteral(
                    "Only tokens for Microsoft's own APIs carry a nonce. Treat this token as forged; a real one for "
                    "your API has no nonce and verifies against the issuer's keys."));
        else
            findings << finding(Severity::Error, "algorithm-refused",
                QStringLiteral("The signing algorithm is refused"), v.detail + because,
                QStringLiteral(
                    "Never accept such a token: Entra signs access tokens with RS256. Whoever made it can make any "
                    "claim; find out where it came from."));
        break;
    case SignatureStatus::Error:
        findings << finding(Severity::Warning, "signature-check-failed",
            QStringLiteral("The signature could not be checked"), v.detail,
            QStringLiteral(
                "Check the network path to the issuer's metadata, or verify offline with a JWKS file. Until then "
                "the token is not verified."));
        break;
    }
}

} // namespace

void tokenRules(const DiagnosisInput &input, Findings &findings)
{
    if (!input.token)
        return;
    const DecodedToken &token = *input.token;
    lifetimeRules(token, input.now, findings);
    audienceRule(token, input.expectation, findings);
    issuerRules(token, input.expectation, findings);
    callerRules(token, input.expectation, findings);
    roleRules(token, input.expectation, findings);
    signatureRules(token, findings);
    if (!input.tokenEndedRun.isEmpty())
        findings << finding(Severity::Warning, "token-from-ended-emulator-run",
            QStringLiteral("The token comes from the emulator's previous run"),
            QStringLiteral("It was issued by %1; the emulator now serves %2. Its tenant, identities, roles and cache "
                           "belong to a scenario that is no longer running, so an answer to it says nothing about the "
                           "current one.")
                .arg(input.tokenEndedRun,
                    input.currentRun.isEmpty() ? QStringLiteral("nothing (it stopped)") : input.currentRun),
            QStringLiteral("Get a new token from the emulator (Token panel, Get token), then call again."));
}

} // namespace idex::rules
