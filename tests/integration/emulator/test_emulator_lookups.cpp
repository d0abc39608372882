// The scenario look-ups and text helpers every token request goes through: their fast paths (an ASCII
// case-insensitive compare, eight bytes tested at once, one-allocation concatenation) must answer exactly what the
// plain Qt calls they replaced answer.
#include "emulator/jsontemplate.h"
#include "emulator/scenario.h"

#include <QRandomGenerator>
#include <QTest>

using namespace idex;
using namespace idex::emulator;

class TestEmulatorLookups : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servicePrincipalNamesIgnoreCaseAsQtDoes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("asked");
        auto row = [](const char *tag, const char *name, const char *asked) {
            QTest::addRow("%s", tag) << QString::fromUtf8(name) << QString::fromUtf8(asked);
        };
        row("same", "https://vault.azure.net", "https://vault.azure.net");
        row("upper", "https://vault.azure.net", "HTTPS://VAULT.Azure.NET");
        row("trailing slash", "https://vault.azure.net/", "https://VAULT.azure.net");
        row("longer", "https://vault.azure.net", "https://vault.azure.nett");
        row("shorter", "https://vault.azure.net", "https://vault.azure.ne");
        row("other letter", "api://one", "api://onf");
        row("brackets are not letters", "api://a[b", "api://a{b");
        row("at and backquote", "api://a@b", "api://a`b");
        row("accented", "api://caf\u00e9", "api://CAF\u00c9");
        row("accented other", "api://caf\u00e9", "api://CAF\u00c8");
        row("kelvin sign", "api://kelvin", "api://\u212aelvin"); // KELVIN SIGN folds to 'k'
        row("long s", "api://strict", "api://\u017ftrict"); // LONG S folds to 's'
        row("greek", "api://\u03c3\u03b1", "api://\u03a3\u0391");
        row("surrogate pairs", "api://\U00010428x", "api://\U00010400x"); // DESERET LONG I, small and capital
        row("surrogate pairs differ", "api://\U00010428x", "api://\U00010401x");
    }

    void servicePrincipalNamesIgnoreCaseAsQtDoes()
    {
        QFETCH(QString, name);
        QFETCH(QString, asked);
        Scenario scenario;
        ServicePrincipal sp;
        sp.id = QStringLiteral("00000000-0000-0000-0000-0000000000aa");
        sp.servicePrincipalType = QStringLiteral("Application");
        sp.servicePrincipalNames = { name };
        scenario.servicePrincipals = { sp };
        auto chopped = [](QString text) {
            while (text.endsWith(u'/'))
                text.chop(1);
            return text;
        };
        const bool qtSays = chopped(name).compare(chopped(asked), Qt::CaseInsensitive) == 0;
        QCOMPARE(scenario.servicePrincipalForResource(asked) != nullptr, qtSays);
    }

    void idsIgnoreCase()
    {
        Scenario scenario;
        Identity identity;
        identity.clientId = QStringLiteral("5eed0000-aaaa-4000-8000-00000000000c");
        identity.principalId = QStringLiteral("5eed0000-bbbb-4000-8000-00000000000d");
        scenario.identities = { identity };
        QVERIFY(scenario.identityByClientId(QStringLiteral("5EED0000-AAAA-4000-8000-00000000000C")));
        QVERIFY(scenario.identityByPrincipalId(QStringLiteral("5eed0000-BBBB-4000-8000-00000000000d")));
        QVERIFY(!scenario.identityByClientId(QStringLiteral("5eed0000-aaaa-4000-8000-00000000000e")));
        QVERIFY(!scenario.identityByClientId(QStringLiteral("5eed0000-aaaa-4000-8000-00000000000")));
    }

    void plainJsonTextAtEveryPosition()
    {
        const QByteArray plain = "abcXYZ019-_.~";
        for (int size = 0; size <= 40; ++size) {
            QByteArray text(size, 'a');
            for (int i = 0; i < size; ++i)
                text[i] = plain.at(i % plain.size());
            QVERIFY(isPlainJsonText(text));
            for (int bad = 0; bad < size; ++bad) {
                for (const char c : { '"', '\\', '\n', '\0', ' ', '+', '/', '=', char(0xc3) }) {
                    QByteArray spoiled = text;
                    spoiled[bad] = c;
                    QVERIFY2(
                        !isPlainJsonText(spoiled), qPrintable(QStringLiteral("size %1, byte %2").arg(size).arg(bad)));
                }
            }
        }
    }

    void concatenatedJoinsInOrder()
    {
        QCOMPARE(concatenated({}), QByteArray());
        QCOMPARE(concatenated({ "head", ".", QByteArray("payload") }), QByteArray("head.payload"));
        QCOMPARE(concatenated({ QByteArray(), "x", QByteArrayView() }), QByteArray("x"));
        const QByteArray big(5000, 'z');
        QCOMPARE(concatenated({ "\"", big, "\"" }), QByteArray('"' + big + '"'));
    }
};

QTEST_GUILESS_MAIN(TestEmulatorLookups)
#include "test_emulator_lookups.moc"
