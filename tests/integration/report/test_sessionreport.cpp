// The session's journal and the report written from it, with a real emulator over loopback: a genuine token, a real
// call, a directory change, a hostile claim. The report says what happened and never carries a token or markup
// that came from a token.
#include "call/callanalysis.h"
#include "directory/directory.h"
#include "emulator/emulator.h"
#include "net/base64url.h"
#include "report/sessionreport.h"
#include "session/session.h"
#include "support/emulatortoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace idex;

namespace {

/*! Any JWT-shaped text: what a report must never contain. */
bool containsJwt(const QString &text)
{
    static const QRegularExpression jwt(QStringLiteral("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"));
    return jwt.match(text).hasMatch();
}

QString unsignedToken(const QJsonObject &claims)
{
    return QString::fromLatin1(base64Url(R"({"alg":"none","typ":"JWT"})") + '.'
        + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.');
}

} // namespace

class TestSessionReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordsTheSessionAndNoSecret()
    {
        emulator::Emulator emulator;
        QString error;
        QVERIFY2(emulator.start(emulator::EmulatorOptions {}, &error), qPrintable(error));
        Session session;
        session.setEmulator(&emulator);
        const emulator::ProtectedFunction &function = emulator.scenario().functions.first();
        const emulator::Application *app = emulator.scenario().applicationByAppId(function.appId);
        QVERIFY(app);
        const QString audience = app->identifierUris.value(0, app->appId);
        const QString raw = testsupport::imdsToken(session.http(), emulator.baseUrl(), audience);
        QVERIFY(!raw.isEmpty());

        TokenResult token;
        token.accessToken = raw;
        token.sourceName = QStringLiteral("Emulator (seed)");
        token.endpoint
            = emulator.baseUrl().resolved(QUrl(QStringLiteral("/metadata/identity/oauth2/token"))).toString();
        session.setCurrentToken(token);
        session.setCurrentToken(token); // the same token again is not a new entry

        HttpRequest request;
        request.url = emulator.baseUrl().resolved(QUrl(function.path));
        request.setHeader("Authorization", "Bearer " + raw.toLatin1());
        session.setLastCall(analyzeCall(session.http().sendAndWait(request)));
        HttpRequest anonymous;
        anonymous.url = request.url;
        session.setLastCall(analyzeCall(session.http().sendAndWait(anonymous)));

        // A directory change: the second read lacks the first one's assignment.
        const auto directoryWith = [](bool assigned) {
            Directory directory;
            ServicePrincipal caller { .id = QStringLiteral("p1"),
                .appId = QStringLiteral("c1"),
                .displayName = QStringLiteral("caller-func"),
                .servicePrincipalType = QStringLiteral("ManagedIdentity") };
            AppRole doAll { .id = QStringLiteral("r1"),
                .value = QStringLiteral("DoAll"),
                .allowedMemberTypes = { QStringLiteral("Application") } };
            ServicePrincipal api { .id = QStringLiteral("s1"),
                .appId = QStringLiteral("a1"),
                .displayName = QStringLiteral("aad-func"),
                .servicePrincipalType = QStringLiteral("Application"),
                .appRoles = { doAll } };
            directory.addServicePrincipal(caller);
            directory.addServicePrincipal(api);
            if (assigned)
                directory.addAssignment(AppRoleAssignment { .id = QStringLiteral("x1"),
                    .appRoleId = QStringLiteral("r1"),
                    .principalId = QStringLiteral("p1"),
                    .principalType = QStringLiteral("ServicePrincipal"),
                    .principalDisplayName = QStringLiteral("caller-func"),
                    .resourceId = QStringLiteral("s1"),
                    .resourceDisplayName = QStringLiteral("aad-func") });
            return directory;
        };
        session.setDirectory(directoryWith(false));
        session.setDirectory(directoryWith(true));

        // A pasted token whose claims are markup.
        TokenResult hostile;
        hostile.accessToken = unsignedToken({ { QStringLiteral("aud"), QStringLiteral("<script>alert(1)</script>") },
            { QStringLiteral("roles"), QJsonArray { QStringLiteral("<img src=x onerror=alert(2)>") } } });
        session.setCurrentToken(hostile);

        const QList<JournalEntry> &entries = session.journal().entries();
        QStringList kinds;
        for (const JournalEntry &entry : entries)
            kinds << entry.kindName();
        QCOMPARE(kinds,
            QStringList({ QStringLiteral("emulator-run"), QStringLiteral("token"), QStringLiteral("call"),
                QStringLiteral("call"), QStringLiteral("directory-change"), QStringLiteral("token") }));
        QVERIFY(entries.at(1).details.contains(QStringLiteral("aud: %1").arg(audience)));
        QVERIFY(entries.at(2).title.startsWith(QLatin1String("200 from GET")));
        QVERIFY(entries.at(3).title.startsWith(QLatin1String("401 from GET")));
        QVERIFY(!entries.at(3).findings.isEmpty()); // the diagnosis of that moment
        QCOMPARE(entries.at(4).details, QStringList { QStringLiteral("added: caller-func holds DoAll on aad-func") });

        report::ReportHeader header;
        header.subtitle = QStringLiteral("Scenario seed");
        for (const report::Format format : { report::Format::Markdown, report::Format::Html }) {
            const QString text = report::render(format, entries, header);
            QVERIFY(!text.contains(raw));
            QVERIFY(!text.contains(raw.section(u'.', 2))); // not even the signature
            QVERIFY2(!containsJwt(text), qPrintable(text));
            QVERIFY(text.contains(QLatin1String("caller-func holds DoAll on aad-func")));
        }
        const QString html = report::toHtml(entries, header);
        QVERIFY(!html.contains(QLatin1String("<script>")));
        QVERIFY(!html.contains(QLatin1String("<img")));
        QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(html.contains(QLatin1String("default-src 'none'"))); // loads nothing, runs nothing
        const QString markdown = report::toMarkdown(entries, header);
        // Markup from a token is escaped in prose and stays literal inside code spans (CommonMark renders those as
        // text); nowhere else.
        QVERIFY(markdown.contains(QLatin1String("\\<script\\>alert(1)\\</script\\>")));
        QVERIFY(markdown.contains(QLatin1String("`aud: <script>alert(1)</script>`")));
        QCOMPARE(markdown.count(QLatin1String("<script>")), 1);
    }

    void formatsByName()
    {
        QCOMPARE(report::formatFromName(QStringLiteral("HTML")), report::Format::Html);
        QCOMPARE(report::formatFromName(QStringLiteral("md")), report::Format::Markdown);
        QVERIFY(!report::formatFromName(QStringLiteral("pdf")));
    }
};

QTEST_GUILESS_MAIN(TestSessionReport)
#include "test_sessionreport.moc"
