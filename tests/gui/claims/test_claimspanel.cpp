// The Claims panel on real widgets (offscreen): session tokens, paste and drop handling, the claims table,
// findings for an expectation, signature verification (JWKS file and discovery against the emulator), compare, export.
#include "claims/claimspanel.h"
#include "directory/directory.h"
#include "emulator/emulator.h"
#include "models/claimdiffmodel.h"
#include "models/claimsmodel.h"
#include "session/session.h"
#include "testsigner.h"
#include "widgets/findingsview.h"
#include "widgets/tokentimesview.h"
#include "widgets/verdictbanner.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <sys/stat.h>

using namespace idex;
using namespace idex::test;
using namespace idex::ui;

namespace {

QJsonObject claims(const QString &aud = QStringLiteral("api://5eed0000-0000-4000-8000-000000000402"))
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return { { QStringLiteral("aud"), aud },
        { QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/5eed0000-0000-4000-8000-000000000001/") },
        { QStringLiteral("iat"), now - 60 }, { QStringLiteral("nbf"), now - 60 },
        { QStringLiteral("exp"), now + 86340 },
        { QStringLiteral("appid"), QStringLiteral("5eed0000-0000-4000-8000-000000000101") },
        { QStringLiteral("oid"), QStringLiteral("5eed0000-0000-4000-8000-000000000102") },
        { QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll") } },
        { QStringLiteral("idtyp"), QStringLiteral("app") }, { QStringLiteral("custom_claim"), QStringLiteral("hello") },
        { QStringLiteral("ver"), QStringLiteral("1.0") } };
}

TokenResult result(const QString &raw)
{
    TokenResult r;
    r.accessToken = raw;
    r.sourceName = QStringLiteral("Test source");
    return r;
}

} // namespace

class TestClaimsPanel : public QObject
{
    Q_OBJECT
private:
    TestKey m_key = TestKey::rsa(QStringLiteral("gui-key"));
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(content);
        return file.fileName();
    }

