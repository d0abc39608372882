// Findings lead to their lesson: the diagnosis adds "open-lesson" (parameter lesson, command `idex lesson show`) to
// each finding whose failure a built-in lesson teaches, and the --json serialiser carries it as data.
#include "diagnose/diagnosis.h"
#include "diagnose/lessonlinks.h"
#include "identity/failureexplainer.h"
#include "jwt/decodedtoken.h"
#include "lessons/lessonparser.h"
#include "testsigner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace idex;

namespace {

const QString kTenant = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
const QString kApi = QStringLiteral("api://6e74172b-be56-4843-9ff4-e66a39bb12e3");
const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(12, 0), Qt::UTC);

QJsonObject claims()
{
    return { { QStringLiteral("aud"), kApi },
        { QStringLiteral("iss"), QString(QStringLiteral("https://sts.windows.net/") + kTenant + u'/') },
        { QStringLiteral("iat"), kNow.toSecsSinceEpoch() - 600 },
        { QStringLiteral("nbf"), kNow.toSecsSinceEpoch() - 600 },
        { QStringLiteral("exp"), kNow.toSecsSinceEpoch() + 3000 }, { QStringLiteral("tid"), kTenant },
        { QStringLiteral("idtyp"), QStringLiteral("app") }, { QStringLiteral("ver"), QStringLiteral("1.0") },
        { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } } };
}

/*! The findings of \a token against an API wanting kApi and DoAll, as `idex --json` prints them. */
QJsonArray diagnosedJson(const QJsonObject &tokenClaims)
{
    const DecodeResult decoded
        = decodeToken(test::rawToken(QJsonObject { { QStringLiteral("alg"), QStringLiteral("RS256") },
                                         { QStringLiteral("typ"), QStringLiteral("JWT") } },
            tokenClaims, "sig"));
    if (!decoded.ok())
        qFatal("%s", qPrintable(decoded.message));
    DiagnosisInput input;
    input.token = &decoded.token;
    input.now = kNow;
    input.expectation.audiences = { kApi };
    input.expectation.roles = { QStringLiteral("DoAll") };
    return findingsToJson(diagnose(input));
}

/*! The "lesson" parameter of the open-lesson action of finding \a code in \a findings; "<no finding>" or
    "<no action>" when absent. */
QString lessonOf(const QJsonArray &findings, const QString &code, QStringList *commands = nullptr)
{
    for (const QJsonValue &f : findings) {
        if (f[QStringLiteral("code")].toString() != code)
            continue;
        for (const QJsonValue &a : f[QStringLiteral("actions")].toArray()) {
            if (a[QStringLiteral("kind")].toString() != QLatin1String("open-lesson"))
                continue;
            if (commands) {
                for (const QJsonValue &c : a[QStringLiteral("commands")].toArray())
                    *commands << c.toString();
            }
            return a[QStringLiteral("parameters")][QStringLiteral("lesson")].toString();
        }
        return QStringLiteral("<no action>");
    }
    return QStringLiteral("<no finding>");
}

} // namespace

class TestLessonLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenFindingsOpenTheirLesson_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("lesson");
        QTest::newRow("no roles") << QStringLiteral("roles") << QJsonValue(QJsonArray {})
                                  << QStringLiteral("missing-roles") << QStringLiteral("missing-assignment");
        QTest::newRow("other audience") << QStringLiteral("aud")
                                        << QJsonValue(QStringLiteral("https://graph.microsoft.com"))
                                        << QStringLiteral("audience-mismatch") << QStringLiteral("wrong-audience");
        QTest::newRow("expired") << QStringLiteral("exp") << QJsonValue(kNow.toSecsSinceEpoch() - 3600)
                                 << QStringLiteral("token-expired") << QStringLiteral("expired-token");
    }
    void tokenFindingsOpenTheirLesson()
    {
        QFETCH(QString, claim);
        QFETCH(QJsonValue, value);
        QFETCH(QString, code);
        QFETCH(QString, lesson);
        QJsonObject c = claims();
        c.insert(claim, value);
        QStringList commands;
        const QJsonArray json = diagnosedJson(c);
        QCOMPARE(lessonOf(json, code, &commands), lesson);
        QCOMPARE(commands, QStringList { QStringLiteral("idex lesson show ") + lesson });
    }

    void aTokenThatPassesHasNoLesson()
    {
        const QJsonArray json = diagnosedJson(claims());
        for (const QJsonValue &f : json) {
            for (const QJsonValue &a : f[QStringLiteral("actions")].toArray())
                QVERIFY2(a[QStringLiteral("kind")].toString() != QLatin1String("open-lesson"),
                    qPrintable(f[QStringLiteral("code")].toString()));
        }
    }

    // Every link leads to a lesson that exists and loads: a renamed lesson file breaks this, not the button.
    void everyLinkedLessonIsBuiltIn_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("lesson");
        const QList<std::pair<const char *, const char *>> table { { "missing-roles", "missing-assignment" },
            { "call-missing-role", "missing-assignment" }, { "audience-mismatch", "wrong-audience" },
            { "call-audience-rejected", "wrong-audience" }, { "stale-token", "stale-token" },
            { "issuer-version-mismatch", "issuer-mismatch" }, { "issuer-mismatch", "issuer-mismatch" },
            { "call-issuer-rejected", "issuer-mismatch" }, { "token-expired", "expired-token" },
            { "clock-skew", "expired-token" }, { "call-token-expired", "expired-token" },
            { "identity-not-found", "identity-not-found" }, { "unknown-resource", "no-service-principal" },
            { "audience-not-in-directory", "no-service-principal" }, { "client-mismatch", "wrong-user-assigned" },
            { "call-policy-denied", "caller-not-allowed" } };
        for (const auto &[code, lesson] : table)
            QTest::newRow(code) << QString::fromLatin1(code) << QString::fromLatin1(lesson);
    }
    void everyLinkedLessonIsBuiltIn()
    {
        QFETCH(QString, code);
        QFETCH(QString, lesson);
        QCOMPARE(lessonForFindingCode(code), lesson);
        QVERIFY(lessons::builtInLessonNames().contains(lesson));
        lessons::Lesson loaded;
        QString error;
        QVERIFY2(lessons::loadLesson(lesson, &loaded, &error), qPrintable(error));
    }

    // A token request that failed leads to the lesson that teaches its failure, as the endpoint's answer explains it.
    void tokenFailuresLeadToTheirLesson_data()
    {
        QTest::addColumn<QString>("sourceId");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("lesson");
        QTest::addRow("IMDS identity not found")
            << QStringLiteral("imds") << 400
            << QByteArray("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}")
            << QStringLiteral("identity-not-found");
        QTest::addRow("AADSTS500011") << QStringLiteral("imds") << 400
                                      << QByteArray("{\"error\":\"invalid_resource\",\"error_description\":"
                                                    "\"AADSTS500011: The resource principal named api://x was not "
                                                    "found in the tenant\"}")
                                      << QStringLiteral("no-service-principal");
        QTest::addRow("workload identity AADSTS700016")
            << QStringLiteral("workload") << 400
            << QByteArray("{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS700016: Application "
                          "with identifier 'x' was not found in the directory\"}")
            << QStringLiteral("identity-not-found");
        QTest::addRow("throttled: no lesson") << QStringLiteral("imds") << 429 << QByteArray() << QString();
        QTest::addRow("server error: no lesson") << QStringLiteral("imds") << 500 << QByteArray() << QString();
    }
    void tokenFailuresLeadToTheirLesson()
    {
        QFETCH(QString, sourceId);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, lesson);
        HttpExchange exchange;
        exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/metadata/identity/oauth2/token"));
        exchange.response.status = status;
        exchange.response.body = body;
        const TokenFailure failure = explainFailure(sourceId, exchange);
        QCOMPARE(lessonForTokenFailure(failure), lesson);
        const QList<FindingAction> actions = tokenFailureActions(failure);
        if (lesson.isEmpty()) {
            QVERIFY(actions.isEmpty());
            return;
        }
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.first().kind, FindingAction::Kind::OpenLesson);
        QCOMPARE(actions.first().parameters.value(QStringLiteral("lesson")), lesson);
        QVERIFY(lessons::builtInLessonNames().contains(lesson));
    }

    void aCanceledRequestHasNoLesson()
    {
        TokenFailure canceled;
        canceled.code = QStringLiteral("canceled");
        canceled.detail = QStringLiteral("AADSTS500011 quoted in an earlier answer");
        QVERIFY(lessonForTokenFailure(canceled).isEmpty());
        QVERIFY(tokenFailureActions(canceled).isEmpty());
    }

    void unrelatedCodesHaveNone()
    {
        QVERIFY(lessonForFindingCode(QStringLiteral("call-succeeded")).isEmpty());
        QVERIFY(lessonForFindingCode(QStringLiteral("signature-not-checked")).isEmpty());
        QVERIFY(lessonForFindingCode(QString()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLessonLinks)
#include "test_lessonlinks.moc"
