// The rules that read a test call's answer (401/403 analysis) and correlate it with the token that was sent.
// Token-only facts (expiry, audience against an expectation, ...) belong to tokenrules.cpp; these rules say what the
// API's answer means, so their codes start with "call-".
#include "call/callresult.h"
#include "call/statusmeaning.h"
#include "jwt/decodedtoken.h"
#include "rules.h"

namespace idex::rules {

namespace {

QString quotedList(const QStringList &values)
{
    QStringList quoted;
    for (const QString &value : values)
        quoted.append(u'\'' + value + u'\'');
    return quoted.join(QStringLiteral(", "));
}

QString statusLine(const CallResult &call)
{
    return QStringLiteral("The API answered %1 %2").arg(call.status()).arg(statusReasonPhrase(call.status()));
}

QString serverWords(const CallResult &call)
{
    QString words;
    if (!call.serverMessage.isEmpty()) {
        const QString message = call.serverMessage.left(300).trimmed();
        const bool ends = message.endsWith(u'.') || message.endsWith(u'!') || message.endsWith(u'?');
        words += QStringLiteral(" It said: \"%1\"%2").arg(message, ends ? QString() : QStringLiteral("."));
    }
    if (!call.identityModelCodes.isEmpty())
        words += QStringLiteral(" Codes: %1.").arg(call.identityModelCodes.join(QStringLiteral(", ")));
    return words;
}

QString who(const DecodedToken &token)
{
    QStringList parts;
    if (!token.clientId().isEmpty())
        parts << QStringLiteral("client ID %1").arg(token.clientId());
    if (!token.objectId().isEmpty())
        parts << QStringLiteral("object ID %1").arg(token.objectId());
    return parts.isEmpty() ? QStringLiteral("the caller")
                           : QStringLiteral("the caller (%1)").arg(parts.join(QStringLiteral(", ")));
}

// The roles this API wants: named by the API's answer, else by the expectation (scenario or directory).
QStringList wantedRoles(const DiagnosisInput &input, const CallResult &call)
{
    QStringList roles = call.requiredRoles;
    for (const QString &role : input.expectation.roles) {
        if (!roles.contains(role))
            roles.append(role);
    }
    return roles;
}

bool audienceMatches(const QString &audience, const QString &wanted)
{
    // Entra compares exactly: "api://x", "x" and "api://x/" are three different values. GUIDs ignore case.
    return audience.compare(wanted, Qt::CaseInsensitive) == 0;
}

void add(Findings &findings, Severity severity, const char *code, const QString &title, const QString &evidence,
    const QString &fix)
{
    findings.append(Finding { severity, QString::fromLatin1(code), title, evidence.trimmed(), fix });
}

void transportRules(const CallResult &call, Findings &findings)
{
    const HttpResponse &response = call.response();
    const QString host = call.request().url.host();
    QString fix;
    switch (response.failure) {
    case HttpFailure::ConnectionRefused:
        fix = QStringLiteral("Check the host and port; is the function app (or the emulator) running?");
        break;
    case HttpFailure::HostNotFound:
        fix = QStringLiteral("Check the host name; from a jumpbox, check DNS and private endpoints.");
        break;
    case HttpFailure::Timeout:
        fix = QStringLiteral("The API did not answer in time: check firewalls, proxies and whether the app is starting "
                             "(cold start), then retry with a longer timeout.");
        break;
    case HttpFailure::Tls:
        fix = QStringLiteral("The server's certificate is not trusted here. Install the issuing CA, use the host name "
                             "the certificate names, or (for a test only) send again with \"Ignore TLS errors\".");
        break;
    default: fix = QStringLiteral("Check the URL and the network path to the API.");
    }
    QString evidence = QStringLiteral("No HTTP answer from %1: %2 (%3).")
                           .arg(host, describeFailure(response.failure), response.error);
    if (!response.tlsErrors.isEmpty())
        evidence += QStringLiteral(" Certificate problems: %1.").arg(response.tlsErrors.join(QStringLiteral("; ")));
    add(findings, Severity::Error, "call-no-answer", QStringLiteral("The call did not reach the API"), evidence, fix);
}

void unauthorizedRules(
    const DiagnosisInput &input, const CallResult &call, const DecodedToken *sent, Findings &findings)
{
    const QString said = statusLine(call) + u'.' + serverWords(call);
    const QString announced = call.announcedAudience;

    if (call.sentBearerToken().isEmpty()) {
        add(findings, Severity::Error, "call-missing-token", QStringLiteral("No bearer token was sent"),
            said + QStringLiteral(" The request had no \"Authorization: Bearer\" header."),
            announced.isEmpty()
                ? QStringLiteral("Get a token for the API and send it as \"Authorization: Bearer <token>\".")
                : QStringLiteral("Get a token for resource '%1' and send it as \"Authorization: Bearer <token>\".")
                      .arg(announced));
        return;
    }

    const QStringList audiences = sent ? sent->claimList(QStringLiteral("aud")) : QStringList();
    const bool audienceDiffers = !announced.isEmpty() && !audiences.isEmpty()
        && std::none_of(audiences.cbegin(), audiences.cend(),
            [&announced](const QString &aud) { return audienceMatches(aud, announced); });

    switch (call.failureKind) {
    case AuthFailureKind::Expired:
    case AuthFailureKind::NotYetValid:
    case AuthFailureKind::NoExpiry: {
        QString evidence = said;
        if (sent) {
            const auto exp = sent->claimTime(QStringLiteral("exp"));
            const auto nbf = sent->claimTime(QStringLiteral("nbf"));
            if (exp)
                evidence += QStringLiteral(" The token's exp is %1 (now %2).")
                                .arg(exp->toString(Qt::ISODate), input.now.toString(Qt::ISODate));
            if (nbf && call.failureKind == AuthFailureKind::NotYetValid)
                evidence += QStringLiteral(" Its nbf is %1.").arg(nbf->toString(Qt::ISODate));
        }
        const bool early = call.failureKind == AuthFailureKind::NotYetValid;
        add(findings, Severity::Error, early ? "call-token-not-yet-valid" : "call-token-expired",
            early ? QStringLiteral("The API refused the token: not valid yet")
                  : QStringLiteral("The API refused the token: its lifetime is over"),
            evidence,
            early ? QStringLiteral("Check the clocks of the caller and the API (validators allow 5 minutes of skew).")
                  : QStringLiteral("Get a new token (managed identity endpoints hand out a fresh one before expiry; a "
                                   "caller that caches tokens must refresh them), and check the API host's clock."));
        return;
    }
    case AuthFailureKind::Issuer:
        add(findings, Severity::Error, "call-issuer-rejected", QStringLiteral("The API refused the token's issuer"),
            said
                + (sent ? QStringLiteral(" The token's iss is '%1' (token version %2).")
                              .arg(sent->issuer())
                              .arg(sent->version)
                        : QString()),
            QStringLiteral(
                "Make the API accept the issuer of this token version: v1 tokens come from "
                "https://sts.windows.net/{tenant}/, v2 from https://login.microsoftonline.com/{tenant}/v2.0. "
                "Set the app registration's accessTokenAcceptedVersion or the API's issuer setting to match, "
                "and check the tenant."));
        return;
    case AuthFailureKind::SigningKeyNotFound:
    case AuthFailureKind::InvalidSignature:
        add(findings, Severity::Error, "call-signature-rejected",
            QStringLiteral("The API could not verify the token's signature"),
            said
                + (sent ? QStringLiteral(" The token's kid is '%1'%2.")
                              .arg(sent->keyId(),
                                  sent->hasNonce()
                                      ? QStringLiteral(" and its header has a nonce (a Microsoft Graph token)")
                                      : QString())
                        : QString()),
            QStringLiteral("Send a token issued for this API (not one for Microsoft Graph), and make the API read the "
                           "signing keys of the right tenant and token version; restart it if it cached old keys."));
        return;
    default: break;
    }

    if (call.failureKind == AuthFailureKind::Audience || audienceDiffers) {
        // The two audiences are set side by side once (compared); the evidence says where the API's one came from.
        QString evidence = said;
        if (!announced.isEmpty())
            evidence += QStringLiteral(" The API announces the audience it wants in resource_id.");
        const QString target = !announced.isEmpty() ? announced : input.expectation.audiences.value(0);
        add(findings, Severity::Error, "call-audience-rejected",
            QStringLiteral("The token is for another audience than this API"), evidence,
            target.isEmpty()
                ? QStringLiteral("Request the token with the API's client ID or App ID URI as the resource, exactly as "
                                 "the API lists it in its allowed audiences.")
                : QStringLiteral("Request a token for resource '%1' (for example: idex token --resource %1), or add "
                                 "the token's audience to the API's allowed token audiences.")
                      .arg(target));
        if (!audiences.isEmpty() || !target.isEmpty()) {
            QStringList expected = announced.isEmpty() ? input.expectation.audiences : QStringList { announced };
            for (const QString &audience : input.expectation.audiences) {
                if (!expected.contains(audience))
                    expected.append(audience);
            }
            findings.last().compared << ComparedValues { QStringLiteral("aud"), audiences.join(QStringLiteral(", ")),
                expected };
        }
        return;
    }

    if (call.failureKind == AuthFailureKind::InvalidToken || call.failureKind == AuthFailureKind::None) {
        QString evidence = said;
        if (!announced.isEmpty())
            evidence += QStringLiteral(" The API announces resource_id '%1'%2.")
                            .arg(announced,
                                audiences.isEmpty() ? QString() : QStringLiteral(", which the token's aud matches"));
        add(findings, Severity::Error, "call-token-rejected",
            QStringLiteral("The API refused the token without saying why"), evidence,
            QStringLiteral("Compare the token with what the API accepts: audience, issuer (tenant and token version), "
                           "lifetime and signing keys. The Claims panel (or idex verify) checks each of them."));
    }
}

void forbiddenRules(const DiagnosisInput &input, const CallResult &call, const DecodedToken *sent, Findings &findings)
{
    const QString said = statusLine(call) + u'.' + serverWords(call);
    const QStringList wanted = wantedRoles(input, call);

    if (call.failureKind == AuthFailureKind::InsufficientScope) {
        add(findings, Severity::Error, "call-insufficient-scope",
            QStringLiteral("The token lacks the scope the API asks for"),
            said
                + (call.bearerChallenge() && !call.bearerChallenge()->scope().isEmpty()
                        ? QStringLiteral(" Required scope: '%1'.").arg(call.bearerChallenge()->scope())
                        : QString()),
            QStringLiteral("Managed identity tokens carry app roles, not scopes: make the API accept the app role "
                           "(roles claim) for application callers."));
        return;
    }

    const QStringList roles = sent ? sent->roles() : QStringList();
    const bool policy = call.failureKind == AuthFailureKind::PolicyDenied;

    if (!policy && sent && roles.isEmpty()) {
        const QString roleWords = wanted.isEmpty() ? QStringLiteral("the app role the API requires")
                                                   : QStringLiteral("the app role %1").arg(quotedList(wanted));
        add(findings, Severity::Error, "call-missing-role", QStringLiteral("The identity has no app role on this API"),
            said
                + QStringLiteral(" The token of %1 has no roles claim: no app role of this API is assigned to it.")
                      .arg(who(*sent))
                + (wanted.isEmpty() ? QString() : QStringLiteral(" The API requires %1.").arg(quotedList(wanted))),
            QStringLiteral("Assign %1 of the API's app registration to the identity's service principal%2 (an app role "
                           "assignment, e.g. New-MgServicePrincipalAppRoleAssignment), then get a new token: the role "
                           "appears only in tokens issued after the assignment, and managed identity tokens are cached "
                           "for up to 24 hours.")
                .arg(roleWords,
                    sent->objectId().isEmpty() ? QString() : QStringLiteral(" (object ID %1)").arg(sent->objectId())));
        return;
    }

    if (!policy && !wanted.isEmpty() && sent
        && std::none_of(
            wanted.cbegin(), wanted.cend(), [&roles](const QString &role) { return roles.contains(role); })) {
        add(findings, Severity::Error, "call-wrong-role",
            QStringLiteral("The identity holds other app roles than the one required"),
            said
                + QStringLiteral(" The token's roles are %1; the API requires %2.")
                      .arg(quotedList(roles), quotedList(wanted)),
            QStringLiteral("Assign the app role %1 to %2, then get a new token.").arg(quotedList(wanted), who(*sent)));
        return;
    }

    if (!policy && !sent && !wanted.isEmpty()) {
        add(findings, Severity::Error, "call-missing-role",
            QStringLiteral("The API requires an app role the caller lacks"),
            said + QStringLiteral(" The API requires %1.").arg(quotedList(wanted)),
            QStringLiteral("Assign the app role %1 of the API's app registration to the caller's service principal, "
                           "then get a new token.")
                .arg(quotedList(wanted)));
        return;
    }

    if (policy || call.responder == Responder::EasyAuth) {
        QString evidence = said;
        if (sent)
            evidence += QStringLiteral(" The token's appid/azp is '%1', oid '%2', tid '%3'.")
                            .arg(sent->clientId(), sent->objectId(), sent->tenantId());
        add(findings, Severity::Error, "call-policy-denied",
            QStringLiteral("App Service Authentication's access policy refused the caller"), evidence,
            QStringLiteral("Add the caller's client ID to the API's allowed client applications (allowedApplications), "
                           "its object ID to the allowed identities, and its tenant to the allowed tenants, or remove "
                           "the restriction."));
        return;
    }

    add(findings, Severity::Error, "call-forbidden",
        QStringLiteral("The API accepted the token but refused the caller"),
        said
            + (sent && !roles.isEmpty() ? QStringLiteral(" The token's roles are %1.").arg(quotedList(roles))
                                        : QString()),
        QStringLiteral("The application's own authorization refused the call: check which roles, groups or callers its "
                       "code or configuration requires."));
}

// The token rules may already have said the same from the token alone (diagnose() runs them first). The API's answer
// confirms it: one finding says both, so the call finding takes the token finding's evidence and replaces it.
struct Overlap
{
    const char *callCode;
    QStringList tokenCodes;
};

void absorbTokenFindings(Findings &findings, qsizetype firstCallFinding)
{
    static const QList<Overlap> overlaps {
        { "call-token-expired", { QStringLiteral("token-expired") } },
        { "call-token-not-yet-valid", { QStringLiteral("token-not-yet-valid") } },
        { "call-audience-rejected", { QStringLiteral("audience-mismatch") } },
        { "call-issuer-rejected", { QStringLiteral("issuer-mismatch"), QStringLiteral("issuer-version-mismatch") } },
        { "call-signature-rejected", { QStringLiteral("signing-key-unknown"), QStringLiteral("signature-invalid") } },
        { "call-missing-role", { QStringLiteral("missing-roles") } },
        { "call-wrong-role", { QStringLiteral("wrong-role") } },
    };
    for (qsizetype i = firstCallFinding; i < findings.size(); ++i) {
        const auto overlap = std::find_if(overlaps.cbegin(), overlaps.cend(),
            [&](const Overlap &candidate) { return findings.at(i).code == QLatin1String(candidate.callCode); });
        if (overlap == overlaps.cend())
            continue;
        for (qsizetype j = 0; j < firstCallFinding;) {
            if (!overlap->tokenCodes.contains(findings.at(j).code)) {
                ++j;
                continue;
            }
            findings[i].evidence += QStringLiteral(" From the token: ") + findings.at(j).evidence;
            if (findings.at(i).compared.isEmpty())
                findings[i].compared = findings.at(j).compared; // the same values: shown once
            findings[i].actions += findings.at(j).actions; // what fixes the token fixes the call
            findings.removeAt(j);
            --firstCallFinding;
            --i; // the call finding moved down by one
        }
    }
}

void callRulesFor(const DiagnosisInput &input, Findings &findings);

} // namespace

void callRules(const DiagnosisInput &input, Findings &findings)
{
    const qsizetype before = findings.size();
    callRulesFor(input, findings);
    absorbTokenFindings(findings, before);
    // App roles are granted per API: a token refused for its audience cannot carry this API's roles, so a role
    // finding about it would send people to fix the wrong thing first.
    const bool audienceRejected = std::any_of(findings.cbegin(), findings.cend(),
        [](const Finding &f) { return f.code == QLatin1String("call-audience-rejected"); });
    if (audienceRejected) {
        findings.removeIf([](const Finding &f) {
            return f.code == QLatin1String("missing-roles") || f.code == QLatin1String("wrong-role");
        });
    }
}

namespace {

void callRulesFor(const DiagnosisInput &input, Findings &findings)
{
    if (!input.call)
        return;
    const CallResult &call = *input.call;
    if (!call.answered()) {
        transportRules(call, findings);
        return;
    }
    const HttpResponse &response = call.response();
    // Correlate with the token only when it is the one that was sent: the user may have sent another, or none.
    const QString sentToken = call.sentBearerToken();
    const DecodedToken *sent
        = input.token && !sentToken.isEmpty() && input.token->raw == sentToken ? input.token : nullptr;

    if (call.request().ignoreTlsErrors && !response.tlsErrors.isEmpty())
        add(findings, Severity::Warning, "call-tls-errors-ignored",
            QStringLiteral("The server's certificate was accepted despite errors"),
            QStringLiteral("Certificate problems ignored at your request: %1.")
                .arg(response.tlsErrors.join(QStringLiteral("; "))),
            QStringLiteral("Fine for a test; a real caller will refuse this certificate."));

    const int status = call.status();
    if (call.isSuccess()) {
        QString evidence = statusLine(call) + u'.';
        if (sent) {
            evidence += QStringLiteral(" The token's aud is '%1'").arg(sent->audience());
            evidence += sent->roles().isEmpty()
                ? QStringLiteral(" and it has no roles.")
                : QStringLiteral(" and its roles are %1.").arg(quotedList(sent->roles()));
        }
        add(findings, Severity::Info, "call-succeeded", QStringLiteral("The API accepted the call"), evidence,
            QStringLiteral("Nothing to fix: this is the answer the caller gets with this token."));
        return;
    }
    if (status == 401) {
        unauthorizedRules(input, call, sent, findings);
        return;
    }
    if (status == 403) {
        forbiddenRules(input, call, sent, findings);
        return;
    }
    if (status >= 300 && status < 400) {
        const QString location = QString::fromUtf8(response.header("Location"));
        const bool login = location.contains(QLatin1String("login.microsoftonline.com"))
            || location.contains(QLatin1String("/.auth/login"));
        add(findings, Severity::Warning, login ? "call-redirect-to-login" : "call-redirect",
            login ? QStringLiteral("The API sends callers to a sign-in page")
                  : QStringLiteral("The API redirects elsewhere"),
            statusLine(call) + QStringLiteral(" with Location: %1").arg(location),
            login ? QStringLiteral("An API called by services must answer 401, not redirect: set App Service "
                                   "Authentication's unauthenticated action to \"Return HTTP 401\".")
                  : QStringLiteral("Call the final address directly; a token is never forwarded across a redirect."));
        return;
    }
    if (status == 404) {
        add(findings, Severity::Warning, "call-not-found", QStringLiteral("Nothing answers at this path"),
            statusLine(call) + QStringLiteral(" for %1.").arg(call.request().url.path()),
            QStringLiteral(
                "Check the function name and the route prefix (Azure Functions use /api/<name> by default)."));
        return;
    }
    if (status == 429 || status >= 500) {
        add(findings, Severity::Warning, status == 429 ? "call-throttled" : "call-server-error",
            status == 429 ? QStringLiteral("The API throttles the caller") : QStringLiteral("The API failed"),
            statusLine(call) + u'.' + serverWords(call), statusMeaning(status));
        return;
    }
    add(findings, Severity::Warning, "call-refused", QStringLiteral("The API refused the request"),
        statusLine(call) + u'.' + serverWords(call), statusMeaning(status));
}

} // namespace

} // namespace idex::rules
