#include "snapshot.h"

#include "directoryjson.h"
#include "net/boundedfile.h"
#include "snapshotreader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace idex::snapshot {

namespace {
// How much of a file is read at once (and how much one piece of elements holds).
constexpr qsizetype readBlockBytes = 1024 * 1024;
} // namespace

QByteArray toJson(const Directory &directory, bool indented)
{
    QJsonArray applications;
    for (const Application &a : directory.applications())
        applications.append(directoryjson::toJson(a));
    QJsonArray servicePrincipals;
    for (const ServicePrincipal &sp : directory.servicePrincipals())
        servicePrincipals.append(directoryjson::toJson(sp));
    QJsonArray assignments;
    for (const AppRoleAssignment &a : directory.assignments())
        assignments.append(directoryjson::toJson(a));
    QJsonArray grants;
    for (const OAuth2PermissionGrant &g : directory.grants())
        grants.append(directoryjson::toJson(g));

    const QJsonObject root {
        { QStringLiteral("format"), QString(formatName) },
        { QStringLiteral("version"), formatVersion },
        { QStringLiteral("tenantId"), directory.tenantId },
        { QStringLiteral("source"), directory.sourceDescription },
        { QStringLiteral("exportedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
        { QStringLiteral("applications"), applications },
        { QStringLiteral("servicePrincipals"), servicePrincipals },
        { QStringLiteral("appRoleAssignments"), assignments },
        { QStringLiteral("oauth2PermissionGrants"), grants },
    };
    return QJsonDocument(root).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}

namespace {

// The whole file as one QJsonDocument: the reference reader. It holds about three times the file's size at once,
// so it runs only when the sliced reader below declines a file, and then it says precisely what is wrong.
bool parseWhole(const QByteArray &data, Directory &directory, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            QStringLiteral("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return fail(QStringLiteral("not a directory snapshot: the top level must be a JSON object"));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != formatName)
        return fail(QStringLiteral("not a directory snapshot: \"format\" must be \"%1\"").arg(QString(formatName)));
    const int version = root.value(QLatin1String("version")).toInt(-1);
    if (version != formatVersion)
        return fail(QStringLiteral("unsupported snapshot version %1 (this build reads version %2)")
                        .arg(version)
                        .arg(formatVersion));
    for (const char *name : { "applications", "servicePrincipals", "appRoleAssignments", "oauth2PermissionGrants" }) {
        const QJsonValue v = root.value(QLatin1String(name));
        if (!v.isUndefined() && !v.isArray())
            return fail(QStringLiteral("\"%1\" must be an array").arg(QLatin1String(name)));
    }

    Directory result;
    result.tenantId = root.value(QLatin1String("tenantId")).toString();
    result.sourceDescription = root.value(QLatin1String("source")).toString();
    result.loadedAt = QDateTime::currentDateTimeUtc();
    const auto objects = [&root](const char *name) { return root.value(QLatin1String(name)).toArray(); };
    int index = 0;
    for (const QJsonValue &v : objects("applications")) {
        const Application app = directoryjson::applicationFromJson(v.toObject());
        if (app.id.isEmpty())
            return fail(QStringLiteral("applications[%1] has no \"id\"").arg(index));
        result.addApplication(app);
        ++index;
    }
    index = 0;
    for (const QJsonValue &v : objects("servicePrincipals")) {
        const ServicePrincipal sp = directoryjson::servicePrincipalFromJson(v.toObject());
        if (sp.id.isEmpty())
            return fail(QStringLiteral("servicePrincipals[%1] has no \"id\"").arg(index));
        result.addServicePrincipal(sp);
        ++index;
    }
    index = 0;
    for (const QJsonValue &v : objects("appRoleAssignments")) {
        const AppRoleAssignment a = directoryjson::assignmentFromJson(v.toObject());
        if (a.principalId.isEmpty() || a.resourceId.isEmpty())
            return fail(QStringLiteral("appRoleAssignments[%1] needs \"principalId\" and \"resourceId\"").arg(index));
        result.addAssignment(a);
        ++index;
    }
    for (const QJsonValue &v : objects("oauth2PermissionGrants"))
        result.addGrant(directoryjson::grantFromJson(v.toObject()));
    directory = std::move(result);
    return true;
}

} // namespace

bool fromJson(const QByteArray &data, Directory &directory, QString *error)
{
    return fromJsonInBlocks(data, readBlockBytes, readBlockBytes, directory, error);
}

bool fromJsonInBlocks(
    const QByteArray &data, qsizetype blockBytes, qsizetype pieceBytes, Directory &directory, QString *error)
{
    SlicedReader reader(0, pieceBytes);
    bool fed = true;
    for (qsizetype at = 0; fed && at < data.size(); at += blockBytes)
        fed = reader.feed(QByteArrayView(data).sliced(at, std::min(blockBytes, data.size() - at)));
    if (fed && reader.finish(directory))
        return true;
    return parseWhole(data, directory, error);
}

bool fromJsonWhole(const QByteArray &data, Directory &directory, QString *error)
{
    return parseWhole(data, directory, error);
}

bool writeFile(const QString &path, const Directory &directory, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toJson(directory, directory.objectCount() < 2000));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool readFile(const QString &path, Directory &directory, QString *error)
{
    QString message;
    bool ok = false;
    {
        // The file is read in blocks and sliced as it comes (snapshotreader.h); only a file the sliced reader
        // declines is read again whole, for the whole-document reader to say what is wrong with it.
        SlicedReader reader;
        bool declined = false;
        const QString fileError = readBoundedFileInBlocks(
            path, fileLimits::snapshot, readBlockBytes, [&reader, &declined](QByteArrayView block) {
                declined = !reader.feed(block);
                return !declined; // the rest of a declined file need not be read
            });
        if (!fileError.isEmpty()) {
            if (error)
                *error = fileError;
            return false;
        }
        ok = !declined && reader.finish(directory);
    }
    if (!ok) {
        const BoundedRead file = readBoundedFile(path, fileLimits::snapshot);
        if (!file.ok()) {
            if (error)
                *error = file.error;
            return false;
        }
        ok = parseWhole(file.data, directory, &message);
    }
#ifdef __GLIBC__
    // The parse leaves the reading threads' malloc arenas full of freed pages (every object's JSON); glibc keeps
    // them resident until told.
    malloc_trim(0);
#endif
    if (!ok) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), message);
        return false;
    }
    if (directory.sourceDescription.isEmpty())
        directory.sourceDescription = QFileInfo(path).fileName();
    return true;
}

} // namespace idex::snapshot
