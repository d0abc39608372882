#include "snapshotreader.h"

#include "directoryjson.h"
#include "snapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace idex::snapshot {

namespace {

enum Array { Applications, ServicePrincipals, Assignments, Grants };

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

// A managed identity's strings that repeat across identities ("ManagedIdentity", "isExplicit=True", the tenant),
// or within one (its appId is also its first servicePrincipalName), made to share one buffer each: a tenant of
// 88,000 identities otherwise allocates each of them 88,000 times. The values do not change.
void shareRepeated(ServicePrincipal &sp, StringPool &pool)
{
    pool.share(sp.servicePrincipalType);
    pool.share(sp.appOwnerOrganizationId);
    for (QString &name : sp.alternativeNames) {
        if (name.startsWith(QLatin1String("isExplicit=")))
            pool.share(name);
    }
    for (QString &name : sp.servicePrincipalNames) {
        if (name == sp.appId)
            name = sp.appId;
    }
    for (AppRole &role : sp.appRoles) {
        for (QString &type : role.allowedMemberTypes)
            pool.share(type);
    }
}

// The objects of one piece, in order.
struct PieceResult
{
    int array = -1;
    bool done = false; ///< converted (set under the reader's mutex)
    QList<Application> applications;
    QList<ServicePrincipal> servicePrincipals;
    QList<AppRoleAssignment> assignments;
    QList<OAuth2PermissionGrant> grants;
};

// What one worker thread keeps between pieces: its pools (no locking, each thread has its own).
struct Pools
{
    StringPool servicePrincipals;
    StringPool assignments;
};

template<typename T, typename Convert> bool convertEach(const Piece &piece, QList<T> &out, Convert convert)
{
    out.reserve(piece.elements.size());
    QJsonObject object;
    for (const Slice &slice : piece.elements) {
        if (!elementObject(piece.bytes, slice, object))
            return false;
        T value;
        if (!convert(object, value))
            return false;
        out.append(std::move(value));
    }
    return true;
}

// Converts one piece; false on a syntax error or an object the reader refuses (the whole-document reader then says
// which).
bool convertPiece(const Piece &piece, PieceResult &result, Pools &pools)
{
    switch (piece.array) {
    case Applications:
        return convertEach(piece, result.applications, [](const QJsonObject &json, Application &app) {
            app = directoryjson::applicationFromJson(json);
            return !app.id.isEmpty();
        });
    case ServicePrincipals:
        return convertEach(piece, result.servicePrincipals, [&pools](const QJsonObject &json, ServicePrincipal &sp) {
            sp = directoryjson::servicePrincipalFromJson(json);
            shareRepeated(sp, pools.servicePrincipals);
            return !sp.id.isEmpty();
        });
    case Assignments:
        return convertEach(piece, result.assignments, [&pools](const QJsonObject &json, AppRoleAssignment &a) {
            a = directoryjson::assignmentFromJson(json);
            for (QString *field : { &a.appRoleId, &a.principalId, &a.principalType, &a.principalDisplayName,
                     &a.resourceId, &a.resourceDisplayName })
                pools.assignments.share(*field);
            return !a.principalId.isEmpty() && !a.resourceId.isEmpty();
        });
    case Grants:
        return convertEach(piece, result.grants, [](const QJsonObject &json, OAuth2PermissionGrant &g) {
            g = directoryjson::grantFromJson(json);
            return true;
        });
    }
    return false;
}

// Appends one piece's objects to its array's list and lets the piece's list go: the first piece's list is taken
// over whole, later ones are moved in element by element (the list grows by realloc, the types are relocatable).
template<typename T> void takeOver(QList<T> &all, QList<T> &part)
{
    if (all.isEmpty()) {
        all = std::move(part);
    } else {
        for (T &value : part)
            all.append(std::move(value));
    }
    part = {};
}

} // namespace

