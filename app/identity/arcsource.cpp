#include "arcsource.h"

#include "net/boundedfile.h"

#include <QDir>
#include <QFileInfo>

namespace idex {

namespace {
constexpr qint64 kMaxKeyBytes = fileLimits::arcKey.maxBytes;
} // namespace

QString ArcSource::displayName() const
{
    return QStringLiteral("Azure Arc");
}

QString ArcSource::refusal(const IdentitySelector &identity) const
{
    if (!identity.isSystemAssigned())
        return QStringLiteral("Azure Arc servers have only a system-assigned identity; the SDKs refuse user-assigned "
                              "requests for Arc.");
    return {};
}

QString ArcSource::defaultKeyDirectory()
{
#ifdef Q_OS_WIN
    return QDir::cleanPath(qEnvironmentVariable("ProgramData") + QStringLiteral("/AzureConnectedMachineAgent/Tokens"));
#else
    return QStringLiteral("/var/opt/azcmagent/tokens");
#endif
}

QUrl ArcSource::tokenUrl() const
{
    if (!config().endpoint.isEmpty())
        return config().endpoint;
    const QString identityEndpoint = config().env("IDENTITY_ENDPOINT");
    if (!identityEndpoint.isEmpty())
        return QUrl(identityEndpoint);
    QString imds = config().env("IMDS_ENDPOINT");
    if (imds.isEmpty())
        imds = QStringLiteral("http://localhost:40342"); // the agent's fixed local port (himds)
    while (imds.endsWith(u'/'))
        imds.chop(1);
    return QUrl(imds + QStringLiteral("/metadata/identity/oauth2/token"));
}

HttpTokenSource::Step ArcSource::buildRequest(const TokenRequest &request)
{
    Query query { { QStringLiteral("api-version"), QStringLiteral("2020-06-01") },
        { QStringLiteral("resource"), request.resource } };
    HttpRequest http = baseRequest(withQuery(tokenUrl(), query));
    http.setHeader("Metadata", "true");
    return http;
}

QByteArray ArcSource::readKey(
    const QByteArray &challenge, const QString &keyDirectory, bool anyDirectory, QString *problem)
{
    auto refuse = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return QByteArray();
    };
    if (challenge.isEmpty())
        return refuse(QStringLiteral("The 401 answer has no WWW-Authenticate header: this is not an Arc agent."));
    if (challenge.count('=') != 1)
        return refuse(QStringLiteral("The challenge \"%1\" must contain exactly one '=' (Basic realm=<key file>).")
                          .arg(QString::fromUtf8(challenge)));
    const QString path = QString::fromUtf8(challenge.mid(challenge.indexOf('=') + 1)).trimmed().remove(u'"');
    const QFileInfo info(path);
    if (path.isEmpty() || !info.isAbsolute())
        return refuse(QStringLiteral("The challenge's key file path \"%1\" is not an absolute path.").arg(path));
    // The directory check stops a rogue local listener from making us send an arbitrary file as a credential.
    const QString expected = keyDirectory.isEmpty() ? defaultKeyDirectory() : keyDirectory;
    const QString actualDir = QDir::cleanPath(info.absolutePath());
    if (!anyDirectory && actualDir.compare(QDir::cleanPath(expected), Qt::CaseSensitive) != 0)
        return refuse(QStringLiteral("The key file %1 is not in the agent's token directory %2.").arg(path, expected));
    if (!path.endsWith(QLatin1String(".key")))
        return refuse(QStringLiteral("The key file %1 does not end in .key.").arg(path));
    if (!info.exists())
        return refuse(QStringLiteral("The key file %1 does not exist.").arg(path));
    if (info.size() > kMaxKeyBytes)
        return refuse(QStringLiteral("The key file %1 is %2 bytes; a key is at most 4096.").arg(path).arg(info.size()));
    // The path comes from the server's challenge: a FIFO or device there must not hang or flood us.
    const BoundedRead read = readBoundedFile(path, fileLimits::arcKey);
    if (!read.ok())
        return refuse(QStringLiteral("The key file cannot be used: %1. Only members of the himds group (or "
                                     "administrators) may read it.")
                          .arg(read.error));
    const QByteArray key = read.data;
    if (key.isEmpty())
        return refuse(QStringLiteral("The key file %1 is empty.").arg(path));
    return key;
}

std::optional<HttpTokenSource::Step> ArcSource::followUp(const HttpExchange &exchange)
{
    if (exchange.response.status != 401 || !exchange.request.header("Authorization").isEmpty())
        return std::nullopt; // only the first 401 is a challenge; a 401 to the keyed request is a refusal
    QString problem;
    const QByteArray key = readKey(exchange.response.header("WWW-Authenticate"), config().arcKeyDirectory,
        config().arcAllowAnyKeyDirectory, &problem);
    if (key.isEmpty())
        return Step(
            makeFailure(QStringLiteral("arc-key-file"), QStringLiteral("The Arc challenge cannot be answered"), problem,
                QStringLiteral("Check that IDENTITY_ENDPOINT/IMDS_ENDPOINT point at the local Arc "
                               "agent (himds) and that you may read its token directory.")));
    HttpRequest next = exchange.request;
    next.setHeader("Authorization", "Basic " + key);
    return Step(next);
}

} // namespace idex
