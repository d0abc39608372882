// The Directory panel on real widgets against the embedded emulator over loopback: load the seed scenario's Graph,
// find the DoAll edge, highlight the current token's path (whole and broken), add and remove an assignment live.
#include "directory/directory.h"
#include "directory/directorypanel.h"
#include "directory/directorysourcebar.h"
#include "directory/snapshot.h"
#include "directory/tenantgenerator.h"
#include "emulator/emulator.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "graph/graphstyle.h"
#include "models/directorytablemodel.h"
#include "session/session.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUrlQuery>

#include <sys/stat.h>

using namespace idex;
using namespace idex::ui;

class TestDirectoryPanel : public QObject
{
    Q_OBJECT
private:
    emulator::Emulator m_emulator;

    const emulator::Identity &identity(const char *name) const
    {
        return *m_emulator.scenario().identityByName(QString::fromLatin1(name));
    }
    QString funcResource() const
    {
        return m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->identifierUris.first();
    }

    // A token from the emulator's IMDS route, as the Token panel would publish it.
    TokenResult imdsToken(
        Session &ws, const QString &resource, const QString &clientId = {}, const emulator::Emulator *from = nullptr)
    {
        QUrl url = (from ? from : &m_emulator)->baseUrl();
        url.setPath(QStringLiteral("/metadata/identity/oauth2/token"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("api-version"), QStringLiteral("2018-02-01"));
        q.addQueryItem(QStringLiteral("resource"), resource);
        if (!clientId.isEmpty())
            q.addQueryItem(QStringLiteral("client_id"), clientId);
        url.setQuery(q);
        HttpRequest request;
        request.url = url;
        request.setHeader("Metadata", "true");
        const HttpExchange ex = ws.http().sendAndWait(request);
        TokenResult t;
        t.accessToken
            = QJsonDocument::fromJson(ex.response.body).object().value(QLatin1String("access_token")).toString();
        t.resource = resource;
        t.sourceId = QStringLiteral("emulator");
        return t;
    }

    void loadSeed(DirectoryPanel &panel)
    {
        QSignalSpy loaded(&panel, &DirectoryPanel::loadFinished);
        auto *source = panel.findChild<QComboBox *>(QStringLiteral("directorySource"));
        QVERIFY(source);
        source->setCurrentIndex(source->findData(int(DirectorySourceBar::Source::Emulator)));
        auto *load = panel.findChild<QPushButton *>(QStringLiteral("loadDirectory"));
        QVERIFY(load);
        QTest::mouseClick(load, Qt::LeftButton);
        QVERIFY2(loaded.wait(15000), qPrintable(panel.findChild<QLabel *>(QStringLiteral("directoryStatus"))->text()));
        QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    }

    int nodeOf(const DirectoryPanel &panel, const QString &objectId, int layer)
    {
        for (int n : panel.scene()->graph().nodesOf(objectId)) {
            if (panel.scene()->graph().nodes.at(n).layer == layer)
                return n;
        }
        return -1;
    }

    void clickNode(DirectoryPanel &panel, int node)
    {
        panel.view()->showNode(node);
        const QPoint at = panel.view()->mapFromScene(panel.scene()->graph().nodes.at(node).rect.center());
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<TokenResult>();
        QString error;
        QVERIFY2(m_emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
    }

    void loadsTheSeedAndFindsTheDoAllEdge()
    {
        Session ws;
        ws.setEmulator(&m_emulator);
        DirectoryPanel panel(ws);
        panel.resize(1500, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        loadSeed(panel);
        if (QTest::currentTestFailed())
            return;

        const Directory &d = panel.directory();
        QCOMPARE(d.assignments().size(), m_emulator.scenario().appRoleAssignments.size());
        // Published for the other panels.
        QVERIFY(ws.directory());
        QCOMPARE(ws.directory()->assignments().size(), d.assignments().size());
        const ServicePrincipal *funcSp
            = d.servicePrincipalByAppId(m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appId);
        QVERIFY(funcSp);
        const auto doAll = d.roleByValue(funcSp->id, QStringLiteral("DoAll"));
        QVERIFY(doAll);
        const QString caller = identity("caller-func").principalId;
        const QList<const AppRoleAssignment *> held = d.assignmentsFor(caller, funcSp->id, doAll->id);
        QCOMPARE(held.size(), 1);

        // The DoAll edge: caller-func -> DoAll -> aad-func.
        const DirectoryGraph &g = panel.scene()->graph();
        const int edge = g.edgeOfAssignment(held.first()->id);
        QVERIFY(edge >= 0);
        QCOMPARE(g.nodes.at(g.edges.at(edge).from).objectId, caller);
        QCOMPARE(g.nodes.at(g.edges.at(edge).to).label, QStringLiteral("DoAll"));

        // Clicking the role node shows its details.
        const int roleNode = g.edges.at(edge).to;
        clickNode(panel, roleNode);
        QCOMPARE(panel.scene()->selectedNode(), roleNode);
        auto *details = panel.findChild<QTreeWidget *>(QStringLiteral("directoryDetails"));
        QVERIFY(!details->findItems(QStringLiteral("DoAll"), Qt::MatchExactly, 1).isEmpty());
        QVERIFY(!details->findItems(doAll->id, Qt::MatchExactly, 1).isEmpty());

        if (!qEnvironmentVariableIsEmpty("IDEX_SCREENSHOT_DIR")) {
            panel.view()->fitAll();
            ws.setCurrentToken(imdsToken(ws, funcResource(), identity("idex-noaccess").clientId));
            QCoreApplication::processEvents();
            panel.grab().save(qEnvironmentVariable("IDEX_SCREENSHOT_DIR") + QStringLiteral("/directory-seed.png"));
        }
    }

    void highlightsTheCurrentTokensPath()
    {
        Session ws;
        ws.setEmulator(&m_emulator);
        DirectoryPanel panel(ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        loadSeed(panel);
        if (QTest::currentTestFailed())
            return;
        auto *label = panel.findChild<QLabel *>(QStringLiteral("tokenPathLabel"));

        // caller-func (system-assigned) holds DoAll: the whole path lights up.
        ws.setCurrentToken(imdsToken(ws, funcResource()));
        QVERIFY(panel.tokenPath().isComplete());
        QCOMPARE(panel.tokenPath().principalId, identity("caller-func").principalId);
        const PathHighlight &whole = panel.scene()->pathHighlight();
        QCOMPARE(whole.edges.size(), 2); // holds role + role of
        QVERIFY(whole.missingFrom < 0);
        QVERIFY2(label->text().contains(QLatin1String("holds DoAll")), qPrintable(label->text()));

        // idex-noaccess asks for the same API: no assignment, the missing link is drawn and named.
        ws.setCurrentToken(imdsToken(ws, funcResource(), identity("idex-noaccess").clientId));
        QCOMPARE(panel.tokenPath().brk, TokenPath::Break::NoAssignment);
        const PathHighlight &broken = panel.scene()->pathHighlight();
        QVERIFY(broken.missingFrom >= 0);
        QCOMPARE(panel.scene()->graph().nodes.at(broken.missingFrom).objectId, identity("idex-noaccess").principalId);
        QCOMPARE(panel.scene()->graph().nodes.at(broken.missingTo).label, QStringLiteral("DoAll"));
        QCOMPARE(broken.missingLabel, QStringLiteral("missing: DoAll assignment"));
        QVERIFY2(label->text().contains(QLatin1String("not assigned DoAll")), qPrintable(label->text()));
    }

    // The missing link's label is placed beside its link, never over a node, at every zoom and text scale; node names
    // are at least 11 px on screen at the fit zoom (22 px in presenter mode at 200%). Both the seed's idex-noaccess
    // and the missing-assignment scenario's caller-func (the classic failure a trainer projects).
    void labelsNeverCoverNodesAndNamesAreReadable_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("caller");
        QTest::newRow("seed") << QStringLiteral("seed") << QStringLiteral("idex-noaccess");
        QTest::newRow("missing-assignment") << QStringLiteral("missing-assignment") << QStringLiteral("caller-func");
    }
    void labelsNeverCoverNodesAndNamesAreReadable()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, caller);
        emulator::Emulator emu;
        emulator::EmulatorOptions options;
        options.scenario = scenario;
        QString error;
        QVERIFY2(emu.start(options, &error), qPrintable(error));
        Session ws;
        ws.setEmulator(&emu);
        DirectoryPanel panel(ws);
        // 1280x720: the projector's size (IDEX_SCREENSHOT_SIZE overrides it for the screenshots).
        const QStringList size = qEnvironmentVariable("IDEX_SCREENSHOT_SIZE", QStringLiteral("1280x720")).split(u'x');
        panel.resize(size.value(0).toInt(), size.value(1).toInt());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        loadSeed(panel);
        if (QTest::currentTestFailed())
            return;
        const QString resource = emu.scenario().applicationByName(QStringLiteral("aad-func"))->identifierUris.first();
        ws.setCurrentToken(imdsToken(ws, resource, emu.scenario().identityByName(caller)->clientId, &emu));
        QCOMPARE(panel.tokenPath().brk, TokenPath::Break::NoAssignment);
        DirectoryScene *scene = panel.scene();
        QCOMPARE(scene->pathHighlight().missingLabel, QStringLiteral("missing: DoAll assignment"));

        // The legend is a strip under the graph, not over it, and tall enough for all its rows.
        auto *legend = panel.findChild<QWidget *>(QStringLiteral("graphLegend"));
        QVERIFY(legend);
        QVERIFY(legend->isVisible());
        const QRect legendArea(legend->mapTo(&panel, QPoint(0, 0)), legend->size());
        const QRect viewArea(panel.view()->mapTo(&panel, QPoint(0, 0)), panel.view()->size());
        QVERIFY2(!legendArea.intersects(viewArea),
            qPrintable(QStringLiteral("legend %1,%2 %3x%4 over the graph")
                           .arg(legendArea.x())
                           .arg(legendArea.y())
                           .arg(legendArea.width())
                           .arg(legendArea.height())));
        QCOMPARE(legend->height(), legend->heightForWidth(legend->width()));

        panel.view()->fitAll();
        const qreal fit = panel.view()->zoom();
        const DirectoryGraph &g = scene->graph();
        for (const qreal textScale : { 1.0, 1.5, 2.0 }) {
            scene->setTextScale(textScale);
            for (const qreal lod : { fit, fit * textScale, 0.3, 0.55, 0.8, 1.0, 1.5, 2.0, 4.0 }) {
                const QRectF label = scene->missingLabelRect(lod);
                QVERIFY(!label.isNull());
                for (const GraphNode &n : g.nodes)
                    QVERIFY2(!label.intersects(n.rect),
                        qPrintable(QStringLiteral("zoom %1, text scale %2: the label covers %3")
                                       .arg(lod)
                                       .arg(textScale)
                                       .arg(n.label)));
            }
        }

        scene->setTextScale(1.0);
        if (const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QCoreApplication::processEvents();
            panel.grab().save(
                QStringLiteral("%1/graph-%2-%3x%4.png").arg(dir, scenario).arg(panel.width()).arg(panel.height()));
        }

        // Names are drawn at the fit zoom, and big enough to read from the back of a room.
        QVERIFY2(scene->namesShownAt(fit), qPrintable(QString::number(fit)));
        QVERIFY2(scene->nameFontSize(fit) * fit >= graphstyle::minimumNamePixels - 0.01,
            qPrintable(QStringLiteral("%1 px at zoom %2").arg(scene->nameFontSize(fit) * fit).arg(fit)));
        // Presenter mode at 200% doubles the view's zoom (MainWindow) and the scene's text scale; Fit (F) keeps the
        // names at twice the minimum too.
        scene->setTextScale(2.0);
        QVERIFY2(scene->nameFontSize(fit * 2) * fit * 2 >= 2 * graphstyle::minimumNamePixels - 0.01,
            qPrintable(QStringLiteral("%1 px at zoom %2").arg(scene->nameFontSize(fit * 2) * fit * 2).arg(fit * 2)));
        panel.view()->fitAll();
        const qreal presenterFit = panel.view()->zoom();
        QVERIFY2(scene->namesShownAt(presenterFit), qPrintable(QString::number(presenterFit)));
        QVERIFY2(scene->nameFontSize(presenterFit) * presenterFit >= 2 * graphstyle::minimumNamePixels - 0.01,
            qPrintable(QStringLiteral("%1 px at zoom %2")
                           .arg(scene->nameFontSize(presenterFit) * presenterFit)
                           .arg(presenterFit)));
        // Up close the names keep their size in scene units: they zoom with the graph.
        QCOMPARE(scene->nameFontSize(2.0), 12.0);
    }

    void fitShowsTheTopTitlesWhole_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qreal>("textScale");
        QTest::newRow("1400x900") << QSize(1400, 900) << 1.0;
        QTest::newRow("short view, presenter 200%") << QSize(1400, 500) << 2.0;
    }
    void fitShowsTheTopTitlesWhole()
    {
        // Fitted far out (a 2,000-object tenant fits at a few percent), the titles above the top groups keep their
        // size in pixels: the fit leaves them room, and the scene grows to hold it. It left 90 scene units, a third
        // of a title at 8%.
        QFETCH(QSize, size);
        QFETCH(qreal, textScale);
        Session ws;
        DirectoryPanel panel(ws);
        panel.resize(size);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setDirectory(generateTenant({ 2000, 3, 7 }));
        auto *collapse = panel.findChild<QCheckBox *>(QStringLiteral("collapseGroups"));
        QVERIFY(collapse);
        collapse->setChecked(false);
        panel.scene()->setTextScale(textScale);
        QCoreApplication::processEvents();
        panel.view()->fitAll();
        const qreal fit = panel.view()->zoom();
        QVERIFY2(fit < 0.2, qPrintable(QString::number(fit))); // far out indeed
        const QRectF seen = panel.view()->mapToScene(panel.view()->viewport()->rect()).boundingRect();
        const DirectoryGraph &g = panel.scene()->graph();
        QVERIFY(g.groups.size() > 3); // the whole graph, not the collapsed one
        qreal highest = g.bounds.bottom();
        for (const GraphGroup &group : g.groups)
            if (!group.rect.isNull())
                highest = std::min(highest, group.rect.top());
        int top = 0;
        for (const GraphGroup &group : g.groups) {
            if (group.rect.isNull() || group.rect.top() > highest + 1)
                continue;
            ++top;
            const QRectF title = panel.scene()->titleRect(group, fit);
            QVERIFY2(title.top() >= seen.top() && title.left() >= seen.left(),
                qPrintable(QStringLiteral("%1's title starts at %2, the view at %3")
                               .arg(group.title)
                               .arg(title.top())
                               .arg(seen.top())));
            QVERIFY(panel.scene()->sceneRect().contains(title)); // painted inside the scene, no stale pixels
        }
        QVERIFY(top > 0);
        QVERIFY(g.bounds.bottom() <= seen.bottom() && g.bounds.right() <= seen.right()); // still the whole graph
    }

