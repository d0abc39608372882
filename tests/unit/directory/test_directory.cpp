#include "directory/directory.h"
#include "directory/directoryjson.h"
#include "directory/snapshot.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

namespace {
// A small tenant in Graph's own JSON shapes: the classic walkthrough (a function app's system-assigned identity
// holds DoAll on an API) plus a user-assigned identity with no assignment.
QJsonObject graphObject(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

Directory walkthrough()
{
    Directory d;
    d.tenantId = QStringLiteral("tenant-1");
    d.addApplication(directoryjson::applicationFromJson(graphObject(
        "{\"id\":\"app-obj-1\",\"appId\":\"API-APPID\",\"displayName\":\"Protected API\","
        "\"identifierUris\":[\"api://protected-api\"],\"api\":{\"requestedAccessTokenVersion\":2},"
        "\"appRoles\":[{\"id\":\"ROLE-DOALL\",\"value\":\"DoAll\",\"displayName\":\"Do "
        "all\",\"description\":\"Everything\","
        "\"allowedMemberTypes\":[\"Application\"],\"isEnabled\":true},"
        "{\"id\":\"role-read\",\"value\":\"Read\",\"allowedMemberTypes\":[\"User\"],\"isEnabled\":false}]}")));
    d.addServicePrincipal(directoryjson::servicePrincipalFromJson(graphObject(
        "{\"id\":\"sp-api\",\"appId\":\"api-appid\",\"displayName\":\"Protected "
        "API\",\"servicePrincipalType\":\"Application\","
        "\"servicePrincipalNames\":[\"api-appid\",\"api://protected-api\"],\"appRoleAssignmentRequired\":true}")));
    d.addServicePrincipal(directoryjson::servicePrincipalFromJson(graphObject(
        "{\"id\":\"57907bf8-73fa-43a6-89a5-1f603e29e452\",\"appId\":\"1437b558-aa5c-48b2-9d6d-173e6dec518f\","
        "\"displayName\":\"VM2\","
        "\"servicePrincipalType\":\"ManagedIdentity\",\"alternativeNames\":[\"isExplicit=False\","
        "\"/subscriptions/fc3ca501/resourcegroups/VM/providers/Microsoft.Compute/virtualMachines/VM2\"]}")));
    d.addServicePrincipal(directoryjson::servicePrincipalFromJson(
        graphObject("{\"id\":\"sp-uami\",\"appId\":\"uami-appid\",\"displayName\":\"reader\",\"servicePrincipalType\":"
                    "\"ManagedIdentity\","
                    "\"alternativeNames\":[\"isExplicit=True\",\"/subscriptions/s/resourcegroups/rg/providers/"
                    "Microsoft.ManagedIdentity/userAssignedIdentities/reader\"]}")));
    d.addAssignment(directoryjson::assignmentFromJson(
        graphObject("{\"id\":\"-WmtM5na7Uus0D8kI1yylpU9Mdo0Pb9OoBJvd3T5eKc\",\"appRoleId\":\"role-doall\","
                    "\"createdDateTime\":\"2021-02-15T16:14:59.8643039Z\","
                    "\"principalDisplayName\":\"VM2\",\"principalId\":\"57907BF8-73FA-43A6-89A5-1F603E29E452\","
                    "\"principalType\":\"ServicePrincipal\","
                    "\"resourceDisplayName\":\"Protected API\",\"resourceId\":\"sp-api\"}")));
    d.addGrant(directoryjson::grantFromJson(
        graphObject("{\"id\":\"g1\",\"clientId\":\"sp-uami\",\"consentType\":\"AllPrincipals\",\"principalId\":null,"
                    "\"resourceId\":\"sp-api\",\"scope\":\"a b\"}")));
    return d;
}
} // namespace

class TestDirectory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lookupsAreCaseInsensitive()
    {
        const Directory d = walkthrough();
        QCOMPARE(d.objectCount(), 4);
        QVERIFY(d.applicationByAppId(QStringLiteral("api-appid")));
        QCOMPARE(d.servicePrincipalByAppId(QStringLiteral("API-APPID"))->id, QStringLiteral("sp-api"));
        QVERIFY(d.servicePrincipal(QStringLiteral("57907BF8-73FA-43A6-89A5-1F603E29E452")));
        QVERIFY(!d.servicePrincipal(QStringLiteral("nope")));
        QCOMPARE(d.displayNameOf(QStringLiteral("sp-uami")), QStringLiteral("reader"));
    }

