// The claims catalog (data compiled into idex_core), token times, comparison, reports and the JWKS cache rules.
#include "jwt/claimscatalog.h"
#include "jwt/claimsreport.h"
#include "jwt/decodedtoken.h"
#include "jwt/jwkscache.h"
#include "jwt/tokencompare.h"
#include "jwt/tokentimes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace idex;

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

DecodedToken token(
    const QJsonObject &claims, const QJsonObject &header = { { QStringLiteral("alg"), QStringLiteral("RS256") } })
{
    const DecodeResult r = decodeToken(QString::fromLatin1(b64(QJsonDocument(header).toJson(QJsonDocument::Compact))
        + '.' + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".c2ln"));
    if (!r.ok())
        qFatal("%s", qPrintable(r.message));
    return r.token;
}

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);

} // namespace

class TestClaimsCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtInCatalogCoversTheReference_data()
    {
        QTest::addColumn<QString>("claim");
        // Every claim of the reference's catalog table (entra-tokens.md, section 2) and its optional claims.
        for (const char *claim : { "aud", "iss", "idp", "iat", "nbf", "exp", "aio", "rh", "appid", "azp", "appidacr",
                 "azpacr", "idtyp", "oid", "sub", "tid", "roles", "scp", "ver", "uti", "wids", "groups", "hasgroups",
                 "_claim_names", "_claim_sources", "amr", "acr", "name", "preferred_username", "upn", "unique_name",
                 "ipaddr", "onprem_sid", "family_name", "given_name", "xms_mirid", "xms_az_rid", "xms_tcdt", "ctry",
                 "tenant_ctry", "tenant_region_scope", "email", "sid", "login_hint", "acct", "auth_time", "fwd", "vnet",
                 "xms_pdl", "xms_pl", "xms_tpl", "acrs", "xms_cc" })
            QTest::newRow(claim) << QString::fromLatin1(claim);
    }
    void builtInCatalogCoversTheReference()
    {
        QFETCH(QString, claim);
        static const ClaimsCatalog catalog = ClaimsCatalog::builtIn();
        QVERIFY2(!catalog.isEmpty(), "the catalog resource is not compiled in");
        const std::optional<ClaimInfo> info = catalog.claim(claim);
        QVERIFY2(info.has_value(), qPrintable(claim));
        QVERIFY(!info->name.isEmpty());
        QVERIFY(info->explanation.size() > 20);
        QVERIFY(QStringList({ QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("both") })
                    .contains(info->version));
        QVERIFY(!info->kind.isEmpty());
    }

    void managedIdentityNotesAndHeader()
    {
        const ClaimsCatalog catalog = ClaimsCatalog::builtIn();
        for (const char *claim : { "appid", "oid", "roles", "xms_mirid", "aud", "iat" })
            QVERIFY2(!catalog.claim(QLatin1String(claim))->managedIdentity.isEmpty(), claim);
        QVERIFY(catalog.headerParameter(QStringLiteral("nonce"))->explanation.contains(QLatin1String("by design")));
        QVERIFY(catalog.headerParameter(QStringLiteral("kid")));
        QVERIFY(!catalog.claim(QStringLiteral("my_custom_claim")));
    }

    void badCatalogData()
    {
        QString error;
        QVERIFY(ClaimsCatalog::fromJson("not json", &error).isEmpty());
        QVERIFY(!error.isEmpty());
        const ClaimsCatalog c = ClaimsCatalog::fromJson("{\"claims\":[{\"claim\":\"a\",\"name\":\"A\"},{\"claim\":"
                                                        "\"a\",\"name\":\"dup\"},{\"name\":\"no claim\"}]}");
        QCOMPARE(c.claims().size(), 1);
        QCOMPARE(c.claim(QStringLiteral("a"))->name, QStringLiteral("A"));
    }

    void valueNotes_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("note");
        QTest::addRow("appidacr 2") << QStringLiteral("appidacr") << QStringLiteral("2")
                                    << QStringLiteral("certificate or federated credential (managed identities)");
        QTest::addRow("azpacr 0") << QStringLiteral("azpacr") << QStringLiteral("0")
                                  << QStringLiteral("public client (no credential)");
        QTest::addRow("idtyp app") << QStringLiteral("idtyp") << QStringLiteral("app")
                                   << QStringLiteral("app-only token");
        QTest::addRow("v1 issuer") << QStringLiteral("iss") << QStringLiteral("https://sts.windows.net/t/")
                                   << QStringLiteral("v1.0 issuer form");
        QTest::addRow("v2 issuer") << QStringLiteral("iss")
                                   << QStringLiteral("https://login.microsoftonline.com/t/v2.0")
                                   << QStringLiteral("v2.0 issuer form");
        QTest::addRow("aud guid") << QStringLiteral("aud") << QStringLiteral("6e74172b-be56-4843-9ff4-e66a39bb12e3")
                                  << QStringLiteral("a client ID");
        QTest::addRow("aud app id uri slash")
            << QStringLiteral("aud") << QStringLiteral("api://6e74172b-be56-4843-9ff4-e66a39bb12e3/")
            << QStringLiteral("an App ID URI, with a trailing slash");
        QTest::addRow("nothing to say") << QStringLiteral("oid") << QStringLiteral("x") << QStringLiteral("");
    }
    void valueNotes()
    {
        QFETCH(QString, claim);
        QFETCH(QString, value);
        QFETCH(QString, note);
        QCOMPARE(ClaimsCatalog::valueNote(claim, value), note);
    }

    void durationsAndRelativeTimes_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::addRow("seconds") << qint64(35) << QStringLiteral("35 s");
        QTest::addRow("minutes and seconds") << qint64(125) << QStringLiteral("2 min 5 s");
        QTest::addRow("42 min") << qint64(42 * 60 + 10) << QStringLiteral("42 min");
        QTest::addRow("hours") << qint64(3 * 3600) << QStringLiteral("3 h");
        QTest::addRow("hours and minutes") << qint64(3 * 3600 + 5 * 60) << QStringLiteral("3 h 5 min");
        QTest::addRow("days") << qint64(2 * 86400 + 4 * 3600 + 59) << QStringLiteral("2 d 4 h");
        QTest::addRow("negative") << qint64(-3 * 3600) << QStringLiteral("3 h");
    }
    void durationsAndRelativeTimes()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(seconds), text);
    }

    void timeStates_data()
    {
        QTest::addColumn<QJsonObject>("claims");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("summary");
        const qint64 now = kNow.toSecsSinceEpoch();
        QTest::addRow("valid") << QJsonObject { { QStringLiteral("iat"), now - 600 },
            { QStringLiteral("exp"), now + 42 * 60 } }
                               << QStringLiteral("valid") << QStringLiteral("expires in 42 min");
        QTest::addRow("expired") << QJsonObject { { QStringLiteral("exp"), now - 3 * 3600 } }
                                 << QStringLiteral("expired") << QStringLiteral("expired 3 h ago");
        QTest::addRow("expired within skew")
            << QJsonObject { { QStringLiteral("exp"), now - 60 } } << QStringLiteral("expired-within-skew")
            << QStringLiteral("expired 1 min ago");
        QTest::addRow("not yet valid") << QJsonObject { { QStringLiteral("nbf"), now + 3600 },
            { QStringLiteral("exp"), now + 7200 } }
                                       << QStringLiteral("not-yet-valid")
                                       << QStringLiteral("not valid for another 1 h");
        QTest::addRow("not yet, within skew")
            << QJsonObject { { QStringLiteral("nbf"), now + 60 }, { QStringLiteral("exp"), now + 7200 } }
            << QStringLiteral("not-yet-valid-within-skew") << QStringLiteral("not valid for another 1 min");
        QTest::addRow("no exp") << QJsonObject { { QStringLiteral("iat"), now } } << QStringLiteral("no-expiry")
                                << QStringLiteral("no expiry (exp missing)");
        QTest::addRow("exp as string") << QJsonObject { { QStringLiteral("exp"), QStringLiteral("soon") } }
                                       << QStringLiteral("no-expiry") << QStringLiteral("no expiry (exp missing)");
    }
    void timeStates()
    {
        QFETCH(QJsonObject, claims);
        QFETCH(QString, state);
        QFETCH(QString, summary);
        const TokenTimes times = TokenTimes::of(token(claims), kNow);
        QCOMPARE(times.stateName(), state);
        QCOMPARE(times.summary(kNow), summary);
    }

    void lifetime()
    {
        const qint64 now = kNow.toSecsSinceEpoch();
        QCOMPARE(
            *TokenTimes::of(token({ { QStringLiteral("iat"), now }, { QStringLiteral("exp"), now + 86400 } }), kNow)
                 .lifetimeSeconds(),
            86400);
        QVERIFY(!TokenTimes::of(token({ { QStringLiteral("exp"), now } }), kNow).lifetimeSeconds());
        QCOMPARE(formatUtc(kNow), QStringLiteral("2026-11-26 12:00:00 UTC"));
        QCOMPARE(relativeTime(kNow.addSecs(-7200), kNow), QStringLiteral("2 h ago"));
        QCOMPARE(relativeTime(kNow.addSecs(42 * 60), kNow), QStringLiteral("in 42 min"));
        QCOMPARE(relativeTime(kNow, kNow), QStringLiteral("now"));
    }

    void comparison()
    {
        const DecodedToken a
            = token({ { QStringLiteral("aud"), QStringLiteral("api://x") }, { QStringLiteral("iat"), 1 },
                { QStringLiteral("scp"), QStringLiteral("read") }, { QStringLiteral("oid"), QStringLiteral("o") } });
        const DecodedToken b = token(
            { { QStringLiteral("aud"), QStringLiteral("api://y") }, { QStringLiteral("iat"), 2 },
                { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } },
                { QStringLiteral("oid"), QStringLiteral("o") } },
            { { QStringLiteral("alg"), QStringLiteral("RS256") }, { QStringLiteral("kid"), QStringLiteral("k2") } });
        const QList<ClaimDifference> diff = compareTokens(a, b, false);
        auto find = [&](const QString &name, bool header = false) -> const ClaimDifference * {
            for (const ClaimDifference &d : diff)
                if (d.name == name && d.inHeader == header)
                    return &d;
            return nullptr;
        };
        QCOMPARE(find(QStringLiteral("aud"))->kind, ClaimDifference::Kind::Changed);
        QCOMPARE(find(QStringLiteral("aud"))->left, QStringLiteral("api://x"));
        QCOMPARE(find(QStringLiteral("aud"))->right, QStringLiteral("api://y"));
        QCOMPARE(find(QStringLiteral("scp"))->kind, ClaimDifference::Kind::Removed);
        QCOMPARE(find(QStringLiteral("roles"))->kind, ClaimDifference::Kind::Added);
        QCOMPARE(find(QStringLiteral("roles"))->right, QStringLiteral("[\"DoAll\"]"));
        QCOMPARE(find(QStringLiteral("kid"), true)->kind, ClaimDifference::Kind::Added);
        QVERIFY(!find(QStringLiteral("oid"))); // same values are left out on request
        QVERIFY(isVolatileClaim(QStringLiteral("iat")));
        QVERIFY(!isVolatileClaim(QStringLiteral("roles")));
        QCOMPARE(compareTokens(a, a, true).size(), a.claims.size() + a.header.size());
    }

    void reportsMaskTheToken()
    {
        const DecodedToken t = token({ { QStringLiteral("aud"), QStringLiteral("api://x") },
            { QStringLiteral("appidacr"), QStringLiteral("2") }, { QStringLiteral("mine"), QStringLiteral("a|b") },
            { QStringLiteral("exp"), kNow.toSecsSinceEpoch() + 60 } });
        const ClaimsCatalog catalog = ClaimsCatalog::builtIn();
        ReportOptions options;
        options.now = kNow;
        const QString markdown = claimsReport(t, catalog, ReportFormat::Markdown, options);
        QVERIFY(markdown.contains(QLatin1String("| `appidacr` | 2 (certificate")));
        QVERIFY(markdown.contains(QLatin1String("a\\|b"))); // table cells escape pipes
        QVERIFY(markdown.contains(QLatin1String("(not in the catalog)")));
        QVERIFY(!markdown.contains(t.raw));
        const QJsonObject json = claimsReportJson(t, catalog, options);
        QVERIFY(json.value(QLatin1String("token")).toString().contains(QLatin1String("[JWT, ")));
        QCOMPARE(json.value(QLatin1String("times")).toObject().value(QLatin1String("state")).toString(),
            QStringLiteral("valid"));
        QCOMPARE(json.value(QLatin1String("explanations")).toObject().value(QLatin1String("aud")).toString(),
            QStringLiteral("Audience"));
        options.includeRawToken = true;
        QCOMPARE(claimsReportJson(t, catalog, options).value(QLatin1String("token")).toString(), t.raw);
        QVERIFY(claimsReport(t, catalog, ReportFormat::Text, options)
                    .contains(QLatin1String("2026-11-26 12:01:00 UTC (in 1 min)")));
    }

    void orderedJsonKeepsTheTokenOrder()
    {
        const QJsonObject object { { QStringLiteral("b"), 1 },
            { QStringLiteral("a"), QJsonArray { QStringLiteral("x") } },
            { QStringLiteral("c"), QStringLiteral("q\"uote") },
            { QStringLiteral("z"), QJsonObject { { QStringLiteral("k"), true } } } };
        const QString text = orderedJson(object, { QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b") });
        QCOMPARE(text,
            QStringLiteral(
                "{\n    \"c\": \"q\\\"uote\",\n    \"a\": [\"x\"],\n    \"b\": 1,\n    \"z\": {\"k\":true}\n}"));
        QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object(), object); // still valid JSON, same content
    }

    void jwksCacheRules()
    {
        JwksCache cache;
        const QString url = QStringLiteral("https://issuer/keys");
        QCOMPARE(cache.decide(url, QStringLiteral("k1"), kNow), JwksCache::Decision::Fetch);
        JsonWebKeySet set;
        JsonWebKey key;
        key.kid = QStringLiteral("k1");
        set.keys << key;
        cache.store(url, set, kNow);
        QCOMPARE(cache.decide(url, QStringLiteral("k1"), kNow.addSecs(30 * 60)), JwksCache::Decision::UseCached);
        QCOMPARE(cache.decide(url, QString(), kNow.addSecs(60)), JwksCache::Decision::UseCached);
        QCOMPARE(cache.decide(url, QStringLiteral("k2"), kNow.addSecs(299)), JwksCache::Decision::UseCachedUnknownKey);
        QCOMPARE(cache.decide(url, QStringLiteral("k2"), kNow.addSecs(300)), JwksCache::Decision::FetchForUnknownKey);
        QCOMPARE(cache.decide(url, QStringLiteral("k1"), kNow.addSecs(3600)), JwksCache::Decision::Fetch);
        QCOMPARE(
            cache.decide(url, QStringLiteral("k1"), kNow.addSecs(-10)), JwksCache::Decision::Fetch); // clock went back
        QCOMPARE(
            cache.decide(QStringLiteral("https://other/keys"), QStringLiteral("k1"), kNow), JwksCache::Decision::Fetch);
    }

    void benchmarkDecode()
    {
        QFile file(qEnvironmentVariable("IDEX_TEST_DATA") + QStringLiteral("/entra-sample-tokens.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString raw = QJsonDocument::fromJson(file.readAll()).array().at(0)[QLatin1String("token")].toString();
        QBENCHMARK
        {
            const DecodeResult r = decodeToken(raw);
            QVERIFY(r.ok());
        }
    }
};

QTEST_GUILESS_MAIN(TestClaimsCatalog)
#include "test_claimscatalog.moc"