struct SlicedReader::Private
{
    Private(int threadCount, qsizetype pieceBytes)
        : threads(threadCount > 0 ? threadCount : int(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 4)))
        , scanner(
              { "applications", "servicePrincipals", "appRoleAssignments", "oauth2PermissionGrants" },
              [this](Piece &&piece) { return submit(std::move(piece)); }, pieceBytes)
    { }

    // Hands a piece to the workers (started with the first), waiting while 2 pieces per worker are queued: the
    // file is read no faster than it is converted, so at most a few pieces are held. The pieces converted so far
    // are first moved to the arrays' lists, in order, so that the objects are never held twice (gathering them at
    // the end held every piece's list and the whole list at once, a fifth of the load's peak at 100,000 objects).
    bool submit(Piece &&piece)
    {
        if (failed)
            return false;
        takeConverted();
        if (workers.empty()) {
            for (int i = 0; i < threads; ++i)
                workers.emplace_back([this] { work(); });
        }
        {
            std::unique_lock lock(mutex);
            space.wait(lock, [this] { return queue.size() < size_t(2 * threads); });
            results.emplace_back();
            results.back().array = piece.array;
            queue.emplace_back(std::move(piece), &results.back());
        }
        ready.notify_one();
        return !failed;
    }

    void work()
    {
        Pools pools;
        for (;;) {
            std::pair<Piece, PieceResult *> task;
            {
                std::unique_lock lock(mutex);
                ready.wait(lock, [this] { return !queue.empty() || closing; });
                if (queue.empty())
                    return;
                task = std::move(queue.front());
                queue.pop_front();
            }
            space.notify_one();
            if (!failed && !convertPiece(task.first, *task.second, pools))
                failed = true;
            task.first = {}; // the piece's bytes go before the next piece is taken
            std::lock_guard lock(mutex);
            task.second->done = true;
        }
    }

    // Moves the converted pieces at the front of the results, in file order, to the arrays' lists.
    void takeConverted()
    {
        for (;;) {
            PieceResult result;
            {
                std::lock_guard lock(mutex);
                if (results.empty() || !results.front().done)
                    return;
                result = std::move(results.front());
                results.pop_front(); // a deque: the results the workers still write stay where they are
            }
            switch (result.array) {
            case Applications: takeOver(applications, result.applications); break;
            case ServicePrincipals: takeOver(servicePrincipals, result.servicePrincipals); break;
            case Assignments: takeOver(assignments, result.assignments); break;
            case Grants: takeOver(grants, result.grants); break;
            }
        }
    }

    void stop()
    {
        {
            std::lock_guard lock(mutex);
            closing = true;
        }
        ready.notify_all();
        for (std::thread &worker : workers)
            worker.join();
        workers.clear();
    }

    const int threads;
    StreamScanner scanner;
    std::mutex mutex;
    std::condition_variable ready; // a piece was queued, or the reader closes
    std::condition_variable space; // a piece was taken
    std::deque<std::pair<Piece, PieceResult *>> queue;
    std::deque<PieceResult> results; // a deque: adding one leaves the others where the workers write them
    std::vector<std::thread> workers;
    QList<Application> applications;
    QList<ServicePrincipal> servicePrincipals;
    QList<AppRoleAssignment> assignments;
    QList<OAuth2PermissionGrant> grants;
    bool closing = false;
    std::atomic<bool> failed { false };
};

SlicedReader::SlicedReader(int threads, qsizetype pieceBytes)
    : d(std::make_unique<Private>(threads, pieceBytes))
{ }

SlicedReader::~SlicedReader()
{
    d->failed = true; // pieces still queued are dropped
    d->stop();
}

bool SlicedReader::feed(QByteArrayView bytes)
{
    return !d->failed && d->scanner.feed(bytes);
}

bool SlicedReader::finish(Directory &directory)
{
    const bool scanned = !d->failed && d->scanner.finish();
    d->stop();
    if (!scanned || d->failed)
        return false;

    QJsonObject header;
    for (const ScalarMember &member : d->scanner.scalars()) {
        QJsonParseError parseError;
        const QJsonDocument valueDoc = QJsonDocument::fromJson('[' + member.value + ']', &parseError);
        if (parseError.error != QJsonParseError::NoError || valueDoc.array().size() != 1)
            return false;
        header.insert(member.name, valueDoc.array().at(0));
    }
    if (header.value(QLatin1String("format")).toString() != formatName
        || header.value(QLatin1String("version")).toInt(-1) != formatVersion)
        return false;

    d->takeConverted(); // every piece was converted: the workers have stopped
    if (!d->results.empty())
        return false;

    Directory result;
    result.tenantId = header.value(QLatin1String("tenantId")).toString();
    result.sourceDescription = header.value(QLatin1String("source")).toString();
    result.loadedAt = QDateTime::currentDateTimeUtc();
    // The lists are taken over whole: the objects are never held twice.
    result.addAll(
        std::move(d->applications), std::move(d->servicePrincipals), std::move(d->assignments), std::move(d->grants));
    directory = std::move(result);
    return true;
}

} // namespace idex::snapshot
