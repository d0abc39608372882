// The admin API: inspect and change the live scenario. Loopback peers only, never from a web page, and only with
// "Authorization: Bearer <the per-run admin token>"; JSON in and out.
//   GET    /admin/scenario              the live scenario + runtime (keys, faults, cache, clock skew, URLs)
//   POST   /admin/assignments           {"principalId","resourceId","appRoleId"} -> 201 assignment
//   DELETE /admin/assignments/{id}      -> 204
//   POST   /admin/keys/rotate           {"keepPrevious":true} -> {"kid","published":[...]}
//   PUT    /admin/faults                a fault object or an array: replaces the faults
//   POST   /admin/faults                a fault object: adds it
//   DELETE /admin/faults                -> 204
//   DELETE /admin/token-cache           -> {"flushed":n}
//   PUT    /admin/clock-skew            {"seconds":n}
//   PATCH  /admin/identities/{name}     {"enabled":bool}: turns the host's system-assigned identity on or off (ARM's
//                                       identity.type SystemAssigned/None) -> the identity
#include "adminauth.h"
#include "emulator.h"
#include "emulatorstate.h"
#include "requestorigin.h"
#include "routes.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace idex::emulator::routes {

namespace {

Reply adminError(int status, const QString &message)
{
    return Reply::json(status, QJsonObject { { QStringLiteral("error"), message } });
}

bool parseFault(const QJsonValue &value, Fault *fault, QString *error)
{
    // The scenario parser owns the fault format; reuse it through a one-fault scenario.
    QJsonObject wrapper { { QStringLiteral("name"), QStringLiteral("admin") },
        { QStringLiteral("tenantId"), QStringLiteral("00000000-0000-0000-0000-000000000000") },
        { QStringLiteral("faults"), QJsonArray { value } } };
    Scenario s;
    if (!parseScenario(QJsonDocument(wrapper).toJson(), QStringLiteral("fault"), &s, error))
        return false;
    *fault = s.faults.first();
    return true;
}

} // namespace

bool isAdminPeer(const QHostAddress &peer)
{
    bool mapped = false;
    const quint32 v4 = peer.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4).isLoopback();
    return peer.isLoopback();
}

