// The identity picker's list: user-assigned identities by name, from the scenario and the directory, each once.
#include "directory/directory.h"
#include "emulator/scenario.h"
#include "session/identitychoices.h"

#include <QTest>

using namespace idex;

class TestIdentityChoices : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenarioThenDirectoryEachOnceByName()
    {
        emulator::Scenario scenario;
        emulator::Identity system;
        system.kind = emulator::Identity::Kind::System;
        system.name = QStringLiteral("caller-func");
        system.clientId = QStringLiteral("11111111-0000-0000-0000-000000000001");
        emulator::Identity reader;
        reader.kind = emulator::Identity::Kind::User;
        reader.name = QStringLiteral("reader-identity");
        reader.clientId = QStringLiteral("22222222-0000-0000-0000-000000000002");
        reader.principalId = QStringLiteral("33333333-0000-0000-0000-000000000003");
        reader.resourceId = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/"
                                           "Microsoft.ManagedIdentity/userAssignedIdentities/reader-identity");
        emulator::Identity detached = reader;
        detached.name = QStringLiteral("another-identity");
        detached.clientId = QStringLiteral("44444444-0000-0000-0000-000000000004");
        detached.attached = false;
        scenario.identities = { system, reader, detached };

        Directory directory;
        ServicePrincipal same; // the scenario's reader again, as Graph shows it: listed once
        same.id = reader.principalId;
        same.appId = reader.clientId.toUpper();
        same.displayName = reader.name;
        same.servicePrincipalType = QStringLiteral("ManagedIdentity");
        same.alternativeNames = { QStringLiteral("isExplicit=True"), reader.resourceId };
        ServicePrincipal other = same;
        other.id = QStringLiteral("55555555-0000-0000-0000-000000000005");
        other.appId = QStringLiteral("66666666-0000-0000-0000-000000000006");
        other.displayName = QStringLiteral("backup-identity");
        other.alternativeNames = { QStringLiteral("isExplicit=True"), QStringLiteral("/subscriptions/s/x/backup") };
        ServicePrincipal systemSp = same;
        systemSp.appId = QStringLiteral("77777777-0000-0000-0000-000000000007");
        systemSp.alternativeNames = { QStringLiteral("isExplicit=False") };
        ServicePrincipal app;
        app.appId = QStringLiteral("88888888-0000-0000-0000-000000000008");
        app.servicePrincipalType = QStringLiteral("Application");
        for (const ServicePrincipal &sp : { same, other, systemSp, app })
            directory.addServicePrincipal(sp);

        const QList<IdentityChoice> choices = identityChoices(&scenario, &directory);
        QCOMPARE(choices.size(), 3);
        QCOMPARE(choices.at(0).name, QStringLiteral("another-identity"));
        QVERIFY(!choices.at(0).attached);
        QVERIFY(choices.at(0).label().contains(QStringLiteral("not attached")));
        QCOMPARE(choices.at(1).name, QStringLiteral("reader-identity"));
        QCOMPARE(choices.at(1).clientId, reader.clientId);
        QCOMPARE(choices.at(1).objectId, reader.principalId);
        QCOMPARE(choices.at(1).resourceId, reader.resourceId);
        QCOMPARE(choices.at(1).origin, QStringLiteral("scenario"));
        QCOMPARE(choices.at(2).name, QStringLiteral("backup-identity"));
        QCOMPARE(choices.at(2).origin, QStringLiteral("directory"));
        QCOMPARE(choices.at(2).resourceId, QStringLiteral("/subscriptions/s/x/backup"));
        QCOMPARE(choices.at(1).label(), QStringLiteral("reader-identity \u00b7 client 22222222\u2026"));
    }

    void nothingKnownNothingListed()
    {
        QVERIFY(identityChoices(nullptr, nullptr).isEmpty());
        emulator::Scenario empty;
        Directory none;
        QVERIFY(identityChoices(&empty, &none).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIdentityChoices)
#include "test_identitychoices.moc"
