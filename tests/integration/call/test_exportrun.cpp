// The exported curl command is run by a real shell and curl against a real local server: what arrives must be the
// request the panel would have sent.
#include "call/requestexport.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace idex;

class TestExportRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        m_server.route(QStringLiteral("/api/echo"), [this](const QHttpServerRequest &request) {
            m_received = request.headers();
            m_body = request.body();
            m_query = request.url().query(QUrl::FullyDecoded);
            m_method = request.method();
            return QHttpServerResponse(QByteArray("ok"));
        });
        m_port = m_server.listen(QHostAddress::LocalHost);
        QVERIFY(m_port > 0);
    }

    void curlSendsWhatWasExported_data()
    {
        QTest::addColumn<bool>("raw");
        QTest::addRow("redacted, TOKEN set in the environment") << false;
        QTest::addRow("with the real token") << true;
    }

    void curlSendsWhatWasExported()
    {
        QFETCH(bool, raw);
        const QByteArray token("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9hIn0.c2lnbmF0dXJl");
        HttpRequest request;
        request.method = "POST";
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/api/echo?name=o'neil&x=a b").arg(m_port));
        request.setHeader("Authorization", "Bearer " + token);
        request.setHeader("Content-Type", "application/json");
        request.setHeader("X-Quote", "it's \"quoted\" $HOME `date`");
        request.body = "{\"message\":\"it's $HOME\"}";
        const QString command = toCurl(request, raw ? Secrets::Shown : Secrets::Redacted);

        QProcess shell;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TOKEN"), QString::fromLatin1(token));
        shell.setProcessEnvironment(environment);
        QSignalSpy finished(&shell, &QProcess::finished);
        shell.start(QStringLiteral("/bin/sh"),
            { QStringLiteral("-c"), command.trimmed() + QStringLiteral(" -s -o /dev/null") });
        QVERIFY(finished.wait(20000)); // the server lives in this thread: wait with the event loop running
        QCOMPARE(shell.exitCode(), 0);

        QCOMPARE(m_method, QHttpServerRequest::Method::Post);
        auto header = [this](const QByteArray &name) {
            for (const auto &[key, value] : m_received) {
                if (key.compare(name, Qt::CaseInsensitive) == 0)
                    return value;
            }
            return QByteArray();
        };
        QCOMPARE(header("Authorization"), QByteArray("Bearer ") + token);
        QCOMPARE(header("X-Quote"), QByteArray("it's \"quoted\" $HOME `date`"));
        QCOMPARE(m_body, QByteArray("{\"message\":\"it's $HOME\"}"));
        QCOMPARE(m_query, QStringLiteral("name=o'neil&x=a b"));
    }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QList<QPair<QByteArray, QByteArray>> m_received;
    QByteArray m_body;
    QString m_query;
    QHttpServerRequest::Method m_method = QHttpServerRequest::Method::Unknown;
};

QTEST_GUILESS_MAIN(TestExportRun)
#include "test_exportrun.moc"
