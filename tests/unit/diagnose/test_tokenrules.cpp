// Every finding code of tokenrules.cpp and directoryrules.cpp: one row that triggers it and one that does not.
#include "diagnose/diagnosis.h"
#include "directory/directory.h"
#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/signatureverifier.h"
#include "testsigner.h"

#include <QJsonArray>
#include <QTest>

using namespace idex;
using namespace idex::test;

namespace {

const QString kTenant = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
const QString kApi = QStringLiteral("6e74172b-be56-4843-9ff4-e66a39bb12e3"); // the API's client ID
const QString kApiSp = QStringLiteral("11111111-2222-3333-4444-555555555555");
const QString kCaller = QStringLiteral("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"); // managed identity object id
const QString kCallerApp = QStringLiteral("99999999-8888-7777-6666-555555555555");
const QString kRoleId = QStringLiteral("0a0b0c0d-0000-0000-0000-000000000001");
const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);

enum class Signing {
    NotChecked,
    Valid,
    Tampered,
    UnknownKid,
    Nonce,
    Hs256,
    KeysUnavailable,
    ValidFromOtherHost,
    ValidFromEntra
};

QJsonObject baseClaims()
{
    return { { QStringLiteral("aud"), QString(QStringLiteral("api://") + kApi) },
        { QStringLiteral("iss"), QString(QStringLiteral("https://sts.windows.net/") + kTenant + u'/') },
        { QStringLiteral("iat"), kNow.toSecsSinceEpoch() - 600 },
        { QStringLiteral("nbf"), kNow.toSecsSinceEpoch() - 600 },
        { QStringLiteral("exp"), kNow.toSecsSinceEpoch() + 86000 }, { QStringLiteral("appid"), kCallerApp },
        { QStringLiteral("oid"), kCaller }, { QStringLiteral("tid"), kTenant },
        { QStringLiteral("idtyp"), QStringLiteral("app") },
        { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } },
        { QStringLiteral("ver"), QStringLiteral("1.0") } };
}

Expectation baseExpectation()
{
    Expectation e;
    e.audiences = { QStringLiteral("api://") + kApi };
    e.issuer = QStringLiteral("https://sts.windows.net/") + kTenant + u'/';
    e.roles = { QStringLiteral("DoAll") };
    e.clientId = kCallerApp;
    return e;
}

Directory directory(const QDateTime &assignedAt, bool assigned = true)
{
    Directory d;
    d.tenantId = kTenant;
    d.sourceDescription = QStringLiteral("test directory");
    Application app;
    app.id = QStringLiteral("app-object");
    app.appId = kApi;
    app.displayName = QStringLiteral("protected-api");
    app.identifierUris = { QStringLiteral("api://") + kApi };
    AppRole role;
    role.id = kRoleId;
    role.value = QStringLiteral("DoAll");
    role.allowedMemberTypes = { QStringLiteral("Application") };
    app.appRoles = { role };
    d.addApplication(app);
    ServicePrincipal api;
    api.id = kApiSp;
    api.appId = kApi;
    api.displayName = QStringLiteral("protected-api");
    api.servicePrincipalNames = { kApi, QStringLiteral("api://") + kApi };
    api.appRoles = { role };
    d.addServicePrincipal(api);
    ServicePrincipal caller;
    caller.id = kCaller;
    caller.appId = kCallerApp;
    caller.displayName = QStringLiteral("func-caller");
    caller.servicePrincipalType = QStringLiteral("ManagedIdentity");
    d.addServicePrincipal(caller);
    if (assigned) {
        AppRoleAssignment a;
        a.id = QStringLiteral("assignment-1");
        a.appRoleId = kRoleId;
        a.principalId = kCaller;
        a.principalType = QStringLiteral("ServicePrincipal");
        a.resourceId = kApiSp;
        a.createdDateTime = assignedAt;
        d.addAssignment(a);
    }
    return d;
}

