// Names over GUIDs: the directory's names for findings, notes and details.
#include "directory/directory.h"
#include "directory/objectnames.h"

#include <QTest>

using namespace idex;

namespace {
const QString kAppId = QStringLiteral("3f2a8c1d-1111-4222-8333-444455556666");
const QString kSpId = QStringLiteral("9b1c2d3e-1111-4222-8333-444455556666");
const QString kRoleId = QStringLiteral("c0ffee00-1111-4222-8333-444455556666");
const QString kCaller = QStringLiteral("5eed0000-0000-4000-8000-000000000101");

Directory sample()
{
    Directory directory;
    Application app;
    app.id = QStringLiteral("a0a0a0a0-1111-4222-8333-444455556666");
    app.appId = kAppId;
    app.displayName = QStringLiteral("aad-func");
    app.identifierUris = { QStringLiteral("api://aad-func") };
    AppRole role;
    role.id = kRoleId;
    role.value = QStringLiteral("DoAll");
    app.appRoles = { role };
    directory.addApplication(app);
    ServicePrincipal sp;
    sp.id = kSpId;
    sp.appId = kAppId;
    sp.displayName = QStringLiteral("aad-func");
    directory.addServicePrincipal(sp);
    ServicePrincipal caller;
    caller.id = kCaller;
    caller.appId = QStringLiteral("5eed0000-0000-4000-8000-000000000102");
    caller.displayName = QStringLiteral("caller-func");
    caller.servicePrincipalType = QStringLiteral("ManagedIdentity");
    directory.addServicePrincipal(caller);
    return directory;
}
} // namespace

class TestObjectNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void describesKnownValues()
    {
        const ObjectNames names = ObjectNames::of(sample());
        QCOMPARE(names.describe(kAppId), QStringLiteral("aad-func (api://aad-func, 3f2a8c1d\u2026)"));
        QCOMPARE(names.describe(kAppId.toUpper()), names.describe(kAppId)); // GUIDs ignore case
        QCOMPARE(names.describe(QStringLiteral("api://aad-func/")), names.describe(kAppId));
        QCOMPARE(names.describe(QStringLiteral("api://aad-func/.default")), names.describe(kAppId));
        QCOMPARE(names.describe(kSpId), QStringLiteral("aad-func (api://aad-func, 9b1c2d3e\u2026)"));
        QCOMPARE(names.describe(kCaller), QStringLiteral("caller-func (5eed0000\u2026)"));
        QCOMPARE(names.describe(kRoleId), QStringLiteral("app role DoAll (c0ffee00\u2026)"));
        QCOMPARE(names.describe(QStringLiteral("https://vault.azure.net")), QStringLiteral("https://vault.azure.net"));
        QVERIFY(!names.find(QStringLiteral("00000000-0000-0000-0000-000000000000")));
    }

    void annotatesKnownGuidsInText()
    {
        const ObjectNames names = ObjectNames::of(sample());
        const QString unknown = QStringLiteral("12345678-aaaa-4bbb-8ccc-1234567890ab");
        const QString text
            = QStringLiteral("Assign %1 on %2 to %3; %4 is not known.").arg(kRoleId, kSpId, kCaller, unknown);
        QCOMPARE(names.annotate(text),
            QStringLiteral("Assign app role DoAll (c0ffee00\u2026) on aad-func (9b1c2d3e\u2026) to caller-func "
                           "(5eed0000\u2026); %1 is not known.")
                .arg(unknown));
        QCOMPARE(ObjectNames().annotate(text), text);
        QCOMPARE(names.annotate(QStringLiteral("no ids here")), QStringLiteral("no ids here"));
    }

    void firstNameWins()
    {
        ObjectNames names;
        names.add(kAppId, { QStringLiteral("first"), {}, kAppId });
        names.add(kAppId, { QStringLiteral("second"), {}, kAppId });
        names.add(QString(), { QStringLiteral("nothing"), {}, {} });
        names.add(kSpId, { QString(), {}, kSpId }); // no name: nothing to say
        QCOMPARE(names.find(kAppId)->name, QStringLiteral("first"));
        QVERIFY(!names.find(kSpId));
        QCOMPARE(ObjectNames::shortGuid(kAppId), QStringLiteral("3f2a8c1d\u2026"));
    }
};

QTEST_GUILESS_MAIN(TestObjectNames)
#include "test_objectnames.moc"
