#include "autosource.h"

#include "sourcecatalog.h"

namespace idex {

AutoSource::AutoSource(HttpClient &http, SourceConfig config, QObject *parent)
    : TokenSource(parent)
    , m_http(http)
    , m_config(std::move(config))
{ }

EnvironmentDetection AutoSource::detection() const
{
    return detectEnvironment(m_config.environment);
}

QString AutoSource::displayName() const
{
    return QStringLiteral("Auto (%1)").arg(sourceInfo(detection().sourceId).name);
}

TokenSource *AutoSource::resolve() const
{
    return createSource(detection().sourceId, m_http, m_config, const_cast<AutoSource *>(this));
}

QUrl AutoSource::endpoint() const
{
    std::unique_ptr<TokenSource> probe(resolve());
    return probe ? probe->endpoint() : QUrl();
}

QString AutoSource::refusal(const IdentitySelector &identity) const
{
    std::unique_ptr<TokenSource> probe(resolve());
    return probe ? probe->refusal(identity) : QString();
}

void AutoSource::begin(const TokenRequest &request)
{
    delete m_inner;
    const EnvironmentDetection detected = detection();
    m_inner = resolve();
    connect(m_inner, &TokenSource::attempted, this, &TokenSource::attempted);
    connect(m_inner, &TokenSource::retryScheduled, this, &TokenSource::retryScheduled);
    connect(m_inner, &TokenSource::succeeded, this, [this](TokenResult result) {
        result.sourceName = displayName();
        succeed(result);
    });
    connect(m_inner, &TokenSource::failed, this, [this, detected](TokenFailure failure) {
        failure.sourceName = displayName();
        failure.detail += QStringLiteral("\nAuto detection: ") + detected.reason;
        if (detected.fellBackToImds
            && (failure.code == QLatin1String("timeout") || failure.code == QLatin1String("no-managed-identity")
                || failure.code == QLatin1String("connection-refused")
                || failure.code == QLatin1String("host-not-found"))) {
            failure.code = QStringLiteral("no-managed-identity");
            failure.title = QStringLiteral("No managed identity environment detected");
            failure.fix = QStringLiteral("None of the managed identity variables is set and IMDS did not answer: this "
                                         "is not an Azure resource with a managed identity. Run on the Azure "
                                         "resource (or in its Kudu/SSH console), or use the built-in emulator.");
        }
        fail(failure);
    });
    m_inner->start(request);
}

void AutoSource::abort()
{
    if (m_inner) {
        disconnect(m_inner, nullptr, this, nullptr);
        m_inner->cancel();
    }
}

Transcript AutoSource::transcriptSoFar() const
{
    return {};
}

} // namespace idex
