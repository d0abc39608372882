#include "graphreader.h"

#include "directoryjson.h"
#include "net/httpclient.h"
#include "net/redaction.h"
#include "net/retrypolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>

namespace idex {

namespace {
constexpr qsizetype transcriptBodyLimit = 4096;

const QString applicationSelect = QStringLiteral("id,appId,displayName,identifierUris,appRoles,api");
const QString servicePrincipalSelect
    = QStringLiteral("id,appId,displayName,servicePrincipalType,alternativeNames,servicePrincipalNames,appRoles,"
                     "appRoleAssignmentRequired,appOwnerOrganizationId");
} // namespace

GraphReader::GraphReader(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        m_result.stats.currentWaitSeconds = 0;
        sendCurrent();
    });
}

GraphReader::~GraphReader()
{
    if (m_call)
        m_call->disconnect(this);
}

QString GraphReader::permissionFor(const QString &path)
{
    if (path.contains(QLatin1String("oauth2PermissionGrants")))
        return QStringLiteral("Directory.Read.All");
    return QStringLiteral("Application.Read.All");
}

void GraphReader::start(const GraphReaderOptions &options)
{
    cancel();
    m_options = options;
    m_result = GraphLoadResult();
    m_result.directory.sourceDescription = options.baseUrl.host() == QLatin1String("graph.microsoft.com")
        ? QStringLiteral("Microsoft Graph")
        : QStringLiteral("Graph at %1").arg(options.baseUrl.toString());
    m_stage = Stage::Applications;
    m_result.stats.stage = QStringLiteral("applications");
    m_running = true;
    m_resourceQueue.clear();
    if (!m_options.baseUrl.path().endsWith(u'/'))
        m_options.baseUrl.setPath(m_options.baseUrl.path() + u'/');
    if (m_options.accessToken.isEmpty()) {
        // Finish from the event loop so that callers connected after start() still hear it.
        QTimer::singleShot(0, this, [this] {
            finish(false,
                QStringLiteral("No access token for Microsoft Graph: get one for https://graph.microsoft.com first."));
        });
        return;
    }
    requestCollection(QStringLiteral("applications"), applicationSelect);
}

void GraphReader::cancel()
{
    if (!m_running)
        return;
    m_retryTimer->stop();
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
    }
    m_result.canceled = true;
    finish(false, QStringLiteral("Canceled."));
}

void GraphReader::requestCollection(const QString &path, const QString &select)
{
    m_currentPath = path;
    QUrl url = m_options.baseUrl.resolved(QUrl(path));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("$top"), QString::number(m_options.pageSize));
    if (!select.isEmpty())
        query.addQueryItem(QStringLiteral("$select"), select);
    url.setQuery(query);
    m_currentUrl = url;
    m_attempt = 0;
    sendCurrent();
}

void GraphReader::sendCurrent()
{
    HttpRequest request;
    request.method = "GET";
    request.url = m_currentUrl;
    request.timeout = m_options.requestTimeout;
    request.setHeader("Authorization", "Bearer " + m_options.accessToken.toUtf8());
    request.setHeader("Accept", "application/json");
    ++m_attempt;
    m_call = m_http.send(request);
    connect(m_call, &HttpCall::finished, this, &GraphReader::onExchange);
}

void GraphReader::record(HttpExchange exchange, const QString &note)
{
    exchange = redaction::redacted(exchange);
    if (exchange.response.body.size() > transcriptBodyLimit) {
        const qsizetype full = exchange.response.body.size();
        exchange.response.body.truncate(transcriptBodyLimit);
        exchange.response.body += "\n[" + QByteArray::number(full - transcriptBodyLimit) + " more bytes not kept]";
    }
    if (!note.isEmpty())
        exchange.note = note;
    m_result.transcript.append(exchange);
}

