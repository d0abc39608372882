// WWW-Authenticate parsing (RFC 7235) on real header texts from Entra, Easy Auth, ASP.NET Core, and on hostile input.
#include "call/authchallenge.h"

#include <QRandomGenerator>
#include <QTest>

using namespace idex;

using Params = QList<QPair<QString, QString>>;

class TestAuthChallenge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void singleChallenge_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<Params>("params");

        QTest::addRow("easy auth, space separated")
            << QByteArray("Bearer realm=\"fn.azurewebsites.net\" authorization_uri=\"https://login.microsoftonline.com/"
                          "72f988bf/oauth2/v2.0/authorize\" resource_id=\"api://1234\"")
            << QStringLiteral("Bearer")
            << Params { { QStringLiteral("realm"), QStringLiteral("fn.azurewebsites.net") },
                   { QStringLiteral("authorization_uri"),
                       QStringLiteral("https://login.microsoftonline.com/72f988bf/oauth2/v2.0/authorize") },
                   { QStringLiteral("resource_id"), QStringLiteral("api://1234") } };
        QTest::addRow("aspnetcore invalid_token")
            << QByteArray("Bearer error=\"invalid_token\", error_description=\"The audience 'api://x' is invalid\"")
            << QStringLiteral("Bearer")
            << Params { { QStringLiteral("error"), QStringLiteral("invalid_token") },
                   { QStringLiteral("error_description"), QStringLiteral("The audience 'api://x' is invalid") } };
        QTest::addRow("bare token values, odd spacing")
            << QByteArray("Bearer   error = invalid_token ,scope=read") << QStringLiteral("Bearer")
            << Params { { QStringLiteral("error"), QStringLiteral("invalid_token") },
                   { QStringLiteral("scope"), QStringLiteral("read") } };
        QTest::addRow("escapes in quoted string")
            << QByteArray("Bearer error_description=\"say \\\"hi\\\" \\\\ there, ok\"") << QStringLiteral("Bearer")
            << Params { { QStringLiteral("error_description"), QStringLiteral("say \"hi\" \\ there, ok") } };
        QTest::addRow("parameter names are case-insensitive")
            << QByteArray("bearer Realm=\"a\"") << QStringLiteral("bearer")
            << Params { { QStringLiteral("realm"), QStringLiteral("a") } };
        QTest::addRow("scheme only") << QByteArray("Bearer") << QStringLiteral("Bearer") << Params {};
        QTest::addRow("unterminated quote") << QByteArray("Bearer realm=\"never closed") << QStringLiteral("Bearer")
                                            << Params { { QStringLiteral("realm"), QStringLiteral("never closed") } };
        QTest::addRow("empty value") << QByteArray("Bearer error=, realm=\"r\"") << QStringLiteral("Bearer")
                                     << Params { { QStringLiteral("error"), QString() },
                                            { QStringLiteral("realm"), QStringLiteral("r") } };
        QTest::addRow("utf-8 description")
            << QByteArray("Bearer error_description=\"Jeton expir\xc3\xa9\"") << QStringLiteral("Bearer")
            << Params { { QStringLiteral("error_description"), QStringLiteral("Jeton expir\u00e9") } };
    }

    void singleChallenge()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, scheme);
        QFETCH(Params, params);
        const AuthChallenges challenges = parseWwwAuthenticate(header);
        QCOMPARE(challenges.size(), 1);
        QCOMPARE(challenges.first().scheme, scheme);
        QCOMPARE(challenges.first().params, params);
        QVERIFY(challenges.first().token68.isEmpty());
    }

    void accessors()
    {
        const AuthChallenge challenge
            = parseWwwAuthenticate("Bearer realm=\"r\", authorization_uri=\"https://login/x\", "
                                   "resource_id=\"api://a\", error=\"invalid_token\", "
                                   "error_description=\"d\", scope=\"s\"")
                  .value(0);
        QVERIFY(challenge.isScheme(u"BEARER"));
        QCOMPARE(challenge.realm(), QStringLiteral("r"));
        QCOMPARE(challenge.authorizationUri(), QStringLiteral("https://login/x"));
        QCOMPARE(challenge.resourceId(), QStringLiteral("api://a"));
        QCOMPARE(challenge.error(), QStringLiteral("invalid_token"));
        QCOMPARE(challenge.errorDescription(), QStringLiteral("d"));
        QCOMPARE(challenge.scope(), QStringLiteral("s"));
        QVERIFY(challenge.hasParam(u"Realm"));
        QVERIFY(!challenge.hasParam(u"nonce"));
        QCOMPARE(challenge.param(u"missing"), QString());
    }

    void multipleChallenges()
    {
        // What Qt hands over when a server sends two WWW-Authenticate lines: one value joined with ", ".
        const AuthChallenges challenges = parseWwwAuthenticate(
            "Bearer realm=\"api\", error=\"invalid_token\", Basic realm=\"fallback\", charset=\"UTF-8\", Negotiate");
        QCOMPARE(challenges.size(), 3);
        QCOMPARE(challenges.at(0).scheme, QStringLiteral("Bearer"));
        QCOMPARE(challenges.at(0).params.size(), 2);
        QCOMPARE(challenges.at(1).scheme, QStringLiteral("Basic"));
        QCOMPARE(challenges.at(1).realm(), QStringLiteral("fallback"));
        QCOMPARE(challenges.at(1).param(u"charset"), QStringLiteral("UTF-8"));
        QCOMPARE(challenges.at(2).scheme, QStringLiteral("Negotiate"));
        QVERIFY(challenges.at(2).params.isEmpty());
    }

    void token68()
    {
        const AuthChallenges challenges = parseWwwAuthenticate("Negotiate YIIB+g/==, Basic realm=\"x\"");
        QCOMPARE(challenges.size(), 2);
        QCOMPARE(challenges.at(0).token68, QStringLiteral("YIIB+g/=="));
        QCOMPARE(challenges.at(1).realm(), QStringLiteral("x"));
    }

    void challengesWithoutCommaBetweenThem()
    {
        const AuthChallenges challenges = parseWwwAuthenticate("Bearer realm=\"a\" Basic realm=\"b\"");
        QCOMPARE(challenges.size(), 2);
        QCOMPARE(challenges.at(1).scheme, QStringLiteral("Basic"));
        QCOMPARE(challenges.at(1).realm(), QStringLiteral("b"));
    }

    void toStringRoundTrips()
    {
        const QByteArray header("Bearer realm=\"a \\\"quoted\\\" realm\", error=\"invalid_token\"");
        const AuthChallenge challenge = parseWwwAuthenticate(header).value(0);
        QCOMPARE(challenge.toString(), QString::fromLatin1(header));
        const AuthChallenge again = parseWwwAuthenticate(challenge.toString().toUtf8()).value(0);
        QCOMPARE(again.params, challenge.params);
    }

    void emptyAndGarbage_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("count");
        QTest::addRow("empty") << QByteArray() << 0;
        QTest::addRow("spaces and commas") << QByteArray(" , ,, ") << 0;
        QTest::addRow("only punctuation") << QByteArray("\"=@;(){}") << 0;
        QTest::addRow("equals first") << QByteArray("=Bearer") << 1;
        QTest::addRow("nul bytes") << QByteArray("Bearer\0realm=\"x\"", 16) << 1;
    }

    void emptyAndGarbage()
    {
        QFETCH(QByteArray, header);
        QFETCH(int, count);
        QCOMPARE(parseWwwAuthenticate(header).size(), count);
    }

    void hostileInputIsBounded()
    {
        // A megabyte of parameters, of challenges, of quotes and backslashes: bounded output, no hang, no crash.
        QByteArray manyParams("Bearer ");
        for (int i = 0; i < 100000; ++i)
            manyParams += "p" + QByteArray::number(i) + "=v, ";
        const AuthChallenges params = parseWwwAuthenticate(manyParams);
        QVERIFY(params.size() <= 2); // the input is cut at 64 KiB, maybe inside a name that then reads as a scheme
        QCOMPARE(params.first().params.size(), 32);

        QByteArray manyChallenges;
        for (int i = 0; i < 100000; ++i)
            manyChallenges += "S" + QByteArray::number(i) + ", ";
        QCOMPARE(parseWwwAuthenticate(manyChallenges).size(), 16);

        const QByteArray backslashes = "Bearer realm=\"" + QByteArray(1000000, '\\');
        const AuthChallenges escaped = parseWwwAuthenticate(backslashes);
        QCOMPARE(escaped.size(), 1);
        QVERIFY(escaped.first().realm().size() <= 64 * 1024);
    }

    void randomBytesNeverCrash()
    {
        QRandomGenerator random(6); // fixed seed: a failure reproduces
        const QByteArray alphabet("Bearer Basic realm=error,\" \\\t=abc123+/_-~.");
        for (int round = 0; round < 20000; ++round) {
            QByteArray input;
            const int length = int(random.bounded(80));
            for (int i = 0; i < length; ++i)
                input += random.bounded(4) == 0 ? char(random.bounded(256))
                                                : alphabet.at(random.bounded(alphabet.size()));
            const AuthChallenges challenges = parseWwwAuthenticate(input);
            QVERIFY(challenges.size() <= 16);
            for (const AuthChallenge &challenge : challenges)
                QVERIFY(!challenge.scheme.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestAuthChallenge)
#include "test_authchallenge.moc"
