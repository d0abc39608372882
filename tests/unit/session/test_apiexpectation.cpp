// What the API under test expects: from the scenario's protected API, and learned from a 401/403's challenge.
#include "call/callresult.h"
#include "session/apiexpectation.h"

#include <QTest>

using namespace idex;

namespace {
ProtectedApi aadFunc()
{
    ProtectedApi api;
    api.name = QStringLiteral("aad-func");
    api.url = QUrl(QStringLiteral("http://127.0.0.1:4000/api/aad-func"));
    api.allowedAudiences = { QStringLiteral("api://aad-func"), QStringLiteral("5eed0000-0000-4000-8000-000000000402") };
    api.requiredRoles = { QStringLiteral("DoAll") };
    return api;
}

CallResult answered(int status, const QString &announced, const QStringList &roles)
{
    CallResult call;
    call.exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:4000/api/aad-func?x=1"));
    call.exchange.response.status = status;
    call.announcedAudience = announced;
    call.requiredRoles = roles;
    return call;
}
} // namespace

class TestApiExpectation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsTheApiByUrlWithoutQuery()
    {
        const QList<ProtectedApi> apis { aadFunc() };
        QCOMPARE(protectedApiFor(apis, QUrl(QStringLiteral("http://127.0.0.1:4000/api/aad-func?code=1")))->name,
            QStringLiteral("aad-func"));
        QVERIFY(!protectedApiFor(apis, QUrl(QStringLiteral("http://127.0.0.1:4000/api/other"))));
        QVERIFY(!protectedApiFor({}, QUrl(QStringLiteral("http://127.0.0.1:4000/api/aad-func"))));
        const Expectation e = expectationOf(aadFunc());
        QCOMPARE(e.audiences, aadFunc().allowedAudiences);
        QCOMPARE(e.roles, QStringList { QStringLiteral("DoAll") });
    }

    void learnsFromTheChallenge()
    {
        Expectation current;
        current.issuer = QStringLiteral("https://sts.windows.net/t/"); // kept: the answer says nothing about it
        const ProtectedApi api = aadFunc();
        const std::optional<Expectation> learned
            = expectationLearnedFrom(answered(401, QStringLiteral("api://aad-func"), {}), &api, current);
        QVERIFY(learned);
        QCOMPARE(learned->audiences,
            QStringList({ QStringLiteral("api://aad-func"), QStringLiteral("5eed0000-0000-4000-8000-000000000402") }));
        QCOMPARE(learned->issuer, current.issuer);
        const std::optional<Expectation> roles
            = expectationLearnedFrom(answered(403, {}, { QStringLiteral("DoAll") }), nullptr, current);
        QVERIFY(roles);
        QCOMPARE(roles->roles, QStringList { QStringLiteral("DoAll") });
        QVERIFY(roles->audiences.isEmpty());
    }

    void nothingNewNothingLearned()
    {
        QVERIFY(!expectationLearnedFrom(answered(200, QStringLiteral("api://x"), {}), nullptr, {}));
        QVERIFY(!expectationLearnedFrom(answered(500, QStringLiteral("api://x"), {}), nullptr, {}));
        QVERIFY(!expectationLearnedFrom(answered(401, {}, {}), nullptr, {}));
    }
};

QTEST_GUILESS_MAIN(TestApiExpectation)
#include "test_apiexpectation.moc"
