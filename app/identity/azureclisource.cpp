#include "azureclisource.h"

#include "net/redaction.h"
#include "tokenresponse.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace idex {

AzureCliSource::AzureCliSource(SourceConfig config, QObject *parent)
    : TokenSource(parent)
    , m_config(std::move(config))
    , m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_process)
            m_process->kill();
    });
}

QString AzureCliSource::refusal(const IdentitySelector &identity) const
{
    if (!identity.isSystemAssigned())
        return QStringLiteral("The Azure CLI returns a token for the account it is signed in with (`az login`); it "
                              "cannot select a managed identity.");
    return {};
}

QUrl AzureCliSource::endpoint() const
{
    return QUrl::fromLocalFile(m_config.azProgram);
}

std::optional<TokenResult> AzureCliSource::parseOutput(const QByteArray &json, QString *error)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    const QJsonObject object = document.object();
    TokenResult result;
    result.accessToken = object.value(QLatin1String("accessToken")).toString();
    if (!document.isObject() || result.accessToken.isEmpty()) {
        if (error)
            *error = QStringLiteral("`az` printed no accessToken.");
        return std::nullopt;
    }
    result.tokenType = object.value(QLatin1String("tokenType")).toString(QStringLiteral("Bearer"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto on = parseExpiresOn(object.value(QLatin1String("expires_on")), now)) {
        result.expiresOn = *on;
    } else {
        // Older CLIs print only "2024-05-01 13:45:12.000000" in the machine's local time.
        const QString local = object.value(QLatin1String("expiresOn")).toString();
        QDateTime when = QDateTime::fromString(local.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (when.isValid())
            result.expiresOn = when.toUTC();
    }
    return result;
}

void AzureCliSource::begin(const TokenRequest &request)
{
    m_request = request;
    const QFileInfo given(m_config.azProgram);
    const QString program = given.isAbsolute() ? (given.isExecutable() ? given.absoluteFilePath() : QString())
                                               : QStandardPaths::findExecutable(m_config.azProgram);
    if (program.isEmpty()) {
        failLater(makeFailure(QStringLiteral("az-not-installed"), QStringLiteral("The Azure CLI is not installed here"),
            QStringLiteral("`%1` was not found on the PATH.").arg(m_config.azProgram),
            QStringLiteral("Install the Azure CLI and run `az login` to compare its token; every "
                           "other source works without it.")));
        return;
    }
    m_timedOut = false;
    m_process = new QProcess(this);
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus) { onFinished(exitCode); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished(-1);
    });
    m_deadline->start(std::max(m_config.timeout, std::chrono::milliseconds(30000)));
    m_process->start(program,
        { QStringLiteral("account"), QStringLiteral("get-access-token"), QStringLiteral("--resource"), request.resource,
            QStringLiteral("--output"), QStringLiteral("json") });
}

void AzureCliSource::abort()
{
    m_deadline->stop();
    if (m_process) {
        disconnect(m_process, nullptr, this, nullptr);
        m_process->kill();
        m_process->deleteLater();
    }
    m_process = nullptr;
}

void AzureCliSource::onFinished(int exitCode)
{
    if (!m_process || !isRunning())
        return;
    m_deadline->stop();
    const QByteArray output = m_process->readAllStandardOutput();
    const QString errors = redaction::redactText(QString::fromUtf8(m_process->readAllStandardError())).trimmed();
    const QString processError = m_process->errorString();
    m_process->deleteLater();
    m_process = nullptr;
    const QString command = QStringLiteral("az account get-access-token --resource %1").arg(m_request.resource);

    if (m_timedOut) {
        fail(makeFailure(QStringLiteral("timeout"), QStringLiteral("The Azure CLI did not answer in time"), command,
            QStringLiteral("Run the command yourself to see whether it waits for input (az login).")));
        return;
    }
    if (exitCode != 0) {
        const bool login = errors.contains(QLatin1String("az login"));
        fail(makeFailure(login ? QStringLiteral("az-not-signed-in") : QStringLiteral("az-failed"),
            login ? QStringLiteral("The Azure CLI is not signed in")
                  : QStringLiteral("The Azure CLI failed (exit status %1)").arg(exitCode),
            errors.isEmpty() ? processError : errors,
            login ? QStringLiteral("Run `az login` (or `az login --identity` on an Azure resource).")
                  : QStringLiteral("Run `%1` yourself to see the whole message.").arg(command)));
        return;
    }
    QString error;
    auto result = parseOutput(output, &error);
    if (!result) {
        fail(makeFailure(QStringLiteral("bad-response"), QStringLiteral("The Azure CLI printed no token"), error,
            QStringLiteral("Update the Azure CLI.")));
        return;
    }
    result->resource = m_request.resource;
    result->identity = m_request.identity;
    result->endpoint = command;
    succeed(*result);
}

} // namespace idex
