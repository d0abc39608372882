#pragma once

#include "directory.h"
#include "net/httptypes.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>

class QTimer;

namespace idex {

class HttpCall;
class HttpClient;

struct GraphReaderOptions
{
    /*! Microsoft Graph, or the emulator's subset at {emulator}/v1.0/. Must end with "/". */
    QUrl baseUrl = QUrl(QStringLiteral("https://graph.microsoft.com/v1.0/"));
    QString accessToken; ///< for https://graph.microsoft.com; in memory only
    int pageSize = 999; ///< $top (Graph's maximum)
    /*! Multiplies every Retry-After wait: 1 in real use, small in tests so throttling can be exercised quickly. */
    double retryDelayScale = 1.0;
    int maxThrottleRetries = 6; ///< per request
    /*! The longest Retry-After honoured; a longer one (or 1e300) waits this long, with a note in the transcript. */
    std::chrono::milliseconds maxRetryAfter { 120000 };
    bool includeAssignments = true;
    bool includeGrants = false; ///< oauth2PermissionGrants needs Directory.Read.All
    std::chrono::milliseconds requestTimeout { 60000 };
};

struct GraphLoadProgress
{
    QString stage; ///< "applications", "servicePrincipals", "appRoleAssignedTo 3/12", ...
    qsizetype objects = 0; ///< objects and assignments received so far
    int pages = 0;
    int throttleWaits = 0;
    double waitedSeconds = 0; ///< total Retry-After time
    double currentWaitSeconds = 0; ///< > 0 while waiting on a Retry-After
};

struct GraphLoadResult
{
    bool ok = false;
    bool canceled = false;
    Directory directory;
    int httpStatus = 0; ///< of the failing request
    QString error; ///< what went wrong, in words, with what to do
    QString missingPermission; ///< "Application.Read.All" when a 403 says so
    QString graphErrorCode; ///< Graph's error.code ("Authorization_RequestDenied")
    GraphLoadProgress stats;
    Transcript transcript; ///< redacted; bodies shortened
};

/*! Reads applications, service principals and app role assignments from Microsoft Graph (or the emulator's Graph)
    through the app's HttpClient: `$top`/`$select`, `@odata.nextLink` paging (same host only: the token is never
    sent elsewhere), 429/503 with fractional Retry-After honoured, 401/403 explained. Asynchronous: emits progress()
    and exactly one finished() per start(); cancel() stops at once. */
class GraphReader : public QObject
{
    Q_OBJECT
public:
    explicit GraphReader(HttpClient &http, QObject *parent = nullptr);
    ~GraphReader() override;

    void start(const GraphReaderOptions &options);
    void cancel();
    bool isRunning() const { return m_running; }

    /*! The permission Graph wants for a request path ("servicePrincipals/x/appRoleAssignedTo" -> Application.Read.All).
     */
    static QString permissionFor(const QString &path);

Q_SIGNALS:
    void progress(const idex::GraphLoadProgress &progress);
    void finished(const idex::GraphLoadResult &result);

private:
    enum class Stage { Applications, ServicePrincipals, Assignments, Grants, Done };
    void nextStage();
    void requestCollection(const QString &path, const QString &select);
    void sendCurrent();
    void onExchange(const HttpExchange &exchange);
    void fail(const HttpExchange &exchange, const QString &message);
    void finish(bool ok, const QString &error = {});
    void record(HttpExchange exchange, const QString &note = {});

    HttpClient &m_http;
    GraphReaderOptions m_options;
    GraphLoadResult m_result;
    Stage m_stage = Stage::Applications;
    QStringList m_resourceQueue; ///< resource SPs whose appRoleAssignedTo is still to read
    int m_resourceTotal = 0;
    QUrl m_currentUrl;
    QString m_currentPath; ///< relative path for messages and permissions
    int m_attempt = 0;
    bool m_running = false;
    QPointer<HttpCall> m_call;
    QTimer *m_retryTimer;
};

} // namespace idex