    void managedIdentityKinds()
    {
        const Directory d = walkthrough();
        const ServicePrincipal *vm = d.servicePrincipal(QStringLiteral("57907bf8-73fa-43a6-89a5-1f603e29e452"));
        QCOMPARE(vm->managedIdentityKind(), ServicePrincipal::ManagedIdentityKind::SystemAssigned);
        QVERIFY(vm->armResourceId().endsWith(QLatin1String("virtualMachines/VM2")));
        const ServicePrincipal *ua = d.servicePrincipal(QStringLiteral("sp-uami"));
        QCOMPARE(ua->managedIdentityKind(), ServicePrincipal::ManagedIdentityKind::UserAssigned);
        QCOMPARE(ua->kindLabel(), QStringLiteral("Managed identity (user-assigned)"));
        QCOMPARE(d.servicePrincipal(QStringLiteral("sp-api"))->managedIdentityKind(),
            ServicePrincipal::ManagedIdentityKind::NotManaged);
    }

    void rolesComeFromTheRegistrationWhenThePrincipalHasNone()
    {
        const Directory d = walkthrough();
        const auto doAll = d.role(QStringLiteral("SP-API"), QStringLiteral("role-doall"));
        QVERIFY(doAll);
        QCOMPARE(doAll->value, QStringLiteral("DoAll"));
        QVERIFY(doAll->allowsApplications());
        QVERIFY(!d.roleByValue(QStringLiteral("sp-api"), QStringLiteral("Read"))->isEnabled);
        QVERIFY(!d.roleByValue(QStringLiteral("sp-api"), QStringLiteral("Missing")));
        QCOMPARE(d.applicationByAppId(QStringLiteral("api-appid"))->effectiveTokenVersion(), 2);
    }

    void assignmentIndexes()
    {
        Directory d = walkthrough();
        const QString vm = QStringLiteral("57907bf8-73fa-43a6-89a5-1f603e29e452");
        QCOMPARE(d.assignmentsHeldBy(vm).size(), 1);
        QCOMPARE(d.assignmentsOn(QStringLiteral("sp-api")).size(), 1);
        QCOMPARE(d.assignmentsFor(vm, QStringLiteral("sp-api"), QStringLiteral("ROLE-DOALL")).size(), 1);
        QCOMPARE(
            d.assignmentsFor(QStringLiteral("sp-uami"), QStringLiteral("sp-api"), QStringLiteral("role-doall")).size(),
            0);
        // Graph's seven fractional digits still give the right instant.
        const AppRoleAssignment *a = d.assignmentsHeldBy(vm).first();
        QCOMPARE(a->createdDateTime, QDateTime(QDate(2021, 2, 15), QTime(16, 14, 59, 864), Qt::UTC));

        QVERIFY(d.removeAssignment(a->id));
        QCOMPARE(d.assignmentsHeldBy(vm).size(), 0);
        QVERIFY(!d.removeAssignment(QStringLiteral("-WmtM5na7Uus0D8kI1yylpU9Mdo0Pb9OoBJvd3T5eKc")));
    }

