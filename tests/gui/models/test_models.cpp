// Every item model of ui/models on its own, with QAbstractItemModelTester attached before any data is set: each
// reset, insertion and data() answer is checked against the model contract as the data changes.
#include "directory/directory.h"
#include "directory/tenantgenerator.h"
#include "jwt/claimscatalog.h"
#include "jwt/decodedtoken.h"
#include "models/claimdiffmodel.h"
#include "models/claimsmodel.h"
#include "models/directorytablemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace idex;
using namespace idex::ui;

namespace {

DecodedToken token(const QJsonObject &payload)
{
    const auto b64 = [](const QJsonObject &object) {
        return QJsonDocument(object)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    const QString raw = QString::fromLatin1(
        b64({ { QStringLiteral("alg"), QStringLiteral("RS256") }, { QStringLiteral("typ"), QStringLiteral("JWT") } })
        + '.' + b64(payload) + ".c2lnbmF0dXJl");
    const DecodeResult decoded = decodeToken(raw);
    if (!decoded.ok())
        qFatal("test token does not decode: %s", qPrintable(decoded.message));
    return decoded.token;
}

QJsonObject walkthroughClaims(qint64 iat, const QJsonArray &roles)
{
    QJsonObject claims { { QStringLiteral("aud"), QStringLiteral("api://aad-func") },
        { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/11111111-2222-3333-4444-555555555555/") },
        { QStringLiteral("appid"), QStringLiteral("5eed0000-0000-4000-8000-000000000101") },
        { QStringLiteral("oid"), QStringLiteral("5eed0000-0000-4000-8000-000000000102") },
        { QStringLiteral("iat"), iat }, { QStringLiteral("nbf"), iat }, { QStringLiteral("exp"), iat + 3600 },
        { QStringLiteral("uti"), QString::number(iat) } };
    if (!roles.isEmpty()) // a token without app roles has no roles claim at all
        claims.insert(QStringLiteral("roles"), roles);
    return claims;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void claimsModel()
    {
        ClaimsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setCatalog(ClaimsCatalog::builtIn());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        model.setNow(QDateTime::fromSecsSinceEpoch(now, Qt::UTC));
        model.setToken(token(walkthroughClaims(now, { QStringLiteral("DoAll") })));
        QCOMPARE(model.rowCount(), 9);
        QCOMPARE(model.columnCount(), int(ClaimsModel::ColumnCount));
        const int appid = model.rowOf(QStringLiteral("appid"));
        QVERIFY(appid >= 0);
        QCOMPARE(model.index(appid, ClaimsModel::ValueColumn).data(ClaimsModel::RawValueRole).toString(),
            QStringLiteral("5eed0000-0000-4000-8000-000000000101"));
        QVERIFY(model.index(appid, 0).data(ClaimsModel::KnownRole).toBool());

        // Names for GUIDs change the display, not the raw value; the clock moves relative times.
        ObjectNames names;
        names.add(QStringLiteral("5EED0000-0000-4000-8000-000000000101"),
            { QStringLiteral("caller-func"), {}, QStringLiteral("5eed0000-0000-4000-8000-000000000101") });
        model.setObjectNames(names);
        QVERIFY(model.index(appid, ClaimsModel::ValueColumn).data().toString().contains(QStringLiteral("caller-func")));
        QCOMPARE(model.index(appid, ClaimsModel::ValueColumn).data(ClaimsModel::RawValueRole).toString(),
            QStringLiteral("5eed0000-0000-4000-8000-000000000101"));
        model.setNow(QDateTime::fromSecsSinceEpoch(now + 600, Qt::UTC));

        model.setToken(token({ { QStringLiteral("aud"), QStringLiteral("x") } }));
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void claimDiffModel()
    {
        ClaimDiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const DecodedToken older = token(walkthroughClaims(now - 120, {}));
        const DecodedToken newer = token(walkthroughClaims(now, { QStringLiteral("DoAll") }));
        model.setTokens(older, newer, QStringLiteral("the previous token"), QStringLiteral("this token"));
        QCOMPARE(model.rowCount(), 11); // every claim of either token, by default
        model.setShowOnlyMeaningful(true);
        // Told from the newer token's side: the role that appeared is added, iat/exp/uti hidden as noise.
        QCOMPARE(model.count(ClaimDifference::Kind::Added), 1);
        QCOMPARE(model.count(ClaimDifference::Kind::Removed), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ClaimDiffModel::NameColumn).data().toString(), QStringLiteral("roles"));
        QCOMPARE(model.index(0, 0).data(ClaimDiffModel::KindRole).toString(), QStringLiteral("added"));
        model.setShowOnlyMeaningful(false);
        QCOMPARE(model.rowCount(), 11);
        model.setShowOnlyMeaningful(true);
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void directoryTableModel()
    {
        DirectoryTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        TenantGeneratorOptions options;
        options.objects = 60;
        const Directory tenant = generateTenant(options);
        model.setDirectory(&tenant);
        QCOMPARE(model.rowCount(), int(tenant.assignments().size()));
        QVERIFY(model.rowCount() > 0);
        QCOMPARE(model.columnCount(), int(DirectoryTableModel::ColumnCount));
        const QString id = model.index(0, 0).data(DirectoryTableModel::AssignmentIdRole).toString();
        QVERIFY(tenant.assignment(id));

        Directory edited = tenant;
        QVERIFY(edited.removeAssignment(id));
        model.setDirectory(&edited);
        QCOMPARE(model.rowCount(), int(tenant.assignments().size()) - 1);
        model.setDirectory(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModels)
#include "test_models.moc"
