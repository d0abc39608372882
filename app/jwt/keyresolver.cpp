#include "keyresolver.h"

#include "microsoft.h"
#include "net/boundedfile.h"
#include "net/httpclient.h"
#include "signatureverifier.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace idex {

namespace {

constexpr std::chrono::hours kMetadataMaxAge { 24 };
constexpr std::chrono::milliseconds kTimeout { 10000 };
constexpr qint64 kMaxDocument = 1024 * 1024; // metadata and key sets are a few KB

bool isAcceptableUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    // The emulator speaks plain HTTP on loopback; anywhere else key material must come over TLS.
    return url.scheme() == QLatin1String("http") && isLoopbackHost(url.host());
}

/*! A metadata document names where its keys are. Following it anywhere would let a compromised or forged
    configuration point at an attacker's key set: the keys must be on the issuer's own host (or an Entra authority),
    and plain http is acceptable only from a loopback issuer to its own origin. */
QString jwksUriProblem(const QUrl &metadataUrl, const QUrl &jwksUri)
{
    if (!jwksUri.isValid() || jwksUri.host().isEmpty())
        return QStringLiteral("has no usable jwks_uri");
    const bool sameOrigin = jwksUri.scheme() == metadataUrl.scheme()
        && jwksUri.host().compare(metadataUrl.host(), Qt::CaseInsensitive) == 0
        && jwksUri.port(jwksUri.scheme() == QLatin1String("https") ? 443 : 80)
            == metadataUrl.port(metadataUrl.scheme() == QLatin1String("https") ? 443 : 80);
    if (jwksUri.scheme() == QLatin1String("http")) {
        if (isLoopbackHost(metadataUrl.host()) && sameOrigin)
            return {};
        return QStringLiteral(
            "names keys over plain http at %1; http is accepted only from a loopback issuer to its own "
            "address and port")
            .arg(jwksUri.toString());
    }
    if (jwksUri.scheme() != QLatin1String("https"))
        return QStringLiteral("names keys at %1, which is not an https URL").arg(jwksUri.toString());
    if (jwksUri.host().compare(metadataUrl.host(), Qt::CaseInsensitive) == 0 || isEntraAuthorityHost(jwksUri.host()))
        return {};
    return QStringLiteral(
        "names keys on another host (%1, not %2); keys are accepted only from the issuer's own host or "
        "an Entra authority")
        .arg(jwksUri.host(), metadataUrl.host());
}

QString minutesAgo(const QDateTime &then, const QDateTime &now)
{
    const qint64 seconds = then.secsTo(now);
    return seconds < 60 ? QStringLiteral("%1 s ago").arg(seconds) : QStringLiteral("%1 min ago").arg(seconds / 60);
}

HttpRequest getRequest(const QUrl &url)
{
    HttpRequest request;
    request.url = url;
    request.timeout = kTimeout;
    request.maxResponseBytes = kMaxDocument;
    request.setHeader("Accept", "application/json");
    return request;
}

QString failureText(const HttpExchange &exchange, const QString &what)
{
    const HttpResponse &response = exchange.response;
    if (!response.answered())
        return QStringLiteral("The %1 could not be fetched from %2: %3.")
            .arg(what, exchange.request.url.toString(),
                response.error.isEmpty() ? describeFailure(response.failure) : response.error);
    return QStringLiteral("The %1 at %2 answered HTTP %3.")
        .arg(what, exchange.request.url.toString())
        .arg(response.status);
}

} // namespace

struct KeyResolver::Job
{
    QString keyId;
    QPointer<QObject> context;
    Callback done;
    KeyResolution resolution;
};