    static void screenshot(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        // IDEX_SCREENSHOT_SIZE=1024x700 checks the small-window layout; the default is a large window.
        const QStringList size = qEnvironmentVariable("IDEX_SCREENSHOT_SIZE", QStringLiteral("1500x950")).split(u'x');
        widget.resize(size.value(0).toInt(), size.value(1).toInt());
        QCoreApplication::processEvents(); // widgets added to visible layouts are shown by a queued call
        if (!dir.isEmpty())
            widget.grab().save(dir + u'/' + name + QStringLiteral(".png"));
    }

private Q_SLOTS:
    // Attack of issue 11: claims are text. A claim or an audience holding markup is shown as written in every
    // label of the panel (QLabel's default format would render it).
    void claimsWithMarkupAreShownAsWritten()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.resize(1400, 900);
        panel.show();
        QJsonObject withMarkup = claims(QStringLiteral("<img src=x>api"));
        withMarkup.insert(QStringLiteral("<b>bold</b>"), QStringLiteral("<i>value</i>"));
        session.setCurrentToken(result(signToken({}, withMarkup, m_key)));
        QVERIFY(panel.token());
        for (const char *name : { "sourceLabel", "summaryLine", "claimDetail", "decodeNotes", "errorBanner",
                 "compareSummary", "signatureTitle", "signatureDetail" }) {
            auto *label = panel.findChild<QLabel *>(QLatin1String(name));
            QVERIFY2(label, name);
            QVERIFY2(label->textFormat() == Qt::PlainText, name);
        }
        auto *summary = panel.findChild<QLabel *>(QStringLiteral("summaryLine"));
        QVERIFY2(summary->text().contains(QLatin1String("for <img src=x>api")), qPrintable(summary->text()));
        auto *view = panel.findChild<QTableView *>(QStringLiteral("claimsView"));
        view->setCurrentIndex(panel.claimsModel()->index(panel.claimsModel()->rowOf(QStringLiteral("<b>bold</b>")), 0));
        auto *detail = panel.findChild<QLabel *>(QStringLiteral("claimDetail"));
        QVERIFY2(detail->text().startsWith(QLatin1String("<b>bold</b> is not an Entra")), qPrintable(detail->text()));
        // The findings quote the audience as text too.
        for (const QLabel *label :
            panel.findChild<FindingsView *>(QStringLiteral("findingsView"))->findChildren<QLabel *>())
            QVERIFY(label->textFormat() == Qt::PlainText || !label->pixmap().isNull() || label->text().isEmpty());
    }

    void copyingTheRawTokenMarksTheClipboardSecret()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        const QString raw = signToken({}, claims(), m_key);
        session.setCurrentToken(result(raw));
        QAction *copy = nullptr;
        for (QAction *action : panel.findChild<QToolButton *>(QStringLiteral("exportButton"))->menu()->actions()) {
            if (action->text().contains(QLatin1String("raw token")))
                copy = action;
        }
        QVERIFY(copy);
        // The panel asks first (the token is a secret); the test answers Yes.
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        copy->trigger();
        const QMimeData *data = QApplication::clipboard()->mimeData();
        QVERIFY(data);
        QCOMPARE(data->text(), raw);
        QCOMPARE(data->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(data->hasFormat(QStringLiteral("application/x-nspasteboard-concealed-type")));
        QVERIFY(data->hasFormat(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing")));
        QApplication::clipboard()->clear();
    }

    void sessionTokenFillsTheClaimsTable()
    {
        Session session;
        ClaimsPanel panel(session);
        QAbstractItemModelTester tester(panel.claimsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester diffTester(panel.diffModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(1400, 900);
        panel.show();
        QVERIFY(!panel.token());
        screenshot(panel, QStringLiteral("claims-empty"));

        const QString raw = signToken({}, claims(), m_key);
        session.setCurrentToken(result(raw));
        QVERIFY(panel.token());
        ClaimsModel *model = panel.claimsModel();
        QCOMPARE(model->rowCount(), claims().size());
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->claimAt(row), panel.token()->claimOrder.at(row)); // the token's own order
        const int aud = model->rowOf(QStringLiteral("aud"));
        QCOMPARE(model->index(aud, ClaimsModel::MeaningColumn).data().toString(), QStringLiteral("Audience"));
        const int appid = model->rowOf(QStringLiteral("appid"));
        QCOMPARE(model->index(appid, ClaimsModel::MeaningColumn).data().toString(),
            QStringLiteral("Application (client) ID"));
        QVERIFY(!model->index(appid, 0).data(ClaimsModel::ExplanationRole).toString().isEmpty());
        const int custom = model->rowOf(QStringLiteral("custom_claim"));
        QCOMPARE(model->index(custom, 0).data(ClaimsModel::KnownRole).toBool(), false);
        QCOMPARE(model->index(custom, ClaimsModel::ValueColumn).data().toString(), QStringLiteral("hello"));
        const int exp = model->rowOf(QStringLiteral("exp"));
        QVERIFY2(model->index(exp, ClaimsModel::ValueColumn).data().toString().contains(QLatin1String("UTC (in 23 h")),
            qPrintable(model->index(exp, ClaimsModel::ValueColumn).data().toString()));

        // The raw token is never shown: the source line carries the masked form only.
        auto *source = panel.findChild<QLabel *>(QStringLiteral("sourceLabel"));
        QVERIFY(source->text().contains(QLatin1String("Test source")));
        QVERIFY(!source->text().contains(raw.section(u'.', 1, 1)));
        QVERIFY(panel.findChild<QPlainTextEdit *>(QStringLiteral("tokenInput"))->toPlainText().isEmpty());

        auto *times = panel.findChild<TokenTimesView *>();
        QVERIFY2(times->statusText().startsWith(QLatin1String("Within its lifetime")), qPrintable(times->statusText()));
        QVERIFY(times->countdownText().startsWith(QLatin1String("23:")));
        QVERIFY(
            panel.findChild<QLabel *>(QStringLiteral("summaryTitle"))->text().contains(QLatin1String("v1.0 app-only")));
        QVERIFY(panel.findChild<QPlainTextEdit *>(QStringLiteral("payloadJson"))
                    ->toPlainText()
                    .contains(QLatin1String("\"roles\"")));

        // Signature not checked yet: an info finding, no error.
        QCOMPARE(panel.findings().size(), 1);
        QCOMPARE(panel.findings().first().code, QStringLiteral("signature-not-checked"));
        screenshot(panel, QStringLiteral("claims-panel"));
        panel.findChild<QTabWidget *>(QStringLiteral("claimsTabs"))->setCurrentIndex(1);
        screenshot(panel, QStringLiteral("claims-json"));
    }

    void wrongAudienceExpectationGivesAFinding()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        session.setCurrentToken(
            result(signToken({}, claims(QStringLiteral("5eed0000-0000-4000-8000-000000000402")), m_key)));
        auto *audience = panel.findChild<QLineEdit *>(QStringLiteral("audienceEdit"));
        QVERIFY(audience);
        QTest::keyClicks(audience, QStringLiteral("api://5eed0000-0000-4000-8000-000000000402"));
        auto *view = panel.findChild<FindingsView *>(QStringLiteral("findingsView"));
        QVERIFY(view->codes().contains(QStringLiteral("audience-mismatch")));
        QVERIFY(view->findChild<QWidget *>(QStringLiteral("finding-audience-mismatch")));
        const Finding f = panel.findings().first();
        QCOMPARE(f.code, QStringLiteral("audience-mismatch"));
        QVERIFY(f.evidence.contains(QLatin1String("the bare client ID")));
        // The card sets the two audiences side by side once each, the differing part ("api://") marked, and its
        // evidence does not repeat them.
        auto *card = view->findChild<QWidget *>(QStringLiteral("finding-audience-mismatch"));
        const QString actualHtml = card->findChild<QLabel *>(QStringLiteral("comparedActual"))->text();
        const QString expectedHtml = card->findChild<QLabel *>(QStringLiteral("comparedExpected"))->text();
        QVERIFY2(actualHtml.contains(QStringLiteral("5eed0000-0000-4000-8000-000000000402")), qPrintable(actualHtml));
        QVERIFY2(
            expectedHtml.contains(QStringLiteral("font-weight:bold'>api://</span>5eed0000")), qPrintable(expectedHtml));
        const QString evidence = card->findChild<QLabel *>(QStringLiteral("findingEvidence"))->text();
        QVERIFY2(!evidence.contains(QStringLiteral("5eed0000")), qPrintable(evidence));
        screenshot(panel, QStringLiteral("claims-audience-card"));

        // Accepting the token's form clears it.
        QTest::keyClicks(audience, QStringLiteral(", 5eed0000-0000-4000-8000-000000000402"));
        QVERIFY(!view->codes().contains(QStringLiteral("audience-mismatch")));

        auto *roles = panel.findChild<QLineEdit *>(QStringLiteral("rolesEdit"));
        QTest::keyClicks(roles, QStringLiteral("Admin"));
        QVERIFY(view->codes().contains(QStringLiteral("wrong-role")));
        screenshot(panel, QStringLiteral("claims-findings"));
    }

    void followsTheApiUnderTest()
    {
        Session session;
        ClaimsPanel panel(session);
        session.setCurrentToken(result(signToken({}, claims(), m_key)));
        Expectation e;
        e.audiences = { QStringLiteral("api://the-api-under-test") };
        e.roles = { QStringLiteral("DoAll") };
        session.setCurrentExpectation(e);
        QCOMPARE(panel.expectation().audiences, e.audiences);
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("audienceEdit"))->text(),
            QStringLiteral("api://the-api-under-test"));
        QVERIFY(panel.findChild<FindingsView *>(QStringLiteral("findingsView"))
                    ->codes()
                    .contains(QStringLiteral("audience-mismatch")));
    }

    void directoryNamesGuidsAndAddsTheAssignmentToTheFix()
    {
        Directory directory;
        directory.tenantId = QStringLiteral("5eed0000-0000-4000-8000-000000000001");
        directory.sourceDescription = QStringLiteral("test snapshot");
        AppRole role;
        role.id = QStringLiteral("5eed0000-0000-4000-8000-000000000404");
        role.value = QStringLiteral("DoAll");
        role.allowedMemberTypes = { QStringLiteral("Application") };
        ServicePrincipal api;
        api.id = QStringLiteral("5eed0000-0000-4000-8000-000000000403");
        api.appId = QStringLiteral("5eed0000-0000-4000-8000-000000000402");
        api.displayName = QStringLiteral("aad-func");
        api.servicePrincipalNames = { QStringLiteral("api://5eed0000-0000-4000-8000-000000000402") };
        api.appRoles = { role };
        directory.addServicePrincipal(api);
        ServicePrincipal caller;
        caller.id = QStringLiteral("5eed0000-0000-4000-8000-000000000102");
        caller.appId = QStringLiteral("5eed0000-0000-4000-8000-000000000101");
        caller.displayName = QStringLiteral("caller-func");
        caller.servicePrincipalType = QStringLiteral("ManagedIdentity");
        directory.addServicePrincipal(caller);

        Session session;
        ClaimsPanel panel(session);
        QJsonObject noRoles = claims();
        noRoles.remove(QStringLiteral("roles"));
        session.setCurrentToken(result(signToken({}, noRoles, m_key)));
        QTest::keyClicks(panel.findChild<QLineEdit *>(QStringLiteral("rolesEdit")), QStringLiteral("DoAll"));
        QCOMPARE(panel.findings().first().code, QStringLiteral("missing-roles"));
        QVERIFY(!panel.findings().first().fix.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment")));

        session.setDirectory(directory);
        QCOMPARE(panel.findings().first().code, QStringLiteral("missing-roles"));
        QVERIFY2(panel.findings().first().fix.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment")),
            qPrintable(panel.findings().first().fix));
        const int appid = panel.claimsModel()->rowOf(QStringLiteral("appid"));
        QVERIFY(panel.claimsModel()
                    ->index(appid, ClaimsModel::ValueColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("caller-func")));

        session.clearDirectory();
        QVERIFY(!panel.findings().first().fix.contains(QLatin1String("New-MgServicePrincipalAppRoleAssignment")));
    }

    void liveCountdownTurnsIntoAnExpiredFinding()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        QDateTime clock = QDateTime::currentDateTimeUtc();
        panel.setClock([&clock] { return clock; });
        QJsonObject shortLived = claims();
        shortLived.insert(QStringLiteral("exp"), clock.toSecsSinceEpoch() + 90);
        session.setCurrentToken(result(signToken({}, shortLived, m_key)));
        auto *times = panel.findChild<TokenTimesView *>();
        QVERIFY2(times->statusText().contains(QLatin1String("expires in 1 min")), qPrintable(times->statusText()));
        QVERIFY(!panel.findChild<FindingsView *>(QStringLiteral("findingsView"))
                     ->codes()
                     .contains(QStringLiteral("token-expired")));

        // Time passes: the strip ticks on its own and the diagnosis follows when the state changes.
        clock = clock.addSecs(120);
        QTRY_VERIFY(times->statusText().startsWith(QLatin1String("Expired (within skew)")));
        QTRY_VERIFY(panel.findChild<FindingsView *>(QStringLiteral("findingsView"))
                        ->codes()
                        .contains(QStringLiteral("clock-skew")));
        QVERIFY(times->countdownText().startsWith(u'-'));
        clock = clock.addSecs(600);
        QTRY_VERIFY(panel.findChild<FindingsView *>(QStringLiteral("findingsView"))
                        ->codes()
                        .contains(QStringLiteral("token-expired")));
        QVERIFY2(times->statusText().contains(QLatin1String("expired 10 min ago")), qPrintable(times->statusText()));
    }

    void pasteHandling()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        const QString raw = signToken({}, claims(), m_key);
        QApplication::clipboard()->setText(QStringLiteral("Authorization: Bearer ") + raw);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("pasteButton")), Qt::LeftButton);
        QVERIFY(panel.token());
        QCOMPARE(panel.token()->raw, raw);
        QVERIFY(
            panel.findChild<QLabel *>(QStringLiteral("sourceLabel"))->text().contains(QLatin1String("Pasted token")));

        // Garbage: a clear message, the previous token stays on screen.
        auto *input = panel.findChild<QPlainTextEdit *>(QStringLiteral("tokenInput"));
        input->setPlainText(QStringLiteral("EwAoA8l6BAAUO9chh8cJscQLmU"));
        auto *banner = panel.findChild<QLabel *>(QStringLiteral("errorBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY2(panel.errorText().contains(QLatin1String("not a JWT")), qPrintable(panel.errorText()));
        QCOMPARE(panel.token()->raw, raw);

        // A URL with the token in its fragment, typed into the box.
        input->setPlainText(
            QStringLiteral("https://jwt.ms/#access_token=") + raw + QStringLiteral("&token_type=Bearer"));
        QVERIFY(!banner->isVisible());
        QCOMPARE(panel.token()->raw, raw);

        // A JWE.
        QVERIFY(!panel.setTokenText(QStringLiteral("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn")));
        QVERIFY(panel.errorText().contains(QLatin1String("encrypted")));
    }

    void dropAFile()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        const QString raw = signToken({}, claims(), m_key);
        const QString path = writeFile(QStringLiteral("token.jwt"), raw.toLatin1() + "\n");
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(path) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&panel, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&panel, &drop);
        QVERIFY(panel.token());
        QCOMPARE(panel.token()->raw, raw);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("sourceLabel"))->text().contains(QLatin1String("token.jwt")));

        QVERIFY(!panel.openTokenFile(writeFile(QStringLiteral("empty.txt"), "   ")));
        QVERIFY(panel.errorText().contains(QLatin1String("empty.txt")));
        QVERIFY(!panel.openTokenFile(m_dir.filePath(QStringLiteral("missing.jwt"))));

        // A device or a FIFO dropped on the panel: refused at once (before the bounded reader, /dev/zero's size 0
        // passed the size check and the read never ended; a FIFO blocked the open).
        QVERIFY(!panel.openTokenFile(QStringLiteral("/dev/zero")));
        QVERIFY2(panel.errorText().contains(QLatin1String("/dev/zero is not a regular file")),
            qPrintable(panel.errorText()));
        const QString fifo = m_dir.filePath(QStringLiteral("token.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!panel.openTokenFile(fifo));
        QVERIFY2(panel.errorText().contains(QLatin1String("(it is a FIFO)")), qPrintable(panel.errorText()));
        QVERIFY(panel.token()); // the token shown before stays
    }

    void verifyWithJwksFile()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        const QString jwks = writeFile(QStringLiteral("keys.json"), jwksDocument({ m_key }));
        const QString good = signToken({}, claims(), m_key);
        QVERIFY(panel.setTokenText(good));
        panel.verifyWithKeyFile(jwks);
        auto *title = panel.findChild<QLabel *>(QStringLiteral("signatureTitle"));
        QCOMPARE(title->text(), QStringLiteral("Valid signature"));
        QVERIFY(panel.findings().isEmpty());

        QStringList parts = good.split(u'.');
        parts[1] = QString::fromLatin1(
            base64Url(QJsonDocument(claims(QStringLiteral("api://other"))).toJson(QJsonDocument::Compact)));
        QVERIFY(panel.setTokenText(parts.join(u'.')));
        QCOMPARE(title->text(), QStringLiteral("Not checked yet")); // a new token starts unchecked
        panel.verifyWithKeyFile(jwks);
        QCOMPARE(title->text(), QStringLiteral("Invalid signature"));
        QCOMPARE(panel.findings().first().code, QStringLiteral("signature-invalid"));

        panel.verifyWithKeyFile(writeFile(QStringLiteral("bad.json"), "not json"));
        QCOMPARE(title->text(), QStringLiteral("Could not check"));
    }

    void verdictFailsClosed()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.resize(1200, 800);
        panel.show();
        auto *banner = panel.findChild<VerdictBanner *>(QStringLiteral("verdictBanner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible()); // no token, nothing to judge

        // The attack of issue 11: alg none, a nonce, roles widened, no signature. Refused at once, before any Verify.
        QJsonObject widened = claims();
        widened.insert(QStringLiteral("roles"), QJsonArray { QStringLiteral("DoAll"), QStringLiteral("Admin") });
        QVERIFY(panel.setTokenText(rawToken(
            { { QStringLiteral("alg"), QStringLiteral("none") }, { QStringLiteral("nonce"), QStringLiteral("x") } },
            widened)));
        Expectation admin;
        admin.roles << QStringLiteral("Admin");
        panel.setExpectation(admin);
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->headline(), QStringLiteral("INVALID"));
        QCOMPARE(
            panel.findChild<QLabel *>(QStringLiteral("signatureTitle"))->text(), QStringLiteral("Algorithm refused"));
        QCOMPARE(panel.findings().first().code, QStringLiteral("algorithm-refused"));
        screenshot(panel, QStringLiteral("claims-verdict-forged"));

        // A well-formed token nobody has checked yet is not valid either.
        panel.setExpectation({});
        QVERIFY(panel.setTokenText(signToken({}, claims(), m_key)));
        QCOMPARE(banner->headline(), QStringLiteral("NOT VERIFIED"));
        QVERIFY2(banner->reason().contains(QLatin1String("not checked")), qPrintable(banner->reason()));
        QCOMPARE(panel.verdict().exitCode(), 3);

        // Keys that cannot be read: still not verified, never valid.
        panel.verifyWithKeyFile(writeFile(QStringLiteral("broken.json"), "{"));
        QCOMPARE(banner->headline(), QStringLiteral("NOT VERIFIED"));

        // Checked against a key set the user named: VALID.
        panel.verifyWithKeyFile(writeFile(QStringLiteral("verdict-keys.json"), jwksDocument({ m_key })));
        QCOMPARE(banner->headline(), QStringLiteral("VALID"));
        QCOMPARE(panel.verdict().exitCode(), 0);

        // Server and token text is shown literally, never as rich text.
        QCOMPARE(banner->findChild<QLabel *>(QStringLiteral("verdictReason"))->textFormat(), Qt::PlainText);
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("signatureDetail"))->textFormat(), Qt::PlainText);
        screenshot(panel, QStringLiteral("claims-verdict-valid"));
    }

    void emulatorTokenVerifiesByDiscoveryAndPresetFillsTheExpectation()
    {
        emulator::Emulator emu;
        QString error;
        QVERIFY2(emu.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        const emulator::ProtectedFunction &function = emu.scenario().functions.first();
        const emulator::Application *app = emu.scenario().applicationByAppId(function.appId);
        const QString raw = emu.issueToken(emu.scenario().systemIdentity()->name, app->identifierUris.first(), &error);
        QVERIFY2(!raw.isEmpty(), qPrintable(error));

        Session session;
        session.setEmulator(&emu);
        ClaimsPanel panel(session);
        panel.resize(1500, 950);
        panel.show();
        session.setCurrentToken(result(raw));

        // GUIDs named after the scenario's objects.
        const int appid = panel.claimsModel()->rowOf(QStringLiteral("appid"));
        QVERIFY2(panel.claimsModel()
                     ->index(appid, ClaimsModel::ValueColumn)
                     .data()
                     .toString()
                     .contains(emu.scenario().systemIdentity()->name),
            qPrintable(panel.claimsModel()->index(appid, ClaimsModel::ValueColumn).data().toString()));

        auto *verify = panel.findChild<QPushButton *>(QStringLiteral("verifyButton"));
        QTest::mouseClick(verify, Qt::LeftButton);
        auto *title = panel.findChild<QLabel *>(QStringLiteral("signatureTitle"));
        QCOMPARE(title->text(), QStringLiteral("Verifying\u2026")); // never blocks: the answer comes later
        QTRY_COMPARE_WITH_TIMEOUT(title->text(), QStringLiteral("Valid signature"), 15000);
        QVERIFY(verify->isEnabled());
        QCOMPARE(panel.findChild<VerdictBanner *>()->headline(), QStringLiteral("VALID")); // the emulator's own keys

        auto *preset = panel.findChild<QComboBox *>(QStringLiteral("presetCombo"));
        QVERIFY(preset->count() >= 2);
        preset->setCurrentIndex(1);
        Q_EMIT preset->activated(1);
        QVERIFY(panel.expectation().roles.contains(function.requiredRoles.first()));
        QVERIFY(panel.expectation().audiences.contains(app->identifierUris.first()));
        QVERIFY2(!hasErrors(panel.findings()), qPrintable(panel.findings().value(0).code));
        screenshot(panel, QStringLiteral("claims-emulator"));
    }

    void compareTwoTokens()
    {
        Session session;
        ClaimsPanel panel(session);
        panel.show();
        QJsonObject before = claims();
        before.remove(QStringLiteral("roles"));
        before.insert(QStringLiteral("iat"), before.value(QLatin1String("iat")).toInteger() - 600);
        session.setCurrentToken(result(signToken({}, before, m_key)));
        session.setCurrentToken(result(signToken({}, claims(), m_key)));
        // Without a pasted token, the previous one is the comparison; told from the newer token's point of view, the
        // role that appeared after an assignment is "added".
        ClaimDiffModel *diff = panel.diffModel();
        QAbstractItemModelTester tester(diff, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(diff->count(ClaimDifference::Kind::Added), 1);
        QCOMPARE(diff->count(ClaimDifference::Kind::Removed), 0);
        QCOMPARE(diff->rowCount(), 1);
        QCOMPARE(diff->index(0, 0).data().toString(), QStringLiteral("roles"));
        QVERIFY(
            diff->headerData(ClaimDiffModel::RightColumn, Qt::Horizontal).toString().contains(QLatin1String("newer")));
        QVERIFY(diff->headerData(ClaimDiffModel::RightColumn, Qt::Horizontal)
                    .toString()
                    .startsWith(QLatin1String("This token")));

        // The other way round: the current token is the older one; the previous one is newer and has the role.
        session.setCurrentToken(result(signToken({}, before, m_key)));
        QCOMPARE(diff->count(ClaimDifference::Kind::Added), 1);
        QCOMPARE(diff->count(ClaimDifference::Kind::Removed), 0);
        QVERIFY(diff->headerData(ClaimDiffModel::LeftColumn, Qt::Horizontal)
                    .toString()
                    .startsWith(QLatin1String("This token")));

        QJsonObject other = claims(QStringLiteral("https://management.azure.com/"));
        other.insert(QStringLiteral("xms_mirid"), QStringLiteral("/subscriptions/x"));
        QVERIFY(panel.setCompareText(signToken({}, other, m_key)));
        QCOMPARE(
            diff->count(ClaimDifference::Kind::Added), 2); // the pasted token is newer: roles and xms_mirid appeared
        QCOMPARE(diff->count(ClaimDifference::Kind::Changed) >= 1, true);
        bool sawAud = false;
        for (int row = 0; row < diff->rowCount(); ++row)
            sawAud |= diff->index(row, 0).data().toString() == QLatin1String("aud");
        QVERIFY(sawAud);
        panel.findChild<QTabWidget *>(QStringLiteral("claimsTabs"))->setCurrentIndex(2);
        screenshot(panel, QStringLiteral("claims-compare"));
    }

    void exportMasksTheRawToken()
    {
        Session session;
        ClaimsPanel panel(session);
        const QString raw = signToken({}, claims(), m_key);
        session.setCurrentToken(result(raw));
        const QString signature = raw.section(u'.', 2, 2);
        for (ReportFormat format : { ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Text }) {
            const QString text = panel.exportText(format);
            QVERIFY(text.contains(QLatin1String("DoAll")));
            QVERIFY(!text.contains(signature));
            QVERIFY(text.contains(QLatin1String("[JWT, ")));
        }
        QVERIFY(panel.exportText(ReportFormat::Json, /*includeRawToken=*/true).contains(raw));
        QVERIFY(QJsonDocument::fromJson(panel.exportText(ReportFormat::Json).toUtf8()).isObject());
    }
};

QTEST_MAIN(TestClaimsPanel)
#include "test_claimspanel.moc"
