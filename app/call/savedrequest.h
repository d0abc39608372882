#pragma once

#include "net/httptypes.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace idex {

/*! How a request gets its Authorization header when it is sent; the token itself is never part of a saved request. */
enum class AuthorizationMode { CurrentToken, None, OtherToken };

QString authorizationModeName(AuthorizationMode mode); ///< "current", "none", "other"
AuthorizationMode authorizationModeFromName(const QString &name);

/*! A request the user keeps across runs. Stored without any secret: see sanitizedForStorage(). */
struct SavedRequest
{
    QString name;
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    AuthorizationMode authorization = AuthorizationMode::CurrentToken;

    HttpRequest toHttpRequest() const;
    QJsonObject toJson() const;
    static SavedRequest fromJson(const QJsonObject &object);
};

/*! Removes what must never reach the disk: secret headers (Authorization, X-IDENTITY-HEADER, function keys,
    cookies ...), secret query parameters (code, sig, access_token ...), and tokens or secrets inside the body. */
SavedRequest sanitizedForStorage(const SavedRequest &request);

/*! Saved requests in one JSON file (by default in the app data folder). Every entry is sanitised on the way in. */
class SavedRequestStore
{
public:
    explicit SavedRequestStore(QString filePath);

    /*! <AppDataLocation>/saved-requests.json */
    static QString defaultFilePath();

    QString filePath() const { return m_filePath; }
    const QList<SavedRequest> &requests() const { return m_requests; }

    /*! Reads the file; a missing file is an empty list. False with errorString() on a broken file. */
    bool load();
    /*! Writes atomically (QSaveFile). False with errorString() on failure. */
    bool save();

    /*! Adds or replaces (by name) a sanitised copy. */
    void put(const SavedRequest &request);
    bool remove(const QString &name);
    const SavedRequest *find(const QString &name) const;

    QString errorString() const { return m_error; }

private:
    QString m_filePath;
    QList<SavedRequest> m_requests;
    QString m_error;
};

} // namespace idex