void GraphReader::onExchange(const HttpExchange &exchange)
{
    m_call = nullptr;
    if (!m_running)
        return;
    const HttpResponse &response = exchange.response;
    if (!response.answered()) {
        record(exchange);
        fail(exchange,
            QStringLiteral("%1 did not answer: %2.")
                .arg(m_currentUrl.host(),
                    response.error.isEmpty() ? describeFailure(response.failure) : response.error));
        return;
    }
    if (response.status == 429 || response.status == 503) {
        const RetryAfter after = RetryPolicy::parseRetryAfter(
            response.header("Retry-After"), QDateTime::currentDateTimeUtc(), m_options.maxRetryAfter);
        // Graph's guidance without (a usable) Retry-After: back off exponentially.
        const double seconds = after.delay ? double(after.delay->count()) / 1000.0 : std::pow(2.0, m_attempt - 1);
        if (m_attempt > m_options.maxThrottleRetries) {
            record(exchange);
            fail(exchange,
                QStringLiteral(
                    "Graph kept throttling (HTTP %1) after %2 retries; try again later or with a smaller tenant slice.")
                    .arg(response.status)
                    .arg(m_options.maxThrottleRetries));
            return;
        }
        QString note
            = QStringLiteral("throttled: waiting %1 s (Retry-After) before retry %2").arg(seconds).arg(m_attempt);
        if (!after.note.isEmpty())
            note += QStringLiteral(" (%1)").arg(after.note);
        record(exchange, note);
        ++m_result.stats.throttleWaits;
        m_result.stats.waitedSeconds += seconds;
        m_result.stats.currentWaitSeconds = seconds;
        Q_EMIT progress(m_result.stats);
        m_retryTimer->start(
            std::chrono::milliseconds(qint64(std::llround(seconds * 1000.0 * m_options.retryDelayScale))));
        return;
    }
    if (!response.isSuccess()) {
        record(exchange);
        const QJsonObject error
            = QJsonDocument::fromJson(response.body).object().value(QLatin1String("error")).toObject();
        m_result.graphErrorCode = error.value(QLatin1String("code")).toString();
        const QString graphMessage = error.value(QLatin1String("message")).toString();
        QString message;
        if (response.status == 403) {
            m_result.missingPermission = permissionFor(m_currentPath);
            message
                = QStringLiteral(
                    "Graph refused %1 (403%2): the token lacks the application permission %3. Grant %3 to the "
                    "identity (an app role assignment on Microsoft Graph), then get a new token.")
                      .arg(m_currentPath,
                          m_result.graphErrorCode.isEmpty() ? QString() : QStringLiteral(" ") + m_result.graphErrorCode,
                          m_result.missingPermission);
        } else if (response.status == 401) {
            message = QStringLiteral("Graph did not accept the token (401%1): it must be a valid, unexpired token for "
                                     "https://graph.microsoft.com.")
                          .arg(m_result.graphErrorCode.isEmpty() ? QString()
                                                                 : QStringLiteral(" ") + m_result.graphErrorCode);
        } else {
            message = QStringLiteral("Graph answered HTTP %1 to %2.").arg(response.status).arg(m_currentPath);
        }
        if (!graphMessage.isEmpty())
            message += QStringLiteral(" Graph says: \"%1\"").arg(graphMessage);
        fail(exchange, message);
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    record(exchange);
    if (parseError.error != QJsonParseError::NoError || !doc.object().value(QLatin1String("value")).isArray()) {
        fail(exchange,
            QStringLiteral("Graph's answer to %1 is not a collection (expected JSON with a \"value\" array).")
                .arg(m_currentPath));
        return;
    }
    const QJsonObject page = doc.object();
    const QJsonArray items = page.value(QLatin1String("value")).toArray();
    Directory &d = m_result.directory;
    for (const QJsonValue &v : items) {
        const QJsonObject o = v.toObject();
        switch (m_stage) {
        case Stage::Applications: d.addApplication(directoryjson::applicationFromJson(o)); break;
        case Stage::ServicePrincipals: {
            ServicePrincipal sp = directoryjson::servicePrincipalFromJson(o);
            if (d.tenantId.isEmpty() && sp.isManagedIdentity() == false && !sp.appOwnerOrganizationId.isEmpty()
                && d.applicationByAppId(sp.appId))
                d.tenantId = sp.appOwnerOrganizationId;
            d.addServicePrincipal(sp);
            break;
        }
        case Stage::Assignments: {
            const AppRoleAssignment a = directoryjson::assignmentFromJson(o);
            if (!d.assignment(a.id))
                d.addAssignment(a);
            break;
        }
        case Stage::Grants: d.addGrant(directoryjson::grantFromJson(o)); break;
        case Stage::Done: break;
        }
    }
    ++m_result.stats.pages;
    m_result.stats.objects += items.size();
    Q_EMIT progress(m_result.stats);

    const QString next = page.value(QLatin1String("@odata.nextLink")).toString();
    if (!next.isEmpty()) {
        const QUrl nextUrl(next);
        // The token goes only where it was meant to go.
        if (nextUrl.scheme() != m_options.baseUrl.scheme() || nextUrl.host() != m_options.baseUrl.host()
            || nextUrl.port() != m_options.baseUrl.port()) {
            fail(exchange,
                QStringLiteral("Graph's @odata.nextLink points to another host (%1); not following it with the token.")
                    .arg(nextUrl.host()));
            return;
        }
        m_currentUrl = nextUrl;
        m_attempt = 0;
        sendCurrent();
        return;
    }
    nextStage();
}

void GraphReader::nextStage()
{
    Directory &d = m_result.directory;
    switch (m_stage) {
    case Stage::Applications:
        m_stage = Stage::ServicePrincipals;
        m_result.stats.stage = QStringLiteral("servicePrincipals");
        requestCollection(QStringLiteral("servicePrincipals"), servicePrincipalSelect);
        return;
    case Stage::ServicePrincipals:
        m_stage = Stage::Assignments;
        m_resourceQueue.clear();
        if (m_options.includeAssignments) {
            for (const ServicePrincipal &sp : d.servicePrincipals()) {
                if (!d.rolesOf(sp).isEmpty())
                    m_resourceQueue.append(sp.id);
            }
        }
        m_resourceTotal = int(m_resourceQueue.size());
        [[fallthrough]];
    case Stage::Assignments:
        if (!m_resourceQueue.isEmpty()) {
            const QString id = m_resourceQueue.takeFirst();
            m_result.stats.stage = QStringLiteral("appRoleAssignedTo %1/%2")
                                       .arg(m_resourceTotal - m_resourceQueue.size())
                                       .arg(m_resourceTotal);
            requestCollection(QStringLiteral("servicePrincipals/%1/appRoleAssignedTo")
                                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                QString());
            return;
        }
        m_stage = Stage::Grants;
        if (m_options.includeGrants) {
            m_result.stats.stage = QStringLiteral("oauth2PermissionGrants");
            requestCollection(QStringLiteral("oauth2PermissionGrants"), QString());
            return;
        }
        [[fallthrough]];
    case Stage::Grants:
    case Stage::Done:
        m_stage = Stage::Done;
        finish(true);
        return;
    }
}

void GraphReader::fail(const HttpExchange &exchange, const QString &message)
{
    m_result.httpStatus = exchange.response.status;
    finish(false, message);
}

void GraphReader::finish(bool ok, const QString &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_retryTimer->stop();
    m_result.ok = ok;
    m_result.error = error;
    m_result.directory.loadedAt = QDateTime::currentDateTimeUtc();
    if (!ok)
        m_result.stats.currentWaitSeconds = 0;
    const GraphLoadResult result = std::move(m_result);
    m_result = GraphLoadResult();
    Q_EMIT finished(result);
}

} // namespace idex
