// Scopes to resources like the SDKs, identity keys, the in-memory cache, pasted tokens, the Arc key file rules.
#include "identity/arcsource.h"
#include "identity/pastedtokensource.h"
#include "identity/tokencache.h"
#include "identity/tokenrequest.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

class TestTokenRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scopeToResource_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("resource"); // empty: refused
        QTest::addRow("resource unchanged")
            << QStringLiteral("https://management.azure.com/") << QStringLiteral("https://management.azure.com/");
        QTest::addRow("default scope") << QStringLiteral("https://vault.azure.net/.default")
                                       << QStringLiteral("https://vault.azure.net");
        QTest::addRow("api scheme") << QStringLiteral("api://a1b2/.default") << QStringLiteral("api://a1b2");
        QTest::addRow("trimmed") << QStringLiteral("  https://graph.microsoft.com/.default \n")
                                 << QStringLiteral("https://graph.microsoft.com");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("two scopes") << QStringLiteral("https://a/.default https://b/.default") << QString();
    }

    void scopeToResource()
    {
        QFETCH(QString, input);
        QFETCH(QString, resource);
        QString error;
        QCOMPARE(idex::scopeToResource(input, &error), resource);
        QCOMPARE(error.isEmpty(), !resource.isEmpty());
    }

    void resourceToScope()
    {
        QCOMPARE(idex::resourceToScope(QStringLiteral("https://management.azure.com/")),
            QStringLiteral("https://management.azure.com/.default"));
        QCOMPARE(idex::resourceToScope(QStringLiteral("api://x/.default")), QStringLiteral("api://x/.default"));
    }

    void cacheReturnsFreshTokensOnly()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        TokenCache cache;
        IdentitySelector system;
        IdentitySelector user { IdentitySelector::Kind::ClientId, QStringLiteral("ABC") };
        const QString key = TokenCache::key(
            QStringLiteral("imds"), QStringLiteral("http://x"), system, QStringLiteral("https://r/.default"));
        TokenResult token;
        token.accessToken = QStringLiteral("a.b.c");
        token.expiresOn = now.addSecs(3600);
        cache.insert(key, token);

        const TokenResult hit = cache.lookup(
            TokenCache::key(QStringLiteral("imds"), QStringLiteral("http://x"), system, QStringLiteral("https://r")),
            now);
        QVERIFY(hit.isValid());
        QVERIFY(hit.fromCache);
        QVERIFY(!cache
                     .lookup(TokenCache::key(
                                 QStringLiteral("imds"), QStringLiteral("http://x"), user, QStringLiteral("https://r")),
                         now)
                     .isValid());
        QVERIFY(!cache
                     .lookup(TokenCache::key(QStringLiteral("appservice"), QStringLiteral("http://x"), system,
                                 QStringLiteral("https://r")),
                         now)
                     .isValid());
        QVERIFY(!cache.lookup(key, now.addSecs(3600 - 299)).isValid()); // inside the 5 minute margin
        QVERIFY(cache.lookup(key, now.addSecs(3600 - 301)).isValid());
        QCOMPARE(TokenCache::key(QStringLiteral("imds"), {}, user, QStringLiteral("r")),
            TokenCache::key(QStringLiteral("imds"), {},
                IdentitySelector { IdentitySelector::Kind::ClientId, QStringLiteral(" abc ") }, QStringLiteral("r")));

        TokenResult noExpiry = token;
        noExpiry.expiresOn = {};
        cache.insert(QStringLiteral("k2"), noExpiry);
        QVERIFY(!cache.lookup(QStringLiteral("k2"), now).isValid());
        cache.clear();
        QCOMPARE(cache.size(), 0);
    }

    void pastedTokenNormalize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("token");
        QTest::addRow("plain") << QStringLiteral("eyJh.eyJi.sig") << QStringLiteral("eyJh.eyJi.sig");
        QTest::addRow("bearer") << QStringLiteral("Bearer eyJh.eyJi.sig") << QStringLiteral("eyJh.eyJi.sig");
        QTest::addRow("wrapped and quoted")
            << QStringLiteral("\"eyJh.\n  eyJi.sig\"\n") << QStringLiteral("eyJh.eyJi.sig");
        QTest::addRow("unsigned") << QStringLiteral("eyJh.eyJi.") << QStringLiteral("eyJh.eyJi.");
        QTest::addRow("json") << QStringLiteral("{\"access_token\":\"x\"}") << QString();
        QTest::addRow("two parts") << QStringLiteral("eyJh.eyJi") << QString();
        QTest::addRow("empty") << QStringLiteral("   ") << QString();
    }

    void pastedTokenNormalize()
    {
        QFETCH(QString, input);
        QFETCH(QString, token);
        QString problem;
        QCOMPARE(PastedTokenSource::normalize(input, &problem), token);
        QCOMPARE(problem.isEmpty(), !token.isEmpty());
    }

    void arcKeyFileRules_data()
    {
        QTest::addColumn<QString>("fileName"); // created in the allowed directory unless it starts with "../"
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("challengeFormat"); // %1 = absolute path
        QTest::addColumn<bool>("anyDirectory");
        QTest::addColumn<QString>("problem"); // empty: accepted
        QTest::addRow("good") << QStringLiteral("abc.key") << 64 << QStringLiteral("Basic realm=%1") << false
                              << QString();
        QTest::addRow("exactly 4096") << QStringLiteral("abc.key") << 4096 << QStringLiteral("Basic realm=%1") << false
                                      << QString();
        QTest::addRow("4097 bytes") << QStringLiteral("abc.key") << 4097 << QStringLiteral("Basic realm=%1") << false
                                    << QStringLiteral("at most 4096");
        QTest::addRow("not .key") << QStringLiteral("abc.txt") << 64 << QStringLiteral("Basic realm=%1") << false
                                  << QStringLiteral(".key");
        QTest::addRow("two =") << QStringLiteral("abc.key") << 64 << QStringLiteral("Basic realm=%1=") << false
                               << QStringLiteral("exactly one");
        QTest::addRow("no =") << QStringLiteral("abc.key") << 64 << QStringLiteral("Basic %1") << false
                              << QStringLiteral("exactly one");
        QTest::addRow("other directory") << QStringLiteral("../elsewhere.key") << 64 << QStringLiteral("Basic realm=%1")
                                         << false << QStringLiteral("not in the agent's token directory");
        QTest::addRow("other directory relaxed")
            << QStringLiteral("../elsewhere.key") << 64 << QStringLiteral("Basic realm=%1") << true << QString();
        QTest::addRow("missing file") << QStringLiteral("-missing.key") << 0 << QStringLiteral("Basic realm=%1")
                                      << false << QStringLiteral("does not exist");
    }

    void arcKeyFileRules()
    {
        QFETCH(QString, fileName);
        QFETCH(int, size);
        QFETCH(QString, challengeFormat);
        QFETCH(bool, anyDirectory);
        QFETCH(QString, problem);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        const QString tokens = root.filePath(QStringLiteral("tokens"));
        QVERIFY(QDir().mkpath(tokens));
        const bool missing = fileName.startsWith(u'-');
        const QString path = QDir::cleanPath(tokens + u'/' + (missing ? fileName.mid(1) : fileName));
        if (!missing) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(size, 'k'));
        }
        QString why;
        const QByteArray key = ArcSource::readKey(challengeFormat.arg(path).toUtf8(), tokens, anyDirectory, &why);
        if (problem.isEmpty()) {
            QVERIFY2(why.isEmpty(), qPrintable(why));
            QCOMPARE(key, QByteArray(size, 'k'));
        } else {
            QVERIFY(key.isEmpty());
            QVERIFY2(why.contains(problem), qPrintable(why));
        }
    }

    void arcDefaultDirectory()
    {
        QString why;
        QVERIFY(ArcSource::readKey("Basic realm=/tmp/x.key", {}, false, &why).isEmpty());
        QVERIFY2(why.contains(QLatin1String("/var/opt/azcmagent/tokens")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestTokenRequest)
#include "test_tokenrequest.moc"