KeyResolver::KeyResolver(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

QUrl KeyResolver::metadataUrlFor(const QString &issuer, QString *problem)
{
    auto fail = [problem](const QString &text) {
        if (problem)
            *problem = text;
        return QUrl();
    };
    if (issuer.isEmpty())
        return fail(QStringLiteral("The token has no \"iss\" claim to discover its keys from."));
    const QUrl iss(issuer);
    if (!isAcceptableUrl(iss))
        return fail(QStringLiteral("The issuer \"%1\" is not an https URL (or an http URL on this machine), so its "
                                   "keys cannot be discovered. Use a JWKS URL or file.")
                        .arg(issuer));
    QString path = iss.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    QUrl metadata;
    metadata.setScheme(iss.scheme());
    if (iss.host() == QLatin1String("sts.windows.net")) {
        // v1 tokens name sts.windows.net; their metadata and keys are served by login.microsoftonline.com.
        metadata.setHost(QStringLiteral("login.microsoftonline.com"));
    } else {
        metadata.setHost(iss.host());
        metadata.setPort(iss.port());
    }
    metadata.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return metadata;
}

void KeyResolver::resolveForToken(const DecodedToken &token, QObject *context, Callback done)
{
    auto job = std::make_shared<Job>();
    job->keyId = token.keyId();
    job->context = context;
    job->done = std::move(done);

    QString problem;
    const QUrl metadataUrl = metadataUrlFor(token.issuer(), &problem);
    if (!metadataUrl.isValid()) {
        job->resolution.error = problem;
        finish(job);
        return;
    }
    job->resolution.metadataUrl = metadataUrl.toString();
    job->resolution.trust = trustForIssuer(token.issuer(), &job->resolution.trustNote);
    const QDateTime now = m_clock();
    const auto cached = m_metadata.constFind(job->resolution.metadataUrl);
    if (cached != m_metadata.constEnd() && cached->fetchedAt.msecsTo(now) >= 0
        && cached->fetchedAt.msecsTo(now) < std::chrono::milliseconds(kMetadataMaxAge).count()) {
        job->resolution.metadataIssuer = cached->issuer;
        fetchKeys(job, cached->jwksUri);
        return;
    }

    ++m_requestCount;
    HttpCall *call = m_http.send(getRequest(metadataUrl));
    connect(call, &HttpCall::finished, this, [this, job](const HttpExchange &exchange) {
        job->resolution.transcript << exchange;
        if (!exchange.response.isSuccess()) {
            job->resolution.error = failureText(exchange, QStringLiteral("OpenID configuration"));
            finish(job);
            return;
        }
        const QJsonObject metadata = QJsonDocument::fromJson(exchange.response.body).object();
        const QUrl jwksUri(metadata.value(QLatin1String("jwks_uri")).toString());
        const QString problem = jwksUriProblem(QUrl(job->resolution.metadataUrl), jwksUri);
        if (!problem.isEmpty()) {
            job->resolution.error = QStringLiteral("The OpenID configuration at %1 %2: its keys were not fetched.")
                                        .arg(job->resolution.metadataUrl, problem);
            finish(job);
            return;
        }
        job->resolution.metadataIssuer = metadata.value(QLatin1String("issuer")).toString();
        m_metadata.insert(job->resolution.metadataUrl, Metadata { jwksUri, job->resolution.metadataIssuer, m_clock() });
        fetchKeys(job, jwksUri);
    });
}

void KeyResolver::resolveFromUrl(const QUrl &jwksUrl, const QString &keyId, QObject *context, Callback done)
{
    auto job = std::make_shared<Job>();
    job->keyId = keyId;
    job->context = context;
    job->done = std::move(done);
    job->resolution.trust = KeyTrust::UserNamed;
    job->resolution.trustNote = QStringLiteral("the key set URL you named");
    if (!isAcceptableUrl(jwksUrl)) {
        job->resolution.source = jwksUrl.toString();
        job->resolution.error
            = QStringLiteral("\"%1\" is not an https URL (or an http URL on this machine).").arg(jwksUrl.toString());
        finish(job);
        return;
    }
    fetchKeys(job, jwksUrl);
}

void KeyResolver::fetchKeys(std::shared_ptr<Job> job, const QUrl &jwksUrl)
{
    const QString url = jwksUrl.toString();
    job->resolution.source = url;
    const QDateTime now = m_clock();
    const JwksCache::Decision decision = m_cache.decide(url, job->keyId, now);
    if (decision == JwksCache::Decision::UseCached || decision == JwksCache::Decision::UseCachedUnknownKey) {
        const JwksCache::Entry *entry = m_cache.entry(url);
        job->resolution.keys = entry->keys;
        job->resolution.fromCache = true;
        job->resolution.notes
            << QStringLiteral("Keys served from cache (fetched %1).").arg(minutesAgo(entry->fetchedAt, now));
        if (decision == JwksCache::Decision::UseCachedUnknownKey)
            job->resolution.notes << QStringLiteral("The kid is not in the cached keys; they were fetched less than 5 "
                                                    "minutes ago, so they are not fetched again yet (Entra's rule).");
        finish(job);
        return;
    }
    if (decision == JwksCache::Decision::FetchForUnknownKey) {
        job->resolution.refreshed = true;
        job->resolution.notes << QStringLiteral("The kid was not in the cached keys: fetched them again.");
    }
    ++m_requestCount;
    HttpCall *call = m_http.send(getRequest(jwksUrl));
    connect(call, &HttpCall::finished, this, [this, job, url](const HttpExchange &exchange) {
        job->resolution.transcript << exchange;
        if (!exchange.response.isSuccess()) {
            job->resolution.error = failureText(exchange, QStringLiteral("key set"));
            finish(job);
            return;
        }
        const JwksParseResult parsed = parseJwks(exchange.response.body);
        if (!parsed.ok()) {
            job->resolution.error = parsed.error;
            finish(job);
            return;
        }
        m_cache.store(url, parsed.set, m_clock());
        job->resolution.keys = parsed.set;
        finish(job);
    });
}

void KeyResolver::finish(const std::shared_ptr<Job> &job)
{
    // Always deliver from the event loop, so callers see the same ordering for cached and fetched answers.
    QMetaObject::invokeMethod(
        this,
        [job] {
            if (job->context && job->done)
                job->done(job->resolution);
        },
        Qt::QueuedConnection);
}

KeyResolution KeyResolver::wait(const std::function<void(QObject *, Callback)> &start)
{
    QEventLoop loop;
    KeyResolution result;
    bool finished = false;
    start(&loop, [&](const KeyResolution &resolution) {
        result = resolution;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

KeyResolution KeyResolver::resolveForTokenAndWait(const DecodedToken &token)
{
    return wait([&](QObject *context, Callback done) { resolveForToken(token, context, std::move(done)); });
}

KeyResolution KeyResolver::resolveFromUrlAndWait(const QUrl &jwksUrl, const QString &keyId)
{
    return wait([&](QObject *context, Callback done) { resolveFromUrl(jwksUrl, keyId, context, std::move(done)); });
}

KeyResolution KeyResolver::loadFile(const QString &path)
{
    KeyResolution resolution;
    resolution.source = path;
    resolution.trust = KeyTrust::UserNamed;
    resolution.trustNote = QStringLiteral("the key file you named");
    // file.size() of /dev/zero is 0, so a size check alone let readAll() run forever: the bounded reader refuses it.
    const BoundedRead file = readBoundedFile(path, fileLimits::keySet);
    if (!file.ok()) {
        resolution.error = QStringLiteral("Cannot use the key file: %1.").arg(file.error);
        return resolution;
    }
    const JwksParseResult parsed = parseJwks(file.data);
    if (!parsed.ok()) {
        resolution.error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), parsed.error);
        return resolution;
    }
    resolution.keys = parsed.set;
    return resolution;
}

KeyTrust KeyResolver::trustForIssuer(const QString &issuer, QString *why) const
{
    auto said = [why](KeyTrust trust, const QString &text) {
        if (why)
            *why = text;
        return trust;
    };
    const QUrl url(issuer);
    const QString host = url.host().toLower();
    if (m_trustedIssuers.contains(issuer))
        return said(KeyTrust::AllowedIssuer, QStringLiteral("discovered from %1, an issuer you allowed").arg(issuer));
    if (url.scheme() == QLatin1String("https") && isEntraAuthorityHost(host))
        return said(
            KeyTrust::EntraAuthority, QStringLiteral("discovered from the Microsoft Entra ID authority %1").arg(host));
    if ((url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) && isLoopbackHost(host))
        return said(KeyTrust::LocalEmulator,
            QStringLiteral("discovered from %1 on this machine (the emulator)").arg(url.authority()));
    return said(KeyTrust::Untrusted,
        QStringLiteral("discovered from the token's own issuer %1, which is neither a Microsoft "
                       "Entra ID authority nor this machine; anyone can publish keys there")
            .arg(host.isEmpty() ? issuer : host));
}

SignatureVerdict verifyWithResolution(const DecodedToken &token, const KeyResolution &resolution)
{
    SignatureVerdict verdict = verifySignature(token, resolution.keys, resolution.source);
    verdict.keyTrust = resolution.ok() ? resolution.trust : KeyTrust::Unknown;
    // Refusals (alg none, HMAC, crit, nonce) stand whatever happened to the keys; a missing key set is not a
    // missing key.
    if (!resolution.ok() && verdict.status == SignatureStatus::UnknownKey) {
        verdict.status = SignatureStatus::Error;
        verdict.reason = QStringLiteral("keys-unavailable");
        verdict.detail = resolution.error;
    }
    return verdict;
}

} // namespace idex
