#include "snapshot.h"

#include "directoryjson.h"
#include "net/boundedfile.h"
#include "snapshotscan.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <thread>
#include <vector>

namespace idex::snapshot {

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

// One array element as QJsonDocument reads it alone. Objects are parsed in place (no copy of their bytes); any
// other value becomes an empty object, as QJsonValue::toObject() made it in the whole-document reader.
bool elementObject(const QByteArray &data, const Slice &slice, QJsonObject &object)
{
    QJsonParseError parseError;
    if (data.at(slice.begin) == '{') {
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray::fromRawData(data.constData() + slice.begin, slice.end - slice.begin), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return false;
        object = doc.object();
        return true;
    }
    QByteArray wrapped;
    wrapped.append('[').append(data.constData() + slice.begin, slice.end - slice.begin).append(']');
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return false;
    object = doc.array().at(0).toObject();
    return true;
}

// Equal strings made to share one buffer: 300,000 assignments repeat a few thousand principal and resource ids,
// names and types, which otherwise cost one allocation each.
class StringPool
{
public:
    void share(QString &s)
    {
        const auto it = m_pool.constFind(s);
        if (it != m_pool.cend())
            s = *it;
        else
            m_pool.insert(s, s);
    }

private:
    QHash<QString, QString> m_pool;
};

// Converts elements [from, to) of one array; false on a syntax error or an object the reader refuses.
template<typename T, typename Convert>
bool convertRange(
    const QByteArray &data, const QList<Slice> &slices, qsizetype from, qsizetype to, QList<T> &out, Convert convert)
{
    out.reserve(to - from);
    QJsonObject object;
    for (qsizetype i = from; i < to; ++i) {
        if (!elementObject(data, slices.at(i), object))
            return false;
        T value;
        if (!convert(object, value))
            return false;
        out.append(std::move(value));
    }
    return true;
}

// Converts every element of one array on up to \a threads threads, in order.
template<typename T, typename Convert>
bool convertAll(const QByteArray &data, const QList<Slice> &slices, int threads, QList<T> &out, Convert convert)
{
    const qsizetype n = slices.size();
    const int parts = n < 512 ? 1 : threads; // a thread costs more than a few hundred small objects
    std::vector<QList<T>> results;
    results.resize(size_t(parts));
    std::vector<char> ok(size_t(parts), 0);
    auto run = [&](int part) {
        ok[size_t(part)]
            = convertRange(data, slices, n * part / parts, n * (part + 1) / parts, results[size_t(part)], convert);
    };
    std::vector<std::thread> workers;
    for (int part = 1; part < parts; ++part)
        workers.emplace_back(run, part);
    run(0);
    for (std::thread &t : workers)
        t.join();
    out.clear();
    out.reserve(n);
    for (int part = 0; part < parts; ++part) {
        if (!ok[size_t(part)])
            return false;
        out.append(std::move(results[size_t(part)]));
    }
    return true;
}

// The sliced reader (see snapshotscan.h): the objects are parsed one by one, on every core. It accepts exactly what
// parseWhole accepts, with the same result; on anything unusual it returns false and parseWhole takes over.
bool parseSliced(const QByteArray &data, Directory &directory)
{
    static const QList<QByteArray> arrays { "applications", "servicePrincipals", "appRoleAssignments",
        "oauth2PermissionGrants" };
    ScannedSnapshot scanned;
    if (!scan(data, arrays, scanned))
        return false;
    QJsonObject header;
    QList<Slice> elements[4];
    for (const ScannedMember &member : std::as_const(scanned.members)) {
        const QString &key = member.name;
        if (member.isArray) {
            elements[arrays.indexOf(key.toUtf8())] = member.elements;
            header.insert(key, QJsonArray());
            continue;
        }
        QByteArray wrapped;
        wrapped.append('[')
            .append(data.constData() + member.value.begin, member.value.end - member.value.begin)
            .append(']');
        QJsonParseError parseError;
        const QJsonDocument valueDoc = QJsonDocument::fromJson(wrapped, &parseError);
        if (parseError.error != QJsonParseError::NoError || valueDoc.array().size() != 1)
            return false;
        header.insert(key, valueDoc.array().at(0));
    }
    if (header.value(QLatin1String("format")).toString() != formatName
        || header.value(QLatin1String("version")).toInt(-1) != formatVersion)
        return false;

    const int threads = int(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 4));
    QList<Application> applications;
    QList<ServicePrincipal> servicePrincipals;
    QList<AppRoleAssignment> assignments;
    QList<OAuth2PermissionGrant> grants;
    const bool ok = convertAll(data, elements[0], threads, applications,
                        [](const QJsonObject &json, Application &app) {
                            app = directoryjson::applicationFromJson(json);
                            return !app.id.isEmpty();
                        })
        && convertAll(data, elements[1], threads, servicePrincipals,
            [](const QJsonObject &json, ServicePrincipal &sp) {
                sp = directoryjson::servicePrincipalFromJson(json);
                return !sp.id.isEmpty();
            })
        && convertAll(data, elements[2], threads, assignments,
            // Each range gets its own copy of this function, and so its own pool: no locking.
            [pool = StringPool()](const QJsonObject &json, AppRoleAssignment &a) mutable {
                a = directoryjson::assignmentFromJson(json);
                for (QString *field : { &a.appRoleId, &a.principalId, &a.principalType, &a.principalDisplayName,
                         &a.resourceId, &a.resourceDisplayName })
                    pool.share(*field);
                return !a.principalId.isEmpty() && !a.resourceId.isEmpty();
            })
        && convertAll(data, elements[3], threads, grants, [](const QJsonObject &json, OAuth2PermissionGrant &g) {
               g = directoryjson::grantFromJson(json);
               return true;
           });
    if (!ok)
        return false;

    Directory result;
    result.tenantId = header.value(QLatin1String("tenantId")).toString();
    result.sourceDescription = header.value(QLatin1String("source")).toString();
    result.loadedAt = QDateTime::currentDateTimeUtc();
    // Moved, and each list released once added: the objects are never held twice.
    for (Application &app : applications)
        result.addApplication(std::move(app));
    applications = {};
    for (ServicePrincipal &sp : servicePrincipals)
        result.addServicePrincipal(std::move(sp));
    servicePrincipals = {};
    for (AppRoleAssignment &a : assignments)
        result.addAssignment(std::move(a));
    assignments = {};
    for (const OAuth2PermissionGrant &g : std::as_const(grants))
        result.addGrant(g);
    directory = std::move(result);
    return true;
}

} // namespace

bool fromJson(const QByteArray &data, Directory &directory, QString *error)
{
    if (parseSliced(data, directory))
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
    const BoundedRead file = readBoundedFile(path, fileLimits::snapshot);
    if (!file.ok()) {
        if (error)
            *error = file.error;
        return false;
    }
    QString message;
    if (!fromJson(file.data, directory, &message)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), message);
        return false;
    }
    if (directory.sourceDescription.isEmpty())
        directory.sourceDescription = QFileInfo(path).fileName();
    return true;
}

} // namespace idex::snapshot