    void audienceResolution_data()
    {
        QTest::addColumn<QString>("audience");
        QTest::addColumn<QString>("expected");
        QTest::addRow("appId") << QStringLiteral("api-appid") << QStringLiteral("sp-api");
        QTest::addRow("identifierUri") << QStringLiteral("api://protected-api") << QStringLiteral("sp-api");
        QTest::addRow("trailing slash") << QStringLiteral("api://protected-api/") << QStringLiteral("sp-api");
        QTest::addRow(".default scope") << QStringLiteral("api://protected-api/.default") << QStringLiteral("sp-api");
        QTest::addRow("unknown") << QStringLiteral("https://graph.microsoft.com") << QString();
        QTest::addRow("empty") << QString() << QString();
    }
    void audienceResolution()
    {
        QFETCH(QString, audience);
        QFETCH(QString, expected);
        const Directory d = walkthrough();
        const ServicePrincipal *sp = d.servicePrincipalForAudience(audience);
        QCOMPARE(sp ? sp->id : QString(), expected);
    }

    void snapshotRoundTrip()
    {
        const Directory d = walkthrough();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tenant.json"));
        QString error;
        QVERIFY2(snapshot::writeFile(path, d, &error), qPrintable(error));
        Directory back;
        QVERIFY2(snapshot::readFile(path, back, &error), qPrintable(error));
        QCOMPARE(back.tenantId, d.tenantId);
        QCOMPARE(back.applications().size(), 1);
        QCOMPARE(back.servicePrincipals().size(), 3);
        QCOMPARE(back.assignments().size(), 1);
        QCOMPARE(back.grants().size(), 1);
        QCOMPARE(back.grants().first().scopes(), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QVERIFY(back.grants().first().principalId.isEmpty());
        QCOMPARE(back.applications().first().requestedAccessTokenVersion, std::optional<int>(2));
        QCOMPARE(back.assignments().first().createdDateTime, d.assignments().first().createdDateTime);
        QCOMPARE(back.servicePrincipal(QStringLiteral("sp-uami"))->alternativeNames,
            d.servicePrincipal(QStringLiteral("sp-uami"))->alternativeNames);
        QVERIFY(back.servicePrincipal(QStringLiteral("sp-api"))->appRoleAssignmentRequired);
        QCOMPARE(back.applications().first().appRoles.size(), 2);
        QVERIFY(!back.applications().first().appRoles.at(1).isEnabled);
        // Writing what was read gives the same objects again.
        QCOMPARE(QJsonDocument::fromJson(snapshot::toJson(back)).object().value(QLatin1String("servicePrincipals")),
            QJsonDocument::fromJson(snapshot::toJson(d)).object().value(QLatin1String("servicePrincipals")));
    }

    void badSnapshotsAreExplained_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("message");
        QTest::addRow("not json") << QByteArray("{oops") << QStringLiteral("not valid JSON");
        QTest::addRow("array") << QByteArray("[]") << QStringLiteral("top level must be a JSON object");
        QTest::addRow("other format") << QByteArray("{\"format\":\"x\"}") << QStringLiteral("\"format\" must be");
        QTest::addRow("future version") << QByteArray("{\"format\":\"identity-explorer/directory\",\"version\":9}")
                                        << QStringLiteral("unsupported snapshot version 9");
        QTest::addRow("bad array") << QByteArray(
            "{\"format\":\"identity-explorer/directory\",\"version\":1,\"applications\":{}}")
                                   << QStringLiteral("\"applications\" must be an array");
        QTest::addRow("sp without id") << QByteArray(
            "{\"format\":\"identity-explorer/directory\",\"version\":1,\"servicePrincipals\":[{}]}")
                                       << QStringLiteral("servicePrincipals[0] has no \"id\"");
    }
    void badSnapshotsAreExplained()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, message);
        Directory d = walkthrough();
        QString error;
        QVERIFY(!snapshot::fromJson(data, d, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(d.objectCount(), 4); // untouched on failure
    }

    // The sliced reader must read exactly what the whole-document reader reads: strings holding quotes, backslashes
    // and brackets, escaped keys, members in any order, values of other types, odd whitespace.
    void slicedReaderAgreesWithTheWholeDocument_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("accepted");
        const QByteArray head = "{\"format\":\"identity-explorer/directory\",\"version\":1,";
        QTest::addRow("tricky strings") << head
                + "\"servicePrincipals\":[{\"id\":\"a\\\"]}\",\"displayName\":\"x\\\\\"},"
                  "{\"id\":\"b\",\"displayName\":\"}{][,:\\\\\\\"\"}],"
                  "\"appRoleAssignments\":[{\"id\":\"1\",\"principalId\":\"a\\\"]}\",\"resourceId\":\"B\"}]}"
                                        << true;
        QTest::addRow("escaped key") << head + "\"serv\\u0069cePrincipals\":[{\"id\":\"a\"}]}" << true;
        QTest::addRow("arrays first, whitespace")
            << QByteArray(" \r\n{ \"applications\" :\t[ { \"id\" : \"app\" , \"appRoles\":[[],{}] } ] ,"
                          "\"oauth2PermissionGrants\":[1,\"x\",null,[2],{\"id\":\"g\"}],"
                          "\"format\":\"identity-explorer/directory\",\"version\":1.0,\"extra\":{\"a\":[1,{}]} }\n")
            << true;
        QTest::addRow("duplicate key") << head + "\"applications\":[{\"id\":\"a\"}],\"applications\":[]}" << true;
        QTest::addRow("trailing comma") << head + "\"applications\":[{\"id\":\"a\"},]}" << false;
        QTest::addRow("garbage after") << head + "\"applications\":[]} x" << false;
        QTest::addRow("bad element") << head + "\"applications\":[{\"id\":\"a\",}]}" << false;
        QTest::addRow("bad scalar") << head + "\"grants\":tru,\"applications\":[]}" << false;
        QTest::addRow("unterminated") << head + "\"applications\":[{\"id\":\"a\\\"}]}" << false;
        QTest::addRow("deep") << head + "\"applications\":[" + QByteArray(1100, '[') + QByteArray(1100, ']') + "]}"
                              << false;
        QTest::addRow("missing id late") << head + "\"applications\":[{\"id\":\"a\"},{\"id\":\"\"}]}" << false;
        QByteArray many = head + "\"servicePrincipals\":[";
        for (int i = 0; i < 3000; ++i)
            many += (i ? "," : "") + QByteArray("{\"id\":\"SP-") + QByteArray::number(i) + "\",\"displayName\":\"n\\\""
                + QByteArray::number(i % 7) + "\"}";
        QTest::addRow("many, on several threads") << many + "]}" << true;
    }
    void slicedReaderAgreesWithTheWholeDocument()
    {
        QFETCH(QByteArray, data);
        QFETCH(bool, accepted);
        Directory sliced;
        Directory whole;
        QString slicedError;
        QString wholeError;
        QCOMPARE(snapshot::fromJson(data, sliced, &slicedError), accepted);
        QCOMPARE(snapshot::fromJsonWhole(data, whole, &wholeError), accepted);
        QCOMPARE(slicedError, wholeError);
        auto written = [](const Directory &d) {
            QJsonObject json = QJsonDocument::fromJson(snapshot::toJson(d)).object();
            json.remove(QLatin1String("exportedAt"));
            return json;
        };
        QCOMPARE(written(sliced), written(whole));
        QCOMPARE(sliced.objectCount(), whole.objectCount());
        for (const ServicePrincipal &sp : whole.servicePrincipals())
            QVERIFY(sliced.servicePrincipal(sp.id));
    }

    void missingFileIsExplained()
    {
        Directory d;
        QString error;
        QVERIFY(!snapshot::readFile(QStringLiteral("/nonexistent/x.json"), d, &error));
        QVERIFY(error.contains(QLatin1String("cannot read")));
    }
};

QTEST_GUILESS_MAIN(TestDirectory)
#include "test_directory.moc"
