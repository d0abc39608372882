// The sliced snapshot reader (snapshotreader.h): the file read in blocks and cut into pieces of elements must read
// exactly what the whole-document reader reads, wherever the blocks and pieces are cut, refuse what it refuses with
// its message, and keep the directory small (repeated strings shared, lists taken over whole).
#include "directory/directory.h"
#include "directory/directoryjson.h"
#include "directory/snapshot.h"
#include "directory/snapshotreader.h"
#include "net/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace idex;

namespace {
const QByteArray head = "{\"format\":\"identity-explorer/directory\",\"version\":1,";

// What a directory holds, as the snapshot writer writes it (the export time left out).
QJsonObject written(const Directory &d)
{
    QJsonObject json = QJsonDocument::fromJson(snapshot::toJson(d)).object();
    json.remove(QLatin1String("exportedAt"));
    return json;
}

QByteArray managedIdentity(int i)
{
    const QByteArray n = QByteArray::number(i);
    return "{\"id\":\"mi-" + n + "\",\"appId\":\"app-" + n + "\",\"displayName\":\"id " + n
        + "\",\"servicePrincipalType\":\"ManagedIdentity\",\"alternativeNames\":[\"isExplicit=True\","
          "\"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"
        + n + "\"],\"servicePrincipalNames\":[\"app-" + n + "\",\"https://identity.azure.net/mi-" + n
        + "\"],\"appOwnerOrganizationId\":\"tenant\"}";
}
// The sliced reader alone (no whole-document reader behind it): whether it took the file itself.
bool slicedAlone(const QByteArray &data, qsizetype block, qsizetype piece, Directory &out)
{
    snapshot::SlicedReader reader(0, piece);
    for (qsizetype at = 0; at < data.size(); at += block) {
        if (!reader.feed(QByteArrayView(data).sliced(at, std::min(block, data.size() - at))))
            return false;
    }
    return reader.finish(out);
}
} // namespace

class TestSnapshotReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cutAnywhereReadsTheSame_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<bool>("sliced"); // taken by the sliced reader itself, not passed on to the whole reader
        QTest::addRow("header after the arrays") << QByteArray(
            "{\"servicePrincipals\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"appRoleAssignments\":[{\"id\":\"1\","
            "\"principalId\":\"a\",\"resourceId\":\"b\",\"createdDateTime\":\"2024-02-29T23:59:59.999Z\"}],"
            "\"tenantId\":\"t\",\"format\":\"identity-explorer/directory\",\"version\":1}")
                                                 << true << true;
        QTest::addRow("escapes and brackets in strings")
            << head + "\"applications\":[{\"id\":\"x\\\\\\\"\",\"displayName\":\"]}{[,:\\\\\"}],\"source\":\"s\\\"\"}"
            << true << true;
        QTest::addRow("whitespace everywhere")
            << QByteArray(" \n{ \"format\" :\t\"identity-explorer/directory\" , \"version\" : 1 , \"applications\" "
                          ": [ { \"id\" : \"a\" } ,\r\n { \"id\" : \"b\" , \"appRoles\" : [ [ ] , { } ] } ] }\n ")
            << true << true;
        QTest::addRow("scalars as elements")
            << head + "\"oauth2PermissionGrants\":[1,true,\"x\",null,[2],{}]}" << true << true;
        QTest::addRow("scalar cut short") << head + "\"oauth2PermissionGrants\":[tru]}" << false << false;
        // Cut after its first digit, the version would read 1.
        QTest::addRow("version 10") << QByteArray("{\"format\":\"identity-explorer/directory\",\"version\":10}")
                                    << false << false;
        QTest::addRow("number at the very end") << QByteArray("{\"version\":1") << false << false;
        QTest::addRow("empty") << QByteArray() << false << false;
        QTest::addRow("only whitespace") << QByteArray("  \n ") << false << false;
        QTest::addRow("two objects") << head + "\"applications\":[]}{}" << false << false;
        QTest::addRow("unterminated string") << head + "\"applications\":[{\"id\":\"a}]}" << false << false;
        QTest::addRow("unterminated array") << head + "\"applications\":[{\"id\":\"a\"}" << false << false;
        QTest::addRow("array member not an array") << head + "\"applications\":{\"id\":\"a\"}}" << false << false;
        QTest::addRow("duplicate key") << head + "\"source\":\"a\",\"source\":\"b\"}" << true << false;
        QTest::addRow("assignment without resource")
            << head + "\"appRoleAssignments\":[{\"id\":\"1\",\"principalId\":\"a\"}]}" << false << false;
        QTest::addRow("a 3 MB element") << head + "\"applications\":[{\"id\":\"a\",\"displayName\":\""
                + QByteArray(3 * 1024 * 1024, 'n') + "\"},{\"id\":\"b\"}]}"
                                        << true << true;
        QByteArray many = head + "\"servicePrincipals\":[";
        for (int i = 0; i < 600; ++i)
            many += (i ? "," : "") + managedIdentity(i);
        QTest::addRow("many identities") << many + "]}" << true << true;
    }
    void cutAnywhereReadsTheSame()
    {
        QFETCH(QByteArray, data);
        QFETCH(bool, accepted);
        QFETCH(bool, sliced);
        Directory whole;
        QString wholeError;
        QCOMPARE(snapshot::fromJsonWhole(data, whole, &wholeError), accepted);
        const bool big = data.size() > 100000;
        for (const qsizetype block : { 1, 2, 3, 7, 64, 4096, 1 << 20 }) {
            if (big && block < 4096)
                continue; // a byte at a time through 3 MB proves nothing the small files do not
            for (const qsizetype piece : { 1, 100, 1 << 20 }) {
                Directory read;
                QString readError;
                QCOMPARE(snapshot::fromJsonInBlocks(data, block, piece, read, &readError), accepted);
                QCOMPARE(readError, wholeError);
                QCOMPARE(written(read), written(whole));
                QCOMPARE(read.objectCount(), whole.objectCount());
                Directory alone;
                QCOMPARE(slicedAlone(data, block, piece, alone), sliced);
                if (sliced)
                    QCOMPARE(written(alone), written(whole));
            }
        }
    }

    // The scanner cut at every byte: a unit cut in two (a number, a string, an element, a key) is scanned again
    // when the rest came, never taken short (a version of 10 cut after its 1 must not read 1).
    void theScannerResumesAtEveryCut()
    {
        const QByteArray data = "{\"version\":10,\"source\":\"a\\\"b\",\"applications\":[{\"id\":\"x\"},123,"
                                "[1,[2]] ,\"s\"],\"n\":-1.5e3 ,\"t\":true}";
        auto scan = [&data](qsizetype cut, QStringList &seen) {
            snapshot::StreamScanner scanner(
                { "applications" },
                [&seen](snapshot::Piece &&piece) {
                    for (const snapshot::Slice &slice : piece.elements)
                        seen.append(QString::fromUtf8(piece.bytes.mid(slice.begin, slice.end - slice.begin)));
                    return true;
                },
                1);
            if (!scanner.feed(QByteArrayView(data).first(cut)) || !scanner.feed(QByteArrayView(data).sliced(cut))
                || !scanner.finish())
                return false;
            for (const snapshot::ScalarMember &member : scanner.scalars())
                seen.append(member.name + QLatin1Char('=') + QString::fromUtf8(member.value));
            return true;
        };
        const QStringList expected { QStringLiteral("version=10"), QStringLiteral("source=\"a\\\"b\""),
            QStringLiteral("{\"id\":\"x\"}"), QStringLiteral("123"), QStringLiteral("[1,[2]]"), QStringLiteral("\"s\""),
            QStringLiteral("n=-1.5e3"), QStringLiteral("t=true") };
        for (qsizetype cut = 0; cut <= data.size(); ++cut) {
            QStringList seen;
            QVERIFY2(scan(cut, seen), qPrintable(QString::number(cut)));
            // Elements are handed on as they come, the other members at the end.
            QStringList sorted = seen;
            QStringList wanted = expected;
            sorted.sort();
            wanted.sort();
            QCOMPARE(sorted, wanted);
        }
    }

    void readFileReadsWhatTheWholeDocumentReads_data() { cutAnywhereReadsTheSame_data(); }
    void readFileReadsWhatTheWholeDocumentReads()
    {
        QFETCH(QByteArray, data);
        QFETCH(bool, accepted);
        QFETCH(bool, sliced);
        Q_UNUSED(sliced);
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("tenant.json")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(data) == data.size());
        file.close();
        Directory whole;
        QString wholeError;
        QCOMPARE(snapshot::fromJsonWhole(data, whole, &wholeError), accepted);
        Directory read;
        QString readError;
        QCOMPARE(snapshot::readFile(file.fileName(), read, &readError), accepted);
        if (accepted) {
            QCOMPARE(written(read).value(QLatin1String("servicePrincipals")),
                written(whole).value(QLatin1String("servicePrincipals")));
            QCOMPARE(read.objectCount(), whole.objectCount());
            QCOMPARE(read.assignments().size(), whole.assignments().size());
        } else {
            QCOMPARE(readError, QStringLiteral("tenant.json: ") + wholeError);
        }
    }

    void fileErrorsAreTheBoundedReadersOwn()
    {
        Directory d;
        QString error;
        QVERIFY(!snapshot::readFile(QDir::tempPath(), d, &error));
        QCOMPARE(error, readBoundedFile(QDir::tempPath(), fileLimits::snapshot).error);
        QTemporaryDir dir;
        QFile sparse(dir.filePath(QStringLiteral("huge.json")));
        QVERIFY(sparse.open(QIODevice::WriteOnly));
        if (!sparse.resize(fileLimits::snapshot.maxBytes + 1))
            QSKIP("the file system cannot make a sparse file");
        sparse.close();
        QVERIFY(!snapshot::readFile(sparse.fileName(), d, &error));
        QCOMPARE(error, sparse.fileName() + QStringLiteral(" is larger than 512 MB, the limit for a snapshot"));
    }

    // 88,000 identities each allocating "ManagedIdentity", "isExplicit=True" and their appId twice made a large
    // tenant's directory a tenth bigger: the reader shares them, and the values stay the same.
    void repeatedStringsShareOneBuffer()
    {
        QByteArray data = head + "\"servicePrincipals\":[";
        for (int i = 0; i < 1500; ++i) // several pieces, on every worker
            data += (i ? "," : "") + managedIdentity(i);
        data += "],\"appRoleAssignments\":[";
        for (int i = 0; i < 1500; ++i)
            data += QByteArray(i ? "," : "") + "{\"id\":\"a" + QByteArray::number(i)
                + "\",\"principalId\":\"mi-1\",\"principalType\":\"ServicePrincipal\",\"resourceId\":\"mi-2\"}";
        data += "]}";
        Directory d;
        QString error;
        QVERIFY2(snapshot::fromJsonInBlocks(data, 4096, 16 * 1024, d, &error), qPrintable(error));
        QCOMPARE(d.servicePrincipals().size(), 1500);
        qsizetype sharedTypes = 0;
        qsizetype sharedFlags = 0;
        const ServicePrincipal &first = d.servicePrincipals().first();
        for (const ServicePrincipal &sp : d.servicePrincipals()) {
            QCOMPARE(sp.servicePrincipalType, QStringLiteral("ManagedIdentity"));
            QCOMPARE(sp.servicePrincipalNames.first(), sp.appId);
            QCOMPARE(sp.servicePrincipalNames.first().constData(), sp.appId.constData());
            QCOMPARE(sp.managedIdentityKind(), ServicePrincipal::ManagedIdentityKind::UserAssigned);
            sharedTypes += sp.servicePrincipalType.constData() == first.servicePrincipalType.constData();
            sharedFlags += sp.alternativeNames.first().constData() == first.alternativeNames.first().constData();
        }
        // Each worker thread has its own pool, so the piece of another worker may hold another copy.
        QVERIFY2(sharedTypes > 1500 / 8, qPrintable(QString::number(sharedTypes)));
        QVERIFY2(sharedFlags > 1500 / 8, qPrintable(QString::number(sharedFlags)));
        QCOMPARE(d.assignmentsHeldBy(QStringLiteral("MI-1")).size(), 1500);
    }

    // addAll, which the reader uses, gives the same directory as adding one by one (the later of two equal ids wins
    // the lookup, in both).
    void addAllMatchesAddingOneByOne()
    {
        auto application = [](const char *id, const char *appId, const char *name) {
            Application app;
            app.id = QString::fromLatin1(id);
            app.appId = QString::fromLatin1(appId);
            app.displayName = QString::fromLatin1(name);
            return app;
        };
        const QList<Application> apps { application("a", "A1", "one"), application("A", "a2", "two") };
        QList<ServicePrincipal> sps;
        for (const char *id : { "s1", "S2", "s1" }) {
            ServicePrincipal sp;
            sp.id = QString::fromLatin1(id);
            sp.appId = sp.id + QLatin1String("-app");
            sp.displayName = QStringLiteral("%1 #%2").arg(sp.id).arg(sps.size());
            sps.append(sp);
        }
        QList<AppRoleAssignment> assignments;
        for (int i = 0; i < 5; ++i) {
            AppRoleAssignment a;
            a.id = QStringLiteral("x%1").arg(i % 4);
            a.principalId = i % 2 ? QStringLiteral("S1") : QStringLiteral("s2");
            a.resourceId = QStringLiteral("s1");
            assignments.append(a);
        }
        Directory oneByOne;
        for (const Application &a : apps)
            oneByOne.addApplication(a);
        for (const ServicePrincipal &sp : sps)
            oneByOne.addServicePrincipal(sp);
        for (const AppRoleAssignment &a : assignments)
            oneByOne.addAssignment(a);
        Directory all;
        all.addApplication(application("before", "", "before"));
        all.addAll(QList<Application>(apps), QList<ServicePrincipal>(sps), QList<AppRoleAssignment>(assignments), {});
        QCOMPARE(all.applications().size(), 3);
        QCOMPARE(
            all.application(QStringLiteral("a"))->displayName, oneByOne.application(QStringLiteral("a"))->displayName);
        QCOMPARE(all.applicationByAppId(QStringLiteral("A2"))->displayName, QStringLiteral("two"));
        QVERIFY(all.application(QStringLiteral("before")));
        QCOMPARE(all.servicePrincipal(QStringLiteral("S1"))->displayName, QStringLiteral("s1 #2"));
        QCOMPARE(all.servicePrincipal(QStringLiteral("s1"))->displayName,
            oneByOne.servicePrincipal(QStringLiteral("s1"))->displayName);
        QCOMPARE(all.assignmentsHeldBy(QStringLiteral("s1")).size(),
            oneByOne.assignmentsHeldBy(QStringLiteral("s1")).size());
        QCOMPARE(all.assignmentsHeldBy(QStringLiteral("S2")).size(), 3);
        QCOMPARE(all.assignmentsOn(QStringLiteral("S1")).size(), 5);
        QCOMPARE(all.assignment(QStringLiteral("x0")), &all.assignments().at(4));
        QCOMPARE(oneByOne.assignment(QStringLiteral("x0")), &oneByOne.assignments().at(4));
    }

    // The canonical "...T12:30:00.000Z" is read without QDateTime's parser; every text must still give what that
    // parser gives (times that do not exist and other shapes go through it).
    void datesReadAsQtReadsThem_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *text : { "2024-05-01T12:30:00.000Z", "2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00.000Z",
                 "2024-01-01T24:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-05-01T12:30:60.000Z",
                 "0000-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                 "2024-05-01T12:30:00.000+", "2024-05-01T12:30:00,000Z", "2024-05-01T12:30:00.000z",
                 "2024-05-01 12:30:00.000Z", "2021-02-15T16:14:59.8643039Z", "2024-05-01T12:30:00Z",
                 "2024-05-01T12:30:00.000+02:00",
                 "\xd9\xa2"
                 "024-05-01T12:30:00.000Z" })
            QTest::addRow("%s", text) << QString::fromUtf8(text);
    }
    void datesReadAsQtReadsThem()
    {
        QFETCH(QString, text);
        QJsonObject json { { QStringLiteral("createdDateTime"), text } };
        const QDateTime read = directoryjson::assignmentFromJson(json).createdDateTime;
        QDateTime expected = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!expected.isValid())
            expected = QDateTime::fromString(text, Qt::ISODate);
        if (!expected.isValid() && text.indexOf(u'.') > 0)
            expected = QDateTime::fromString(text.left(text.indexOf(u'.') + 4) + QLatin1Char('Z'), Qt::ISODateWithMs);
        expected = expected.toUTC();
        QCOMPARE(read.isValid(), expected.isValid());
        QCOMPARE(read, expected);
        if (read.isValid())
            QCOMPARE(read.timeSpec(), Qt::UTC);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotReader)
#include "test_snapshotreader.moc"
