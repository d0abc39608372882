// The Graph reader and the assignment editor over real loopback HTTP against the emulator's Graph subset: paging,
// throttling, 401/403 explanations, cancel, snapshot round trips and live assignment edits.
#include "directory/assignmenteditor.h"
#include "directory/directorygraph.h"
#include "directory/graphreader.h"
#include "directory/snapshot.h"
#include "emulator/emulator.h"
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <limits>

using namespace idex;

class TestGraphReader : public QObject
{
    Q_OBJECT
private:
    emulator::Emulator m_emulator;
    HttpClient m_http;

    const emulator::Identity &identity(const char *name) const
    {
        return *m_emulator.scenario().identityByName(QString::fromLatin1(name));
    }
    // A Graph token from the emulator's IMDS route, exactly as a VM would get one.
    QString graphToken(const char *identityName)
    {
        QUrl url = m_emulator.baseUrl();
        url.setPath(QStringLiteral("/metadata/identity/oauth2/token"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("api-version"), QStringLiteral("2018-02-01"));
        q.addQueryItem(QStringLiteral("resource"), QStringLiteral("https://graph.microsoft.com"));
        q.addQueryItem(QStringLiteral("client_id"), identity(identityName).clientId);
        url.setQuery(q);
        HttpRequest request;
        request.url = url;
        request.setHeader("Metadata", "true");
        const HttpExchange ex = m_http.sendAndWait(request);
        return QJsonDocument::fromJson(ex.response.body).object().value(QLatin1String("access_token")).toString();
    }
    GraphReaderOptions options(const QString &token)
    {
        GraphReaderOptions o;
        QUrl base = m_emulator.baseUrl();
        base.setPath(QStringLiteral("/v1.0/"));
        o.baseUrl = base;
        o.accessToken = token;
        o.retryDelayScale = 0.001; // a 5 s Retry-After becomes 5 ms; the waits are still counted in full
        return o;
    }
    GraphLoadResult load(const GraphReaderOptions &o, QList<GraphLoadProgress> *progress = nullptr)
    {
        GraphReader reader(m_http);
        QSignalSpy finished(&reader, &GraphReader::finished);
        QList<GraphLoadProgress> seen;
        connect(&reader, &GraphReader::progress, this, [&seen](const GraphLoadProgress &p) { seen.append(p); });
        reader.start(o);
        if (!finished.wait(20000))
            return {};
        if (progress)
            *progress = seen;
        [&] { QCOMPARE(finished.size(), 1); }();
        return finished.first().first().value<GraphLoadResult>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<GraphLoadResult>();
        qRegisterMetaType<GraphLoadProgress>();
        qRegisterMetaType<AssignmentEditResult>();
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        QCOMPARE(m_emulator.baseUrl().host(), QStringLiteral("127.0.0.1"));
    }

    void init() { m_emulator.clearFaults(); }

    void readsTheSeedDirectory()
    {
        const QString token = graphToken("idex-reader");
        QVERIFY(!token.isEmpty());
        QList<GraphLoadProgress> progress;
        const GraphLoadResult r = load(options(token), &progress);
        QVERIFY2(r.ok, qPrintable(r.error));
        const emulator::Scenario &s = m_emulator.scenario();
        QCOMPARE(r.directory.applications().size(), s.applications.size());
        QCOMPARE(r.directory.servicePrincipals().size(), s.servicePrincipals.size());
        QCOMPARE(r.directory.assignments().size(), s.appRoleAssignments.size());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().objects, r.stats.objects);

        // The walkthrough: caller-func's system-assigned identity holds DoAll on aad-func.
        const Application *func
            = r.directory.applicationByAppId(s.applicationByName(QStringLiteral("aad-func"))->appId);
        QVERIFY(func);
        const ServicePrincipal *funcSp = r.directory.servicePrincipalByAppId(func->appId);
        QVERIFY(funcSp);
        const ServicePrincipal *caller = r.directory.servicePrincipal(identity("caller-func").principalId);
        QVERIFY(caller);
        QCOMPARE(caller->managedIdentityKind(), ServicePrincipal::ManagedIdentityKind::SystemAssigned);
        const auto doAll = r.directory.roleByValue(funcSp->id, QStringLiteral("DoAll"));
        QVERIFY(doAll);
        QCOMPARE(r.directory.assignmentsFor(caller->id, funcSp->id, doAll->id).size(), 1);
        QCOMPARE(r.directory.servicePrincipal(identity("idex-reader").principalId)->managedIdentityKind(),
            ServicePrincipal::ManagedIdentityKind::UserAssigned);

        // The transcript never holds the token.
        for (const HttpExchange &ex : r.transcript)
            QVERIFY(!ex.request.header("Authorization").contains(token.toUtf8()));
    }