bool admin(Emulator &emulator, EmulatorState &s, const Request &r, Reply *reply)
{
    if (!isAdminPeer(r.peer)) {
        *reply = adminError(403, QStringLiteral("The admin API answers loopback clients only."));
        return true;
    }
    if (!notFromAWebPage(r, reply)) {
        reply->note = QStringLiteral("admin refused: sent by a web page");
        return true;
    }
    if (!bearerMatches(r.header("Authorization"), s.adminToken)) {
        // Which of the two went wrong is said; the token itself never is (not in the reply, not in the log).
        const bool sent = r.hasHeader("Authorization");
        *reply = adminError(401,
            sent ? QStringLiteral("The admin token in the Authorization header is not this emulator's.")
                 : QStringLiteral("The admin API needs \"Authorization: Bearer <admin token>\"; "
                                  "`idex emulator --print-env` prints it as IDEX_EMULATOR_ADMIN_TOKEN."));
        reply->setHeader("WWW-Authenticate", "Bearer realm=\"idex-emulator-admin\"");
        reply->note = sent ? QStringLiteral("admin refused: wrong admin token")
                           : QStringLiteral("admin refused: no admin token");
        return true;
    }
    const QString p = r.path;
    QJsonParseError pe {};
    const QJsonDocument body = r.body.isEmpty() ? QJsonDocument() : QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *reply = adminError(400, QStringLiteral("The body is not JSON: %1").arg(pe.errorString()));
        return true;
    }
    if (p == QLatin1String("/admin/scenario") && r.method == "GET") {
        QJsonObject json = s.scenario.toJson();
        QJsonArray kids, faults;
        for (const QByteArray &kid : emulator.publishedKeyIds())
            kids.append(QString::fromLatin1(kid));
        for (const auto &f : s.faults)
            faults.append(
                Scenario { .faults = { f.fault } }.toJson().value(QStringLiteral("faults")).toArray().first());
        json.insert(QStringLiteral("faults"), faults);
        json.insert(QStringLiteral("runtime"),
            QJsonObject { { QStringLiteral("baseUrl"), s.base.toString() },
                { QStringLiteral("httpsBaseUrl"), emulator.httpsBaseUrl().toString() },
                { QStringLiteral("caCertificateFile"), emulator.caCertificatePath() },
                { QStringLiteral("issuerV1"), s.issuerV1() }, { QStringLiteral("issuerV2"), s.issuerV2() },
                { QStringLiteral("jwksV1"), emulator.jwksUrl(1).toString() },
                { QStringLiteral("jwksV2"), emulator.jwksUrl(2).toString() },
                { QStringLiteral("serviceFabricEndpoint"), emulator.serviceFabricEndpoint().toString() },
                { QStringLiteral("serviceFabricThumbprint"), QString::fromLatin1(emulator.serviceFabricThumbprint()) },
                { QStringLiteral("publishedKeyIds"), kids }, { QStringLiteral("tokenCacheSize"), s.cacheSize() },
                { QStringLiteral("clockSkewSeconds"), s.clockSkewSeconds },
                { QStringLiteral("arcKeyFile"), s.arcKeyFile },
                { QStringLiteral("federatedTokenFile"), s.federatedTokenFile } });
        *reply = Reply::json(200, json);
        return true;
    }
    if (p == QLatin1String("/admin/assignments") && r.method == "POST") {
        const QJsonObject o = body.object();
        AppRoleAssignment created;
        QString error;
        if (!emulator.addAssignment(o.value(QStringLiteral("principalId")).toString(),
                o.value(QStringLiteral("resourceId")).toString(), o.value(QStringLiteral("appRoleId")).toString(),
                &created, &error)) {
            *reply = adminError(400, error);
            return true;
        }
        *reply = Reply::json(201, toGraphJson(created));
        reply->note
            = QStringLiteral("assigned %1 on %2").arg(created.principalDisplayName, created.resourceDisplayName);
        return true;
    }
    if (p.startsWith(QLatin1String("/admin/assignments/")) && r.method == "DELETE") {
        QString error;
        if (!emulator.removeAssignment(p.mid(int(QStringLiteral("/admin/assignments/").size())), &error)) {
            *reply = adminError(404, error);
            return true;
        }
        reply->status = 204;
        return true;
    }
    if (p == QLatin1String("/admin/keys/rotate") && r.method == "POST") {
        const bool keep = body.object().value(QStringLiteral("keepPrevious")).toBool(true);
        const QByteArray kid = emulator.rotateSigningKey(keep);
        QJsonArray kids;
        for (const QByteArray &k : emulator.publishedKeyIds())
            kids.append(QString::fromLatin1(k));
        *reply = Reply::json(200,
            QJsonObject { { QStringLiteral("kid"), QString::fromLatin1(kid) }, { QStringLiteral("published"), kids } });
        return true;
    }
    if (p == QLatin1String("/admin/faults") && (r.method == "PUT" || r.method == "POST")) {
        const QJsonArray items = body.isArray() ? body.array() : QJsonArray { body.object() };
        QList<Fault> parsed;
        for (const QJsonValue &item : items) {
            Fault f;
            QString error;
            if (!parseFault(item, &f, &error)) {
                *reply = adminError(400, error);
                return true;
            }
            parsed << f;
        }
        if (r.method == "PUT")
            emulator.setFaults(parsed);
        else
            for (const Fault &f : parsed)
                emulator.setFault(f);
        *reply = Reply::json(200, QJsonObject { { QStringLiteral("faults"), int(emulator.faults().size()) } });
        return true;
    }
    if (p == QLatin1String("/admin/faults") && r.method == "DELETE") {
        emulator.clearFaults();
        reply->status = 204;
        return true;
    }
    if (p == QLatin1String("/admin/token-cache") && r.method == "DELETE") {
        *reply = Reply::json(200, QJsonObject { { QStringLiteral("flushed"), emulator.flushTokenCache() } });
        return true;
    }
    if (p == QLatin1String("/admin/clock-skew") && r.method == "PUT") {
        const QJsonValue seconds = body.object().value(QStringLiteral("seconds"));
        if (!seconds.isDouble() || std::abs(seconds.toDouble()) > Emulator::maxClockSkewSeconds) {
            *reply = adminError(
                400, QStringLiteral("Send {\"seconds\": n} with |n| <= %1.").arg(Emulator::maxClockSkewSeconds));
            return true;
        }
        emulator.setClockSkew(seconds.toInt());
        *reply = Reply::json(200, QJsonObject { { QStringLiteral("seconds"), emulator.clockSkew() } });
        return true;
    }
    if (p.startsWith(QLatin1String("/admin/identities/")) && r.method == "PATCH") {
        const QString name
            = QUrl::fromPercentEncoding(p.mid(int(QStringLiteral("/admin/identities/").size())).toUtf8());
        const QJsonValue enabled = body.object().value(QStringLiteral("enabled"));
        if (!enabled.isBool()) {
            *reply = adminError(400, QStringLiteral("Send {\"enabled\": true} or {\"enabled\": false}."));
            return true;
        }
        QString error;
        if (!emulator.setSystemIdentityEnabled(name, enabled.toBool(), &error)) {
            *reply = adminError(404, error);
            return true;
        }
        const Identity *identity = s.scenario.identityByName(name);
        *reply = Reply::json(200,
            QJsonObject { { QStringLiteral("name"), identity->name }, { QStringLiteral("enabled"), identity->enabled },
                { QStringLiteral("clientId"), identity->enabled ? QJsonValue(identity->clientId) : QJsonValue() },
                { QStringLiteral("principalId"),
                    identity->enabled ? QJsonValue(identity->principalId) : QJsonValue() } });
        reply->note = QStringLiteral("system-assigned identity of %1 turned %2")
                          .arg(name, enabled.toBool() ? QStringLiteral("on") : QStringLiteral("off"));
        return true;
    }
    *reply = adminError(404, QStringLiteral("No admin operation %1 %2.").arg(QString::fromLatin1(r.method), p));
    return true;
}

} // namespace idex::emulator::routes
