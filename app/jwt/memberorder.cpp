// MemberOrder: the member names of a decoded JSON object in document order, found when first asked for.
#include "decodedtoken.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <cstring>
#include <mutex>

namespace idex {

namespace {

/*! The member names that tokens carry: QStringLiteral data, so every decoded token shares them without allocating
    (and without touching a reference count that threads decoding side by side would fight over). */
QString memberName(QByteArrayView utf8)
{
    static const QString names[] = { QStringLiteral("typ"), QStringLiteral("alg"), QStringLiteral("kid"),
        QStringLiteral("x5t"), QStringLiteral("nonce"), QStringLiteral("cty"), QStringLiteral("aud"),
        QStringLiteral("iss"), QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("exp"),
        QStringLiteral("aio"), QStringLiteral("acr"), QStringLiteral("acrs"), QStringLiteral("amr"),
        QStringLiteral("appid"), QStringLiteral("appidacr"), QStringLiteral("azp"), QStringLiteral("azpacr"),
        QStringLiteral("idp"), QStringLiteral("idtyp"), QStringLiteral("ipaddr"), QStringLiteral("name"),
        QStringLiteral("oid"), QStringLiteral("rh"), QStringLiteral("roles"), QStringLiteral("scp"),
        QStringLiteral("sub"), QStringLiteral("tid"), QStringLiteral("unique_name"), QStringLiteral("upn"),
        QStringLiteral("uti"), QStringLiteral("ver"), QStringLiteral("wids"), QStringLiteral("groups"),
        QStringLiteral("hasgroups"), QStringLiteral("email"), QStringLiteral("family_name"),
        QStringLiteral("given_name"), QStringLiteral("preferred_username"), QStringLiteral("sid"),
        QStringLiteral("auth_time"), QStringLiteral("deviceid"), QStringLiteral("onprem_sid"),
        QStringLiteral("login_hint"), QStringLiteral("tenant_region_scope"), QStringLiteral("tenant_ctry"),
        QStringLiteral("xms_mirid"), QStringLiteral("xms_tcdt"), QStringLiteral("xms_cc"), QStringLiteral("xms_ftd"),
        QStringLiteral("xms_idrel"), QStringLiteral("xms_pdl"), QStringLiteral("xms_tpl"), QStringLiteral("xms_az_rid"),
        QStringLiteral("xms_az_nwperimid"), QStringLiteral("xms_ssm"), QStringLiteral("cnf"), QStringLiteral("jti"),
        QStringLiteral("at_hash"), QStringLiteral("c_hash") };
    // The names by length, made once: a look-up compares only the few names as long as the one it looks for.
    static const std::array<QList<QString>, 24> byLength = [] {
        std::array<QList<QString>, 24> lists;
        for (const QString &name : names)
            lists[size_t(name.size())].append(name);
        return lists;
    }();
    if (utf8.size() < qsizetype(byLength.size())) {
        for (const QString &name : byLength[size_t(utf8.size())]) {
            if (std::equal(utf8.begin(), utf8.end(), name.constData(),
                    [](char a, QChar b) { return char16_t(uchar(a)) == b.unicode(); }))
                return name;
        }
    }
    return QString::fromUtf8(utf8);
}

/*! The top-level member names of a JSON object text in document order (QJsonObject sorts them). The text was already
    accepted by QJsonDocument, so this scanner only tracks strings and nesting; a name with escapes is read by the JSON
    parser, any other is its bytes (QJsonDocument has checked they are UTF-8). */
QStringList topLevelKeys(const QByteArray &json)
{
    QStringList keys;
    keys.reserve(32);
    int depth = 0;
    bool expectKey = false;
    const char *const end = json.constEnd();
    for (const char *p = json.constBegin(); p < end; ++p) {
        const char c = *p;
        if (c == '"') {
            // memchr to the closing quote: a quote after an odd number of backslashes is part of the string.
            const char *start = p + 1;
            for (p = start;; ++p) {
                p = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
                if (!p)
                    return keys;
                const char *backslashes = p;
                while (backslashes > start && backslashes[-1] == '\\')
                    --backslashes;
                if ((p - backslashes) % 2 == 0)
                    break;
            }
            if (depth == 1 && expectKey) {
                const QByteArrayView content(start, p - start);
                if (std::memchr(start, '\\', size_t(p - start))) // escapes: the JSON parser reads them
                    keys << QJsonDocument::fromJson("[\"" + content.toByteArray() + "\"]").array().at(0).toString();
                else
                    keys << memberName(content);
                expectKey = false;
            }
        } else if (c == '{' || c == '[') {
            if (++depth == 1)
                expectKey = true;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

QStringList orderedKeys(const QByteArray &json, const QJsonObject &object)
{
    QStringList keys = topLevelKeys(json);
    // Keep the scan only when it names as many members as the parser found (a repeated name counts once, as in
    // QJsonObject): never show a wrong list. The scan reads the names exactly; comparing them with the parser's as
    // well cost half as much again as the parse itself.
    if (keys.size() != object.size())
        keys.removeDuplicates();
    return keys.size() == object.size() ? keys : object.keys();
}

} // namespace

struct MemberOrder::Lazy
{
    QByteArray json;
    QJsonObject object;
    std::once_flag once;
    QStringList names;
};

MemberOrder::MemberOrder(QByteArray json, QJsonObject object)
    : m_lazy(std::make_shared<Lazy>())
{
    m_lazy->json = std::move(json);
    m_lazy->object = std::move(object);
}

const QStringList &MemberOrder::names() const
{
    static const QStringList none;
    if (!m_lazy)
        return none;
    Lazy &lazy = *m_lazy;
    std::call_once(lazy.once, [&lazy] {
        lazy.names = orderedKeys(lazy.json, lazy.object);
        lazy.json.clear();
        lazy.object = {};
    });
    return lazy.names;
}

} // namespace idex