    void pagingFollowsNextLink()
    {
        const QString token = graphToken("idex-reader");
        GraphReaderOptions small = options(token);
        small.pageSize = 1;
        const GraphLoadResult paged = load(small);
        QVERIFY2(paged.ok, qPrintable(paged.error));
        const GraphLoadResult whole = load(options(token));
        QVERIFY2(whole.ok, qPrintable(whole.error));
        // One object per page: as many pages as objects (plus the empty collections' single pages).
        QVERIFY2(paged.stats.pages > whole.stats.pages,
            qPrintable(QStringLiteral("%1 vs %2").arg(paged.stats.pages).arg(whole.stats.pages)));
        QVERIFY(paged.stats.pages >= paged.directory.objectCount() + paged.directory.assignments().size());
        QCOMPARE(paged.directory.objectCount(), whole.directory.objectCount());
        QCOMPARE(paged.directory.assignments().size(), whole.directory.assignments().size());
        bool sawNextLink = false;
        for (const HttpExchange &ex : paged.transcript)
            sawNextLink = sawNextLink || QUrlQuery(ex.request.url).hasQueryItem(QStringLiteral("$skiptoken"));
        QVERIFY(sawNextLink);
        // $top and $select went out on the first request of a collection.
        const QUrlQuery first(paged.transcript.first().request.url);
        QCOMPARE(first.queryItemValue(QStringLiteral("$top")), QStringLiteral("1"));
        QVERIFY(first.queryItemValue(QStringLiteral("$select")).contains(QLatin1String("appRoles")));
    }