    void addsAndRemovesAnAssignment()
    {
        Session ws;
        ws.setEmulator(&m_emulator);
        DirectoryPanel panel(ws);
        panel.resize(1400, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        loadSeed(panel);
        if (QTest::currentTestFailed())
            return;
        ws.setCurrentToken(imdsToken(ws, funcResource(), identity("idex-noaccess").clientId));
        QVERIFY(!panel.tokenPath().isComplete());

        const QString principal = identity("idex-noaccess").principalId;
        const int node = nodeOf(panel, principal, 0);
        QVERIFY(node >= 0);
        clickNode(panel, node);
        QCOMPARE(panel.scene()->selectedNode(), node);

        auto *roles = panel.findChild<QComboBox *>(QStringLiteral("assignRoleCombo"));
        // Safe default: a Microsoft Graph permission is never what is preselected.
        QVERIFY2(!roles->currentText().contains(QLatin1String("Microsoft")), qPrintable(roles->currentText()));
        for (int i = 0; i < roles->count(); ++i) {
            if (roles->itemText(i).contains(QLatin1String("Microsoft API permission"))) {
                for (int j = i; j < roles->count(); ++j)
                    QVERIFY2(roles->itemText(j).contains(QLatin1String("Microsoft API permission")),
                        "Microsoft's APIs come last");
                break;
            }
        }
        const int doAllIndex = roles->findText(QStringLiteral("DoAll · aad-func"));
        QVERIFY2(doAllIndex >= 0, qPrintable(roles->itemText(0)));
        roles->setCurrentIndex(doAllIndex);
        auto *commands = panel.findChild<QPlainTextEdit *>(QStringLiteral("assignmentCommands"));
        QVERIFY(commands->toPlainText().contains(
            QLatin1String("New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ") + principal));
        QVERIFY(commands->toPlainText().contains(QLatin1String("az rest -m POST")));

        QSignalSpy edited(&panel, &DirectoryPanel::assignmentEdited);
        auto *assign = panel.findChild<QPushButton *>(QStringLiteral("assignButton"));
        QVERIFY(assign->isEnabled());
        QTest::mouseClick(assign, Qt::LeftButton);
        QVERIFY(edited.wait(10000));
        QVERIFY2(edited.first().at(0).toBool(), qPrintable(edited.first().at(1).toString()));
        // Live in the emulator, and in the panel: the path is whole now.
        const emulator::ServicePrincipal *funcSp = m_emulator.scenario().servicePrincipalByAppId(
            m_emulator.scenario().applicationByName(QStringLiteral("aad-func"))->appId);
        QCOMPARE(m_emulator.scenario().rolesOf(principal, funcSp->id), QStringList { QStringLiteral("DoAll") });
        QVERIFY(panel.tokenPath().isComplete());
        QVERIFY(!panel.scene()->pathHighlight().edges.isEmpty());

        // Remove it again.
        auto *held = panel.findChild<QComboBox *>(QStringLiteral("heldAssignmentCombo"));
        QCOMPARE(held->count(), 1);
        QVERIFY(commands->toPlainText().contains(
            QLatin1String("Remove-MgServicePrincipalAppRoleAssignedTo -ServicePrincipalId ") + funcSp->id));
        auto *remove = panel.findChild<QPushButton *>(QStringLiteral("removeAssignmentButton"));
        edited.clear();
        // A destructive edit asks first; Cancel (the default) keeps the assignment.
        const auto answer = [](const QString &button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                QCOMPARE(box->objectName(), QStringLiteral("confirmRemoveAssignment"));
                QVERIFY(box->defaultButton()->text().contains(QLatin1String("Cancel")));
                for (QAbstractButton *b : box->buttons()) {
                    if (b->text().remove(u'&') == button)
                        b->click();
                }
            });
        };
        answer(QStringLiteral("Cancel"));
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(held->count(), 1);
        QCOMPARE(m_emulator.scenario().rolesOf(principal, funcSp->id), QStringList { QStringLiteral("DoAll") });
        answer(QStringLiteral("Remove"));
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(edited.wait(10000));
        QVERIFY2(edited.first().at(0).toBool(), qPrintable(edited.first().at(1).toString()));
        QVERIFY(m_emulator.scenario().rolesOf(principal, funcSp->id).isEmpty());
        QCOMPARE(panel.tokenPath().brk, TokenPath::Break::NoAssignment);
        QCOMPARE(held->count(), 0);
    }

    void searchTableAndExports()
    {
        Session ws;
        ws.setEmulator(&m_emulator);
        DirectoryPanel panel(ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        loadSeed(panel);
        if (QTest::currentTestFailed())
            return;

        auto *proxy = panel.tableProxy();
        QAbstractItemModelTester tester(proxy->sourceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(proxy->rowCount(), int(panel.directory().assignments().size()));

        // Typing in the search box filters the graph and the table.
        QTest::keyClicks(panel.searchEdit(), QStringLiteral("DoAll"));
        QTRY_COMPARE(proxy->rowCount(), 1);
        QTRY_VERIFY(panel.scene()->graph().nodesOf(identity("idex-reader").principalId).isEmpty());
        QVERIFY(!panel.scene()->graph().nodesOf(identity("caller-func").principalId).isEmpty());
        panel.searchEdit()->clear();
        QTRY_VERIFY(!panel.scene()->graph().nodesOf(identity("idex-reader").principalId).isEmpty());

        // Sorting by principal works through the proxy.
        proxy->sort(DirectoryTableModel::Principal, Qt::AscendingOrder);
        for (int r = 1; r < proxy->rowCount(); ++r)
            QVERIFY(proxy->index(r - 1, 0).data().toString().compare(
                        proxy->index(r, 0).data().toString(), Qt::CaseInsensitive)
                <= 0);

        QTemporaryDir dir;
        QString error;
        const QString png = dir.filePath(QStringLiteral("seed.png"));
        const QString svg = dir.filePath(QStringLiteral("seed.svg"));
        QVERIFY2(panel.exportImage(png, &error), qPrintable(error));
        QVERIFY2(panel.exportImage(svg, &error), qPrintable(error));
        QImage image(png);
        QVERIFY(image.width() > 500);
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.startsWith("<?xml"));
        QVERIFY(content.contains("DoAll"));
        QVERIFY(content.contains("caller-func"));
    }

    void loadErrorsAreShown()
    {
        Session ws; // no emulator URL
        DirectoryPanel panel(ws);
        auto *source = panel.findChild<QComboBox *>(QStringLiteral("directorySource"));
        source->setCurrentIndex(source->findData(int(DirectorySourceBar::Source::Emulator)));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("loadDirectory")), Qt::LeftButton);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("directoryStatus"))
                    ->text()
                    .contains(QLatin1String("not running")));

        // Microsoft Graph without a Graph token: explained, nothing sent.
        source->setCurrentIndex(source->findData(int(DirectorySourceBar::Source::MicrosoftGraph)));
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("loadDirectory")), Qt::LeftButton);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("directoryStatus"))
                    ->text()
                    .contains(QLatin1String("needs a token")));
        QVERIFY(!panel.isLoading());

        QString error;
        QVERIFY(!panel.loadSnapshot(QStringLiteral("/nonexistent.json"), &error));
        QVERIFY(error.contains(QLatin1String("cannot read")));
    }

    void snapshotLoadsOnAWorkerThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tenant.json"));
        TenantGeneratorOptions generated;
        generated.objects = 3000;
        const Directory tenant = generateTenant(generated);
        QString error;
        QVERIFY2(snapshot::writeFile(path, tenant, &error), qPrintable(error));

        Session session;
        DirectoryPanel panel(session);
        QSignalSpy finished(&panel, &DirectoryPanel::loadFinished);
        panel.loadSnapshotInBackground(path);
        // The call returns at once: nothing is shown yet, the panel says it is loading, the event loop runs on.
        QVERIFY(panel.isLoading());
        QVERIFY(panel.directory().isEmpty());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(!panel.isLoading());
        QCOMPARE(panel.directory().servicePrincipals().size(), tenant.servicePrincipals().size());
        QCOMPARE(panel.directory().assignments().size(), tenant.assignments().size());
        QVERIFY(!panel.scene()->graph().nodes.isEmpty());
        QVERIFY(session.directory());
        QCOMPARE(session.directory()->assignments().size(), tenant.assignments().size());

        panel.loadSnapshotInBackground(dir.filePath(QStringLiteral("missing.json")));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QCOMPARE(panel.directory().assignments().size(), tenant.assignments().size()); // the shown tenant stays
    }

    void openingADeviceOrFifoIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addRow("/dev/zero") << QStringLiteral("/dev/zero"); // size 0: read forever before the bounded reader
        QTest::addRow("fifo") << QStringLiteral("fifo"); // open() blocked forever without a writer
    }
    void openingADeviceOrFifoIsRefused()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        if (path == QLatin1String("fifo")) {
            path = dir.filePath(path);
            if (::mkfifo(QFile::encodeName(path).constData(), 0600) != 0)
                QSKIP("cannot make a FIFO here");
        }
        Session session;
        DirectoryPanel panel(session);
        QSignalSpy finished(&panel, &DirectoryPanel::loadFinished);
        panel.loadSnapshotInBackground(path); // File > Open snapshot
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("is not a regular file")),
            qPrintable(finished.first().at(1).toString()));
        QVERIFY(!panel.isLoading());
    }
};

QTEST_MAIN(TestDirectoryPanel)
#include "test_directorypanel.moc"