using Mutation = std::function<void(QJsonObject &claims, QJsonObject &header, Expectation &expectation,
    Signing &signing, std::optional<Directory> &directory)>;

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestTokenRules : public QObject
{
    Q_OBJECT
private:
    TestKey m_key = TestKey::rsa(QStringLiteral("key-1"));

    DecodedToken build(const QJsonObject &claims, const QJsonObject &header, Signing signing)
    {
        QString raw;
        if (signing == Signing::Hs256)
            raw = rawToken(QJsonObject { { QStringLiteral("alg"), QStringLiteral("HS256") },
                               { QStringLiteral("kid"), m_key.kid() } },
                claims, "mac");
        else
            raw = signToken(header, claims, m_key);
        if (signing == Signing::Tampered) {
            QStringList parts = raw.split(u'.');
            parts[2] = parts[2].left(10) + (parts[2].at(10) == u'A' ? u'B' : u'A') + parts[2].mid(11);
            raw = parts.join(u'.');
        }
        DecodeResult decoded = decodeToken(raw);
        if (!decoded.ok())
            qFatal("%s", qPrintable(decoded.message));
        const JsonWebKeySet keys = parseJwks(jwksDocument({ m_key })).set;
        switch (signing) {
        case Signing::NotChecked: break;
        case Signing::UnknownKid:
            decoded.token.verification = verifySignature(decoded.token,
                parseJwks(jwksDocument({ TestKey::rsa(QStringLiteral("other")) })).set, QStringLiteral("jwks"));
            break;
        case Signing::KeysUnavailable:
            decoded.token.verification.status = SignatureStatus::Error;
            decoded.token.verification.detail = QStringLiteral("The key set could not be fetched: connection refused.");
            break;
        case Signing::ValidFromOtherHost:
            decoded.token.verification
                = verifySignature(decoded.token, keys, QStringLiteral("https://keys.attacker.example/jwks"));
            decoded.token.verification.keyTrust = KeyTrust::Untrusted;
            break;
        case Signing::ValidFromEntra:
            decoded.token.verification = verifySignature(
                decoded.token, keys, QStringLiteral("https://login.microsoftonline.com/common/discovery/keys"));
            decoded.token.verification.keyTrust = KeyTrust::EntraAuthority;
            break;
        default:
            decoded.token.verification = verifySignature(decoded.token, keys, QStringLiteral("jwks"));
            decoded.token.verification.keyTrust = KeyTrust::UserNamed;
            break;
        }
        return decoded.token;
    }

private Q_SLOTS:
    void codes_data()
    {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("expected");
        QTest::addColumn<QString>("evidence"); // fragment of evidence or fix of the finding, when expected

        auto row = [](const char *name, Mutation m, const char *code, bool expected, const char *evidence = "") {
            QTest::newRow(name) << m << QString::fromLatin1(code) << expected << QString::fromLatin1(evidence);
        };
        const Mutation none = [](QJsonObject &, QJsonObject &, Expectation &, Signing &, std::optional<Directory> &) {};
        // A healthy token against a matching expectation: no code at all (checked in healthyTokenHasNoFindings).

        row(
            "no exp", [](QJsonObject &c, auto &, auto &, auto &, auto &) { c.remove(QStringLiteral("exp")); },
            "token-no-expiry", true, "exp");
        row("exp present", none, "token-no-expiry", false);

        row(
            "expired 3 h ago",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("exp")] = kNow.toSecsSinceEpoch() - 3 * 3600;
            },
            "token-expired", true, "expired 3 h ago");
        row(
            "expired 2 min ago (skew)",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("exp")] = kNow.toSecsSinceEpoch() - 120;
            },
            "token-expired", false);
        row("valid", none, "token-expired", false);

        row(
            "expired within skew",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("exp")] = kNow.toSecsSinceEpoch() - 120;
            },
            "clock-skew", true, "5 minutes after exp");
        row(
            "nbf 2 min ahead",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("nbf")] = kNow.toSecsSinceEpoch() + 120;
            },
            "clock-skew", true, "behind");
        row(
            "iat 10 min in the future",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("iat")] = kNow.toSecsSinceEpoch() + 600;
            },
            "clock-skew", true, "after this machine's time");
        row("clocks agree", none, "clock-skew", false);

        row(
            "nbf 1 h ahead",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("nbf")] = kNow.toSecsSinceEpoch() + 3600;
            },
            "token-not-yet-valid", true, "IDX10222");
        row("nbf in the past", none, "token-not-yet-valid", false);

        row(
            "aud guid vs api://guid",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) { c[QStringLiteral("aud")] = kApi; },
            "audience-mismatch", true, "the bare client ID");
        row(
            "aud trailing slash",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("aud")] = QString(QStringLiteral("api://") + kApi + u'/');
            },
            "audience-mismatch", true, "trailing slash");
        row(
            "aud other api",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("aud")] = QStringLiteral("https://management.azure.com/");
            },
            "audience-mismatch", true, "another API");
        row(
            "aud one of several accepted",
            [](QJsonObject &c, auto &, Expectation &e, auto &, auto &) {
                c[QStringLiteral("aud")] = kApi;
                e.audiences << kApi;
            },
            "audience-mismatch", false);
        row(
            "aud not checked", [](auto &, auto &, Expectation &e, auto &, auto &) { e.audiences.clear(); },
            "audience-mismatch", false);

        row(
            "v2 issuer, v1 expected",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("iss")]
                    = QString(QStringLiteral("https://login.microsoftonline.com/") + kTenant + QStringLiteral("/v2.0"));
                c[QStringLiteral("ver")] = QStringLiteral("2.0");
            },
            "issuer-version-mismatch", true, "IDX10205");
        row(
            "v1 token, API pins v2",
            [](auto &, auto &, Expectation &e, auto &, auto &) {
                e.issuer.clear();
                e.tokenVersion = 2;
            },
            "issuer-version-mismatch", true, "requestedAccessTokenVersion");
        row(
            "v1 token, API pins v1", [](auto &, auto &, Expectation &e, auto &, auto &) { e.tokenVersion = 1; },
            "issuer-version-mismatch", false);

        row(
            "emulator issuer forms",
            [](QJsonObject &c, auto &, Expectation &e, auto &, auto &) {
                c[QStringLiteral("iss")] = QStringLiteral("http://127.0.0.1:4000/tenant/");
                e.issuer = QStringLiteral("http://127.0.0.1:4000/tenant/v2.0");
            },
            "issuer-version-mismatch", true, "v1");
        row(
            "other tenant",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("iss")]
                    = QStringLiteral("https://sts.windows.net/00000000-1111-2222-3333-444444444444/");
            },
            "issuer-mismatch", true, "tenants differ");
        row(
            "issuer template {tenantid}",
            [](auto &, auto &, Expectation &e, auto &, auto &) {
                e.issuer = QStringLiteral("https://sts.windows.net/{tenantid}/");
            },
            "issuer-mismatch", false);

        row(
            "other client",
            [](auto &, auto &, Expectation &e, auto &, auto &) {
                e.clientId = QStringLiteral("12345678-0000-0000-0000-000000000000");
            },
            "client-mismatch", true, "appid = ");
        row(
            "client id in other case",
            [](auto &, auto &, Expectation &e, auto &, auto &) { e.clientId = kCallerApp.toUpper(); },
            "client-mismatch", false);

        row(
            "user token",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c.remove(QStringLiteral("idtyp"));
                c[QStringLiteral("scp")] = QStringLiteral("user_impersonation");
                c[QStringLiteral("upn")] = QStringLiteral("abeli@contoso.com");
            },
            "user-token", true, "abeli@contoso.com");
        row(
            "user token, app-only flag",
            [](QJsonObject &c, auto &, Expectation &e, auto &, auto &) {
                c[QStringLiteral("idtyp")] = QStringLiteral("user");
                e.roles.clear();
                e.appOnly = true;
            },
            "user-token", true, "idtyp");
        row("app token", none, "user-token", false);

        row(
            "no roles claim", [](QJsonObject &c, auto &, auto &, auto &, auto &) { c.remove(QStringLiteral("roles")); },
            "missing-roles", true, "No \"roles\" claim");
        row("role present", none, "missing-roles", false);

        row(
            "other role",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("roles")] = QJsonArray { QStringLiteral("Read") };
            },
            "wrong-role", true, "\"Read\"");
        row(
            "role differs in case",
            [](QJsonObject &c, auto &, auto &, auto &, auto &) {
                c[QStringLiteral("roles")] = QJsonArray { QStringLiteral("doall") };
            },
            "wrong-role", true, "case-sensitive");
        row(
            "one of several roles",
            [](QJsonObject &c, auto &, Expectation &e, auto &, auto &) {
                c[QStringLiteral("roles")] = QJsonArray { QStringLiteral("Read") };
                e.roles << QStringLiteral("Read");
            },
            "wrong-role", false);

        row(
            "signature not checked", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::NotChecked; },
            "signature-not-checked", true);
        row("signature checked", none, "signature-not-checked", false);
        row(
            "tampered signature", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::Tampered; },
            "signature-invalid", true, "IDX10503");
        row("good signature", none, "signature-invalid", false);
        row(
            "unknown kid", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::UnknownKid; },
            "signing-key-unknown", true, "IDX10501");
        row("known kid", none, "signing-key-unknown", false);
        row(
            "graph nonce",
            [](QJsonObject &c, QJsonObject &h, Expectation &e, auto &, auto &) {
                h[QStringLiteral("nonce")] = QStringLiteral("n0nce");
                c[QStringLiteral("aud")] = QStringLiteral("https://graph.microsoft.com");
                e.audiences.clear();
            },
            "signature-unverifiable", true, "by design");
        row(
            "nonce on a token for a custom API",
            [](auto &, QJsonObject &h, auto &, auto &, auto &) {
                h[QStringLiteral("nonce")] = QStringLiteral("n0nce");
            },
            "nonce-suspicious", true, "forger");
        row(
            "crit header",
            [](auto &, QJsonObject &h, auto &, auto &, auto &) {
                h[QStringLiteral("crit")] = QJsonArray { QStringLiteral("exp") };
            },
            "header-crit-refused", true, "RFC 7515");
        row("no crit header", none, "header-crit-refused", false);
        row("no nonce", none, "signature-unverifiable", false);
        row(
            "hs256", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::Hs256; }, "algorithm-refused", true,
            "RS256");
        row("rs256", none, "algorithm-refused", false);
        row(
            "keys unavailable", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::KeysUnavailable; },
            "signature-check-failed", true, "connection refused");
        row("keys available", none, "signature-check-failed", false);

        row(
            "keys from another host",
            [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::ValidFromOtherHost; }, "keys-not-from-entra",
            true, "keys.attacker.example");
        row(
            "keys from entra", [](auto &, auto &, auto &, Signing &s, auto &) { s = Signing::ValidFromEntra; },
            "keys-not-from-entra", false);
        row(
            "audience unknown to directory",
            [](QJsonObject &c, auto &, Expectation &e, auto &, std::optional<Directory> &d) {
                c[QStringLiteral("aud")] = QStringLiteral("api://unknown-api");
                e.audiences.clear();
                d = directory(kNow.addDays(-3));
            },
            "audience-not-in-directory", true, "AADSTS500011");
        row(
            "audience known to directory",
            [](auto &, auto &, auto &, auto &, std::optional<Directory> &d) { d = directory(kNow.addDays(-3)); },
            "audience-not-in-directory", false);

        row(
            "role not defined",
            [](QJsonObject &c, auto &, Expectation &e, auto &, std::optional<Directory> &d) {
                c.remove(QStringLiteral("roles"));
                e.roles = { QStringLiteral("Admin") };
                d = directory(kNow.addDays(-3));
            },
            "role-not-defined", true, "\"DoAll\"");
        row(
            "role defined",
            [](QJsonObject &c, auto &, auto &, auto &, std::optional<Directory> &d) {
                c.remove(QStringLiteral("roles"));
                d = directory(kNow.addDays(-3));
            },
            "role-not-defined", false);

        row(
            "assignment after iat",
            [](QJsonObject &c, auto &, auto &, auto &, std::optional<Directory> &d) {
                c.remove(QStringLiteral("roles"));
                d = directory(kNow.addSecs(-60));
            },
            "stale-token", true, "24 hours");
        row(
            "assignment after iat, roles present",
            [](auto &, auto &, auto &, auto &, std::optional<Directory> &d) { d = directory(kNow.addSecs(-60)); },
            "stale-token", true, "latest assignment");
        row(
            "assignment before iat",
            [](QJsonObject &c, auto &, auto &, auto &, std::optional<Directory> &d) {
                c.remove(QStringLiteral("roles"));
                d = directory(kNow.addDays(-3));
            },
            "stale-token", false);
    }
    void codes()
    {
        QFETCH(Mutation, mutate);
        QFETCH(QString, code);
        QFETCH(bool, expected);
        QFETCH(QString, evidence);

        QJsonObject claims = baseClaims();
        QJsonObject header;
        Expectation expectation = baseExpectation();
        Signing signing = Signing::Valid;
        std::optional<Directory> dir;
        mutate(claims, header, expectation, signing, dir);

        const DecodedToken token = build(claims, header, signing);
        DiagnosisInput input;
        input.token = &token;
        input.expectation = expectation;
        input.directory = dir ? &*dir : nullptr;
        input.now = kNow;
        const Findings findings = diagnose(input);

        const Finding *found = nullptr;
        QStringList codes;
        for (const Finding &f : findings) {
            codes << f.code;
            if (f.code == code)
                found = &f;
        }
        QVERIFY2(bool(found) == expected, qPrintable(QStringLiteral("codes: ") + codes.join(QStringLiteral(", "))));
        if (found) {
            QVERIFY(!found->title.isEmpty());
            QVERIFY(!found->evidence.isEmpty());
            QVERIFY(!found->fix.isEmpty());
            QVERIFY2(QString(found->evidence + u' ' + found->fix).contains(evidence),
                qPrintable(found->evidence + QStringLiteral(" | ") + found->fix));
        }
    }

    void healthyTokenHasNoFindings()
    {
        const DecodedToken token = build(baseClaims(), {}, Signing::Valid);
        DiagnosisInput input;
        input.token = &token;
        input.expectation = baseExpectation();
        input.now = kNow;
        const Directory dir = directory(kNow.addDays(-3));
        input.directory = &dir;
        const Findings findings = diagnose(input);
        QVERIFY2(
            findings.isEmpty(), qPrintable(findings.value(0).code + QStringLiteral(": ") + findings.value(0).evidence));
    }

    void missingRoleNamesTheAssignmentThatWouldAddIt()
    {
        QJsonObject claims = baseClaims();
        claims.remove(QStringLiteral("roles"));
        const DecodedToken token = build(claims, {}, Signing::Valid);
        const Directory dir = directory({}, false);
        DiagnosisInput input;
        input.token = &token;
        input.expectation = baseExpectation();
        input.now = kNow;
        input.directory = &dir;
        const Findings findings = diagnose(input);
        QCOMPARE(findings.first().code, QStringLiteral("missing-roles"));
        QCOMPARE(findings.first().severity, Severity::Error);
        const QString fix = findings.first().fix;
        QVERIFY2(fix.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment")), qPrintable(fix));
        QVERIFY(fix.contains(kCaller));
        QVERIFY(fix.contains(kApiSp));
        QVERIFY(fix.contains(kRoleId));
        QVERIFY(fix.contains(QLatin1String("func-caller")));
    }

    void mostSevereFirst()
    {
        QJsonObject claims = baseClaims();
        claims[QStringLiteral("exp")] = kNow.toSecsSinceEpoch() - 7200;
        const DecodedToken token = build(claims, {}, Signing::NotChecked);
        DiagnosisInput input;
        input.token = &token;
        input.now = kNow;
        const Findings findings = diagnose(input);
        QCOMPARE(findings.size(), 2);
        QCOMPARE(findings.at(0).code, QStringLiteral("token-expired"));
        QCOMPARE(findings.at(1).code, QStringLiteral("signature-not-checked"));
        QVERIFY(hasErrors(findings));
    }
};

QTEST_GUILESS_MAIN(TestTokenRules)
#include "test_tokenrules.moc"