    void throttlingHonoursRetryAfter()
    {
        emulator::Fault throttle;
        throttle.kind = emulator::Fault::Kind::Throttle;
        throttle.route = QStringLiteral("graph");
        throttle.count = 2;
        throttle.retryAfterSeconds = 3;
        m_emulator.setFault(throttle);
        QList<GraphLoadProgress> progress;
        const GraphLoadResult r = load(options(graphToken("idex-reader")), &progress);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.stats.throttleWaits, 2);
        QCOMPARE(r.stats.waitedSeconds, 6.0);
        QVERIFY(std::any_of(progress.cbegin(), progress.cend(),
            [](const GraphLoadProgress &p) { return p.currentWaitSeconds == 3.0; }));
        int throttled = 0;
        for (const HttpExchange &ex : r.transcript)
            throttled += ex.response.status == 429 ? 1 : 0;
        QCOMPARE(throttled, 2);
        QCOMPARE(r.directory.assignments().size(), m_emulator.scenario().appRoleAssignments.size());
    }

    void absurdRetryAfterIsCapped()
    {
        // 68 years: before the cap the reader waited it (scaled by 0.001: 24 days), i.e. the test timed out.
        emulator::Fault throttle;
        throttle.kind = emulator::Fault::Kind::Throttle;
        throttle.route = QStringLiteral("graph");
        throttle.count = 1;
        throttle.retryAfterSeconds = std::numeric_limits<int>::max();
        m_emulator.setFault(throttle);
        const GraphLoadResult r = load(options(graphToken("idex-reader")));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.stats.throttleWaits, 1);
        QCOMPARE(r.stats.waitedSeconds, 120.0);
        QVERIFY(std::any_of(r.transcript.cbegin(), r.transcript.cend(),
            [](const HttpExchange &ex) { return ex.note.contains(QLatin1String("longer than the cap")); }));
    }

    void throttlingGivesUpAfterTheRetryLimit()
    {
        emulator::Fault throttle;
        throttle.kind = emulator::Fault::Kind::Throttle;
        throttle.route = QStringLiteral("graph");
        throttle.retryAfterSeconds = 1;
        m_emulator.setFault(throttle);
        GraphReaderOptions o = options(graphToken("idex-reader"));
        o.maxThrottleRetries = 2;
        const GraphLoadResult r = load(o);
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 429);
        QCOMPARE(r.stats.throttleWaits, 2);
        QVERIFY2(r.error.contains(QLatin1String("kept throttling")), qPrintable(r.error));
    }

    void forbiddenNamesTheMissingPermission()
    {
        const QString token = graphToken("idex-noaccess");
        QVERIFY(!token.isEmpty());
        const GraphLoadResult r = load(options(token));
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 403);
        QCOMPARE(r.missingPermission, QStringLiteral("Application.Read.All"));
        QVERIFY2(r.error.contains(QLatin1String("Application.Read.All")), qPrintable(r.error));
        QVERIFY(!r.graphErrorCode.isEmpty());
    }

    void unauthorizedTokenIsExplained()
    {
        const GraphLoadResult r = load(options(QStringLiteral("not-a-token")));
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 401);
        QVERIFY2(r.error.contains(QLatin1String("https://graph.microsoft.com")), qPrintable(r.error));
    }

    void missingTokenIsExplainedWithoutTraffic()
    {
        const quint64 before = m_emulator.requestCount();
        const GraphLoadResult r = load(options(QString()));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("No access token")));
        QCOMPARE(m_emulator.requestCount(), before);
    }

    void cancelStopsAtOnce()
    {
        emulator::Fault slow;
        slow.kind = emulator::Fault::Kind::Latency;
        slow.route = QStringLiteral("graph");
        slow.latencyMs = 5000;
        m_emulator.setFault(slow);
        GraphReader reader(m_http);
        QSignalSpy finished(&reader, &GraphReader::finished);
        reader.start(options(graphToken("idex-reader")));
        QVERIFY(reader.isRunning());
        reader.cancel();
        QCOMPARE(finished.size(), 1);
        QVERIFY(!reader.isRunning());
        const auto r = finished.first().first().value<GraphLoadResult>();
        QVERIFY(r.canceled);
        QVERIFY(!r.ok);
        QTest::qWait(50); // no late second finished() from the canceled request
        QCOMPARE(finished.size(), 1);
    }

    void snapshotRoundTripOfTheEmulatorsDirectory()
    {
        const GraphLoadResult r = load(options(graphToken("idex-reader")));
        QVERIFY2(r.ok, qPrintable(r.error));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("seed.json"));
        QString error;
        QVERIFY2(snapshot::writeFile(path, r.directory, &error), qPrintable(error));
        Directory back;
        QVERIFY2(snapshot::readFile(path, back, &error), qPrintable(error));
        QCOMPARE(back.objectCount(), r.directory.objectCount());
        QCOMPARE(back.assignments().size(), r.directory.assignments().size());
        for (const AppRoleAssignment &a : r.directory.assignments()) {
            const AppRoleAssignment *b = back.assignment(a.id);
            QVERIFY(b);
            QCOMPARE(b->appRoleId, a.appRoleId);
            QCOMPARE(b->principalId, a.principalId);
            QCOMPARE(b->createdDateTime, a.createdDateTime);
        }
        // The same picture from the file as from the live Graph.
        const DirectoryGraph live = DirectoryGraph::build(r.directory);
        const DirectoryGraph file = DirectoryGraph::build(back);
        QCOMPARE(file.nodes.size(), live.nodes.size());
        QCOMPARE(file.edges.size(), live.edges.size());
        // The snapshot holds no token.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("eyJ"));
    }

    void addAndRemoveAnAssignmentLive()
    {
        const QString writer = graphToken("idex-reader");
        const GraphLoadResult before = load(options(writer));
        QVERIFY2(before.ok, qPrintable(before.error));
        const emulator::Scenario &s = m_emulator.scenario();
        const ServicePrincipal *funcSp
            = before.directory.servicePrincipalByAppId(s.applicationByName(QStringLiteral("aad-func"))->appId);
        const QString principal = identity("idex-noaccess").principalId;
        const auto doAll = before.directory.roleByValue(funcSp->id, QStringLiteral("DoAll"));
        QVERIFY(doAll);
        QVERIFY(before.directory.assignmentsFor(principal, funcSp->id, doAll->id).isEmpty());

        AssignmentEditor editor(m_http);
        QUrl base = m_emulator.baseUrl();
        base.setPath(QStringLiteral("/v1.0/"));
        editor.setBaseUrl(base);
        editor.setAccessToken(writer);
        QSignalSpy done(&editor, &AssignmentEditor::finished);
        AssignmentChange change;
        change.principalId = principal;
        change.resourceId = funcSp->id;
        change.appRoleId = doAll->id;
        editor.add(change);
        QVERIFY(done.wait(10000));
        const auto added = done.takeFirst().first().value<AssignmentEditResult>();
        QVERIFY2(added.ok, qPrintable(added.error));
        QCOMPARE(added.httpStatus, 201);
        QVERIFY(!added.assignment.id.isEmpty());
        QCOMPARE(added.assignment.appRoleId.toLower(), doAll->id.toLower());

        const GraphLoadResult withIt = load(options(writer));
        QVERIFY2(withIt.ok, qPrintable(withIt.error));
        QCOMPARE(withIt.directory.assignmentsFor(principal, funcSp->id, doAll->id).size(), 1);

        change.assignmentId = added.assignment.id;
        editor.remove(change);
        QVERIFY(done.wait(10000));
        const auto removed = done.takeFirst().first().value<AssignmentEditResult>();
        QVERIFY2(removed.ok, qPrintable(removed.error));
        const GraphLoadResult after = load(options(writer));
        QVERIFY(after.directory.assignmentsFor(principal, funcSp->id, doAll->id).isEmpty());

        // Without AppRoleAssignment.ReadWrite.All the change is refused and explained.
        editor.setAccessToken(graphToken("idex-noaccess"));
        editor.add(change);
        QVERIFY(done.wait(10000));
        const auto refused = done.takeFirst().first().value<AssignmentEditResult>();
        QVERIFY(!refused.ok);
        QCOMPARE(refused.httpStatus, 403);
        QVERIFY2(refused.error.contains(QLatin1String("AppRoleAssignment.ReadWrite.All")), qPrintable(refused.error));
    }
};

QTEST_GUILESS_MAIN(TestGraphReader)
#include "test_graphreader.moc"
