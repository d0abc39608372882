#include "tokensource.h"

#include <QTimer>

namespace idex {

TokenSource::TokenSource(QObject *parent)
    : QObject(parent)
{ }

QString TokenSource::refusal(const IdentitySelector &) const
{
    return {};
}

void TokenSource::start(const TokenRequest &request)
{
    if (m_running)
        cancel();
    m_running = true;
    ++m_generation;

    TokenRequest validated = request;
    if (needsResource()) {
        QString error;
        validated.resource = scopeToResource(request.resource, &error);
        if (validated.resource.isEmpty()) {
            failLater(makeFailure(QStringLiteral("no-resource"), QStringLiteral("No valid resource"), error,
                QStringLiteral("Ask for a single resource, e.g. https://management.azure.com/")));
            return;
        }
    }
    if (!request.identity.isSystemAssigned() && request.identity.value.trimmed().isEmpty()) {
        failLater(makeFailure(QStringLiteral("no-identity-id"), QStringLiteral("No identity ID given"),
            QStringLiteral("A user-assigned identity needs its %1.")
                .arg(request.identity.describe().section(u',', 1).trimmed()),
            QStringLiteral("Type the ID, or choose the system-assigned identity.")));
        return;
    }
    const QString refused = refusal(request.identity);
    if (!refused.isEmpty()) {
        failLater(makeFailure(QStringLiteral("identity-not-supported"),
            QStringLiteral("%1 cannot select this identity").arg(displayName()), refused,
            QStringLiteral("Choose an identity kind this source supports, or another source.")));
        return;
    }
    begin(validated);
}

void TokenSource::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    abort();
    TokenFailure failure = makeFailure(QStringLiteral("canceled"), QStringLiteral("Canceled"),
        QStringLiteral("The request was canceled before a token arrived."), {});
    failure.transcript = transcriptSoFar();
    failure.attempts = int(failure.transcript.size());
    fail(failure);
}

void TokenSource::succeed(TokenResult result)
{
    if (!m_running)
        return;
    m_running = false;
    if (result.sourceId.isEmpty())
        result.sourceId = id();
    if (result.sourceName.isEmpty())
        result.sourceName = displayName();
    if (!result.obtainedAt.isValid())
        result.obtainedAt = QDateTime::currentDateTimeUtc();
    Q_EMIT succeeded(result);
}

void TokenSource::fail(TokenFailure failure)
{
    if (!m_running)
        return;
    m_running = false;
    if (failure.sourceId.isEmpty())
        failure.sourceId = id();
    if (failure.sourceName.isEmpty())
        failure.sourceName = displayName();
    Q_EMIT failed(failure);
}

void TokenSource::failLater(const TokenFailure &failure)
{
    const quint64 generation = m_generation;
    QTimer::singleShot(0, this, [this, failure, generation] {
        if (generation == m_generation)
            fail(failure);
    });
}

TokenFailure TokenSource::makeFailure(
    const QString &code, const QString &title, const QString &detail, const QString &fix) const
{
    TokenFailure failure;
    failure.code = code;
    failure.title = title;
    failure.detail = detail;
    failure.fix = fix;
    failure.sourceId = id();
    failure.sourceName = displayName();
    failure.endpoint = endpoint().toString();
    return failure;
}

} // namespace idex
