// `idex decode` and `idex diagnose` as a user runs them: real process, arguments and standard input, exit statuses.
#include "directory/directory.h"
#include "directory/snapshot.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runIdex(const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(IDEX_BINARY), args);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError()) };
}

QJsonArray samples()
{
    QFile file(qEnvironmentVariable("IDEX_TEST_DATA") + QStringLiteral("/entra-sample-tokens.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

/*! The sample's own time (a minute after it was issued), so that its lifetime is not what is wrong with it. */
QString aMinuteAfterIssue(const QJsonObject &claims)
{
    return QDateTime::fromSecsSinceEpoch(claims.value(QLatin1String("iat")).toInteger() + 60, Qt::UTC)
        .toString(Qt::ISODate);
}

/*! A snapshot that knows the sample token's caller (by oid and appid) and its API (by aud), with the role DoAll. */
bool writeSampleSnapshot(const QJsonObject &claims, const QString &path, QString *error)
{
    idex::Directory directory;
    directory.tenantId = claims.value(QLatin1String("tid")).toString();
    directory.sourceDescription = QStringLiteral("snapshot");
    idex::AppRole role;
    role.id = QStringLiteral("11111111-0000-0000-0000-000000000001");
    role.value = QStringLiteral("DoAll");
    role.allowedMemberTypes = { QStringLiteral("Application") };
    idex::ServicePrincipal api;
    api.id = QStringLiteral("11111111-0000-0000-0000-000000000002");
    api.appId = claims.value(QLatin1String("aud")).toString();
    api.displayName = QStringLiteral("sample-api");
    api.appRoles = { role };
    directory.addServicePrincipal(api);
    idex::ServicePrincipal caller;
    caller.id = claims.value(QLatin1String("oid")).toString();
    caller.appId = claims.value(QLatin1String("appid")).toString();
    caller.displayName = QStringLiteral("sample-caller");
    directory.addServicePrincipal(caller);
    return idex::snapshot::writeFile(path, directory, error);
}

} // namespace

class TestIdexDecode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodeSamples_data()
    {
        QTest::addColumn<QString>("token");
        const QJsonArray all = samples();
        QVERIFY(!all.isEmpty());
        for (const QJsonValue &s : all)
            QTest::newRow(qPrintable(s[QLatin1String("name")].toString())) << s[QLatin1String("token")].toString();
    }
    void decodeSamples()
    {
        QFETCH(QString, token);
        Run run = runIdex({ QStringLiteral("decode"), QStringLiteral("Bearer ") + token });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("Audience")));
        QVERIFY(run.out.contains(QLatin1String("[JWT, ")));
        QVERIFY(!run.out.contains(token.section(u'.', 1, 1))); // the payload text of the token is not echoed

        run = runIdex({ QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("-") }, token.toLatin1());
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY(json.value(QLatin1String("claims")).toObject().contains(QLatin1String("aud")));
        QCOMPARE(json.value(QLatin1String("signature")).toObject().value(QLatin1String("status")).toString(),
            QStringLiteral("not-checked"));
        QVERIFY(!json.value(QLatin1String("token")).toString().contains(token));

        run = runIdex({ QStringLiteral("decode"), QStringLiteral("--show-token"), token });
        QVERIFY(run.out.contains(token));
    }

    void unusableInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("opaque") << QStringList { QStringLiteral("decode"), QStringLiteral("EwAoA8l6BAAU") }
                                << QStringLiteral("not a JWT");
        QTest::addRow("jwe") << QStringList { QStringLiteral("decode"), QStringLiteral("a.b.c.d.e") }
                             << QStringLiteral("encrypted");
        QTest::addRow("empty stdin") << QStringList { QStringLiteral("decode") } << QStringLiteral("empty");
        QTest::addRow("diagnose garbage")
            << QStringList { QStringLiteral("diagnose"), QStringLiteral("x.y") } << QStringLiteral("Two parts");
        QTest::addRow("unknown option") << QStringList { QStringLiteral("decode"), QStringLiteral("--frobnicate") }
                                        << QStringLiteral("frobnicate");
        QTest::addRow("bad --now") << QStringList { QStringLiteral("diagnose"), QStringLiteral("--now"),
            QStringLiteral("yesterday") }
                                   << QStringLiteral("ISO 8601");
    }
    void unusableInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run run = runIdex(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString(run.out + run.err).contains(message), qPrintable(run.out + run.err));
    }

    void diagnoseWithDirectorySnapshot()
    {
        const QJsonObject sample = samples().at(0).toObject();
        const QJsonObject claims = sample.value(QLatin1String("claims")).toObject();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("snapshot.json"));
        QString error;
        QVERIFY2(writeSampleSnapshot(claims, path, &error), qPrintable(error));
        const QString roleId = QStringLiteral("11111111-0000-0000-0000-000000000001");

        // Judged at the sample's own time, so that only the role is wrong.
        const QString at = aMinuteAfterIssue(claims);
        Run run = runIdex({ QStringLiteral("diagnose"), QStringLiteral("--role"), QStringLiteral("DoAll"),
            QStringLiteral("--directory"), path, QStringLiteral("--now"), at, QStringLiteral("--json"),
            sample.value(QLatin1String("token")).toString() });
        QCOMPARE(run.exitCode, 1);
        const QJsonArray findings
            = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QLatin1String("findings")).toArray();
        QStringList codes;
        QString missingFix;
        for (const QJsonValue &f : findings) {
            codes << f[QLatin1String("code")].toString();
            if (codes.last() == QLatin1String("missing-roles"))
                missingFix = f[QLatin1String("fix")].toString();
        }
        QVERIFY2(codes.contains(QStringLiteral("missing-roles")), qPrintable(codes.join(u',')));
        QVERIFY(!codes.contains(QStringLiteral("token-expired")));
        QVERIFY2(
            missingFix.contains(QLatin1String("sample-caller")) && missingFix.contains(roleId), qPrintable(missingFix));

        // Nothing expected, judged in its own time: no error, but never a pass (exit 3, not verified).
        run = runIdex({ QStringLiteral("diagnose"), QStringLiteral("--now"), at,
            sample.value(QLatin1String("token")).toString() });
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.contains(QLatin1String("signature-not-checked")));
        QVERIFY2(run.out.contains(QLatin1String("NOT VERIFIED: The signature was not checked")), qPrintable(run.out));
    }

    void namesFromADirectorySnapshot()
    {
        const QJsonObject sample = samples().at(0).toObject();
        const QJsonObject claims = sample.value(QLatin1String("claims")).toObject();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("snapshot.json"));
        QString error;
        QVERIFY2(writeSampleSnapshot(claims, path, &error), qPrintable(error));
        const QString token = sample.value(QLatin1String("token")).toString();

        // decode: each GUID the snapshot knows is named beside its value, in text and in JSON.
        Run run = runIdex({ QStringLiteral("decode"), QStringLiteral("--directory"), path, token });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(
            run.out.contains(claims.value(QLatin1String("appid")).toString() + QStringLiteral("  = sample-caller")),
            qPrintable(run.out));
        QVERIFY2(
            QRegularExpression(
                QStringLiteral("\\n  aud +%1 .*  = sample-api\\n").arg(claims.value(QLatin1String("aud")).toString()))
                .match(run.out)
                .hasMatch(),
            qPrintable(run.out));
        run = runIdex(
            { QStringLiteral("decode"), QStringLiteral("--json"), QStringLiteral("--directory"), path, token });
        const QJsonObject names
            = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QLatin1String("names")).toObject();
        QCOMPARE(names.value(QLatin1String("oid")).toString(), QStringLiteral("sample-caller"));
        QCOMPARE(names.value(QLatin1String("aud")).toString(), QStringLiteral("sample-api"));
        // Without a snapshot nothing is named.
        run = runIdex({ QStringLiteral("decode"), QStringLiteral("--json"), token });
        QVERIFY(!QJsonDocument::fromJson(run.out.toUtf8()).object().contains(QLatin1String("names")));

        // diagnose: the findings' text names the caller where its GUID appears.
        const QString at = aMinuteAfterIssue(claims);
        run = runIdex({ QStringLiteral("diagnose"), QStringLiteral("--role"), QStringLiteral("DoAll"),
            QStringLiteral("--directory"), path, QStringLiteral("--now"), at, token });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QLatin1String("sample-caller (")), qPrintable(run.out));

        // An unreadable snapshot is a clear error naming the command, not a silent run without names.
        run = runIdex({ QStringLiteral("decode"), QStringLiteral("--directory"),
            dir.filePath(QStringLiteral("none.json")), token });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(
            run.err.contains(QLatin1String("idex decode: cannot read the directory snapshot")), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestIdexDecode)
#include "test_idexdecode.moc"
