#include "savedrequest.h"

#include "net/boundedfile.h"
#include "net/redaction.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrlQuery>

#include <optional>

namespace idex {

namespace {
constexpr int kFormatVersion = 1;
constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

/*! `a=1&code=K` without its secret parameters; nullopt when nothing is left. */
std::optional<QString> withoutSecretItems(const QString &encoded)
{
    QUrlQuery query(encoded);
    auto items = query.queryItems(QUrl::FullyEncoded);
    items.removeIf(
        [](const auto &item) { return redaction::isSecretParameter(QUrl::fromPercentEncoding(item.first.toUtf8())); });
    if (items.isEmpty())
        return std::nullopt;
    QUrlQuery kept;
    kept.setQueryItems(items);
    return kept.toString(QUrl::FullyEncoded);
}

/*! The query and the fragment (`#access_token=...`) without their secret parameters. */
QUrl withoutSecretParameters(QUrl url)
{
    if (url.hasQuery()) {
        // A null string removes the query (and the `?`) altogether.
        url.setQuery(withoutSecretItems(url.query(QUrl::FullyEncoded)).value_or(QString()), QUrl::StrictMode);
    }
    if (url.hasFragment()) {
        url.setFragment(withoutSecretItems(url.fragment(QUrl::FullyEncoded)).value_or(QString()), QUrl::StrictMode);
    }
    return url;
}

} // namespace

QString authorizationModeName(AuthorizationMode mode)
{
    switch (mode) {
    case AuthorizationMode::CurrentToken: return QStringLiteral("current");
    case AuthorizationMode::None: return QStringLiteral("none");
    case AuthorizationMode::OtherToken: return QStringLiteral("other");
    }
    return {};
}

AuthorizationMode authorizationModeFromName(const QString &name)
{
    if (name == QLatin1String("none"))
        return AuthorizationMode::None;
    if (name == QLatin1String("other"))
        return AuthorizationMode::OtherToken;
    return AuthorizationMode::CurrentToken;
}

HttpRequest SavedRequest::toHttpRequest() const
{
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = headers;
    request.body = body;
    return request;
}

QJsonObject SavedRequest::toJson() const
{
    QJsonArray headerArray;
    for (const auto &[headerName, value] : headers)
        headerArray.append(QJsonArray { QString::fromLatin1(headerName), QString::fromUtf8(value) });
    return QJsonObject {
        { QStringLiteral("name"), name },
        { QStringLiteral("method"), QString::fromLatin1(method) },
        { QStringLiteral("url"), url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("headers"), headerArray },
        { QStringLiteral("body"), QString::fromUtf8(body) },
        { QStringLiteral("authorization"), authorizationModeName(authorization) },
    };
}

SavedRequest SavedRequest::fromJson(const QJsonObject &object)
{
    SavedRequest request;
    request.name = object.value(QLatin1String("name")).toString();
    request.method = object.value(QLatin1String("method")).toString(QStringLiteral("GET")).toLatin1();
    request.url = QUrl(object.value(QLatin1String("url")).toString());
    for (const QJsonValue &header : object.value(QLatin1String("headers")).toArray()) {
        const QJsonArray pair = header.toArray();
        if (pair.size() == 2)
            request.headers.append({ pair.at(0).toString().toLatin1(), pair.at(1).toString().toUtf8() });
    }
    request.body = object.value(QLatin1String("body")).toString().toUtf8();
    request.authorization = authorizationModeFromName(object.value(QLatin1String("authorization")).toString());
    return request;
}

SavedRequest sanitizedForStorage(const SavedRequest &request)
{
    SavedRequest out = request;
    // Secret headers go (the Authorization mode brings the token back when the request is sent); in the others,
    // a JWT or a long opaque value becomes its mask.
    out.headers.removeIf([](const auto &header) { return redaction::isSecretHeader(header.first); });
    for (auto &[name, value] : out.headers)
        value = redaction::redactHeaderValue(name, value);
    out.url = withoutSecretParameters(out.url);
    out.url.setUserInfo(QString());
    // What is left of a secret elsewhere in the URL (a JWT in the path) is masked by the one redaction layer.
    out.url = redaction::redactedUrl(out.url);
    out.body = redaction::redactBody(request.body);
    return out;
}

SavedRequestStore::SavedRequestStore(QString filePath)
    : m_filePath(std::move(filePath))
{ }

QString SavedRequestStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/saved-requests.json");
}

bool SavedRequestStore::load()
{
    m_requests.clear();
    m_error.clear();
    if (!QFileInfo::exists(m_filePath))
        return true;
    const BoundedRead file = readBoundedFile(m_filePath, fileLimits::savedRequests);
    if (!file.ok()) {
        m_error = file.error;
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.data, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        m_error = QStringLiteral("%1 is not a saved-requests file: %2")
                      .arg(m_filePath,
                          error.error != QJsonParseError::NoError ? error.errorString()
                                                                  : QStringLiteral("not a JSON object"));
        return false;
    }
    for (const QJsonValue &value : document.object().value(QLatin1String("requests")).toArray()) {
        // Sanitised again on the way in: a file edited by hand must not smuggle a secret into a request.
        const SavedRequest request = sanitizedForStorage(SavedRequest::fromJson(value.toObject()));
        if (!request.name.isEmpty() && request.url.isValid())
            m_requests.append(request);
    }
    return true;
}

bool SavedRequestStore::save()
{
    m_error.clear();
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QJsonArray array;
    for (const SavedRequest &request : std::as_const(m_requests))
        array.append(sanitizedForStorage(request).toJson());
    const QJsonObject root { { QStringLiteral("version"), kFormatVersion }, { QStringLiteral("requests"), array } };
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        m_error = QStringLiteral("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return false;
    }
    return true;
}

void SavedRequestStore::put(const SavedRequest &request)
{
    const SavedRequest clean = sanitizedForStorage(request);
    for (SavedRequest &existing : m_requests) {
        if (existing.name == clean.name) {
            existing = clean;
            return;
        }
    }
    m_requests.append(clean);
}

bool SavedRequestStore::remove(const QString &name)
{
    return m_requests.removeIf([&name](const SavedRequest &request) { return request.name == name; }) > 0;
}

const SavedRequest *SavedRequestStore::find(const QString &name) const
{
    for (const SavedRequest &request : m_requests) {
        if (request.name == name)
            return &request;
    }
    return nullptr;
}

} // namespace idex
