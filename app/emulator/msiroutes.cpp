// The managed identity endpoints: IMDS, App Service 2019 and 2017, Azure ML, Arc, Cloud Shell, Service Fabric and
// the workload identity token exchange. Each answers with the success and error shapes of the real endpoint
// (see /work/shared/reference/msi-protocols.md). About 520 lines: eight protocols kept side by side so that their
// shared rules (resource, identity selection, caching) stay alike.
#include "emulatorstate.h"
#include "routes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace idex::emulator::routes {

namespace {

using Issued = EmulatorState::Issued;

QString str(qint64 v)
{
    return QString::number(v);
}

Reply imdsError(int status, const QString &error, const QString &description)
{
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"), error }, { QStringLiteral("error_description"), description } });
}

Reply appServiceError(int status, const QString &message)
{
    return Reply::json(status,
        QJsonObject { { QStringLiteral("statusCode"), status }, { QStringLiteral("message"), message },
            { QStringLiteral("correlationId"), EmulatorState::correlationId() } });
}

Reply serviceFabricError(int status, const QString &code, const QString &message)
{
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("correlationId"), EmulatorState::correlationId() },
                { QStringLiteral("code"), code }, { QStringLiteral("message"), message } } } });
}

/*! IMDS / Arc / Cloud Shell body: every value a string, expires_in and expires_on both present. */
QByteArray imdsBody(EmulatorState &s, const Issued &t, qint64 now)
{
    auto object = [&](const std::function<QString(int)> &value) {
        return QJsonObject { { QStringLiteral("access_token"), value(0) },
            { QStringLiteral("refresh_token"), QString() }, { QStringLiteral("expires_in"), value(1) },
            { QStringLiteral("expires_on"), value(2) }, { QStringLiteral("ext_expires_in"), value(4) },
            { QStringLiteral("not_before"), value(3) }, { QStringLiteral("resource"), t.resource },
            { QStringLiteral("token_type"), QStringLiteral("Bearer") },
            { QStringLiteral("client_id"), t.identity->clientId } };
    };
    const QByteArray token = t.token.toLatin1();
    if (token.size() == t.token.size() && isPlainJsonText(token)) { // always so: base64url, dots, a placeholder
        const JsonTemplate &shape
            = s.answerTemplate(QStringLiteral("imds|") + t.resource + u'|' + t.identity->clientId, 5, object);
        const QByteArray expiresIn = '"' + QByteArray::number(t.expiresOn - now) + '"';
        if (!shape.isNull())
            return shape.fill({ concatenated({ "\"", token, "\"" }), expiresIn,
                QByteArray('"' + QByteArray::number(t.expiresOn) + '"'),
                QByteArray('"' + QByteArray::number(t.notBefore) + '"'), expiresIn });
    }
    const QString values[]
        = { t.token, str(t.expiresOn - now), str(t.expiresOn), str(t.notBefore), str(t.expiresOn - now) };
    return QJsonDocument(object([&](int field) { return values[field]; })).toJson(QJsonDocument::Compact);
}

Reply imdsSuccess(EmulatorState &s, const Issued &t, qint64 now)
{
    Reply r = Reply::text(200, s.cachedAnswerBody(QLatin1String("imds"), t, now, [&] { return imdsBody(s, t, now); }),
        "application/json; charset=utf-8");
    if (s.logNotes) // formatting it cost as much as the rest of a cached answer's route
        r.note = QStringLiteral("%1 token for %2 (%3)")
                     .arg(t.identity->name, t.resource, t.fromCache ? QStringLiteral("cached") : QStringLiteral("new"));
    return r;
}

QString note(const Issued &t)
{
    return QStringLiteral("%1 token for %2 (%3)")
        .arg(t.identity->name, t.resource, t.fromCache ? QStringLiteral("cached") : QStringLiteral("new"));
}

/*! At most one of the selector parameters; returns false (and the offending names) otherwise. */
bool oneSelector(const Request &r, const QStringList &names, QString *clientId, QString *objectId, QString *resourceId,
    QString *which)
{
    QStringList present;
    for (const QString &n : names)
        if (r.queryCount(n) > 0)
            present << n;
    *which = present.join(QStringLiteral(", "));
    if (present.size() > 1)
        return false;
    if (!present.isEmpty()) {
        const QString &n = present.first();
        const QString v = r.queryValue(n);
        if (n == names.value(0))
            *clientId = v;
        else if (n == names.value(names.size() - 1))
            *resourceId = v;
        else
            *objectId = v;
    }
    return true;
}

bool imds(EmulatorState &s, const Request &r, Reply *reply, bool arc)
{
    const QString route = arc ? QStringLiteral("arc") : QStringLiteral("imds");
    if (r.method != "GET") {
        *reply = imdsError(
            405, QStringLiteral("invalid_request"), QStringLiteral("The managed identity endpoint accepts GET only."));
        return true;
    }
    if (!arc && r.hasHeader("X-Forwarded-For")) {
        *reply = imdsError(400, QStringLiteral("invalid_request"),
            QStringLiteral("Requests with an X-Forwarded-For header are rejected (IMDS answers only direct, unproxied "
                           "requests)."));
        return true;
    }
    if (r.header("Metadata") != "true") {
        *reply = imdsError(
            400, QStringLiteral("bad_request_102"), QStringLiteral("Required metadata header not specified"));
        return true;
    }
    // One pass over the query (each look-up of a QUrlQuery decodes every item again): duplicates, then the values.
    const QList<std::pair<QString, QString>> items = r.query.queryItems(QUrl::FullyDecoded);
    for (qsizetype i = 1; i < items.size(); ++i) {
        for (qsizetype j = 0; j < i; ++j) {
            if (items.at(j).first == items.at(i).first) {
                *reply = imdsError(400, QStringLiteral("invalid_request"),
                    QStringLiteral("Duplicate query parameter '%1' is not allowed.")
                        .arg(r.query.queryItems().at(j).first));
                return true;
            }
        }
    }
    auto value = [&items](QLatin1String name, bool *present = nullptr) {
        for (const auto &[key, v] : items) {
            if (key == name) {
                if (present)
                    *present = true;
                return v;
            }
        }
        return QString();
    };
    if (value(QLatin1String("api-version")).isEmpty()) {
        *reply = imdsError(
            400, QStringLiteral("invalid_request"), QStringLiteral("Required query variable 'api-version' is missing"));
        return true;
    }
    const QString resource = value(QLatin1String("resource"));
    if (resource.isEmpty()) {
        *reply = imdsError(
            400, QStringLiteral("invalid_request"), QStringLiteral("Required query variable 'resource' is missing"));
        return true;
    }
    // At most one selector (client_id, object_id, msi_res_id).
    bool hasClient = false, hasObject = false, hasResource = false;
    const QString clientId = value(QLatin1String("client_id"), &hasClient);
    const QString objectId = value(QLatin1String("object_id"), &hasObject);
    const QString resourceId = value(QLatin1String("msi_res_id"), &hasResource);
    QStringList present;
    if (hasClient)
        present << QStringLiteral("client_id");
    if (hasObject)
        present << QStringLiteral("object_id");
    if (hasResource)
        present << QStringLiteral("msi_res_id");
    const QString which = present.join(QStringLiteral(", "));
    if (present.size() > 1) {
        *reply = imdsError(400, QStringLiteral("invalid_request"),
            QStringLiteral("Only one of client_id, object_id, msi_res_id may be given (got %1).").arg(which));
        return true;
    }
    if (arc) {
        if (!which.isEmpty()) {
            *reply = imdsError(400, QStringLiteral("invalid_request"),
                QStringLiteral("User-assigned identities are not supported on Azure Arc-enabled servers (got %1).")
                    .arg(which));
            return true;
        }
        const QByteArray auth = r.header("Authorization");
        if (!auth.startsWith("Basic ") || s.arcKey.isEmpty() || auth.mid(6).trimmed() != s.arcKey) {
            const bool hadKey = auth.startsWith("Basic ");
            s.newArcKey();
            *reply = imdsError(401, QStringLiteral("unauthorized_client"),
                hadKey ? QStringLiteral(
                    "The key in the Authorization header does not match the current challenge; read the new key file.")
                       : QStringLiteral("Read the key file named in WWW-Authenticate and send its contents as "
                                        "Authorization: Basic <contents>."));
            reply->setHeader("WWW-Authenticate", "Basic realm=" + s.arcKeyFile.toUtf8());
            reply->note = QStringLiteral("Arc challenge, key file %1").arg(s.arcKeyFile);
            return true;
        }
    }
    const Identity *identity
        = s.takeIdentityNotFound(route) ? nullptr : s.selectIdentity(clientId, objectId, resourceId);
    if (!identity) {
        *reply = imdsError(400, QStringLiteral("invalid_request"), QStringLiteral("Identity not found"));
        return true;
    }
    const Issued t = s.issue(*identity, resource, route);
    if (t.error == Issued::Error::InvalidResource) {
        *reply = imdsError(400, QStringLiteral("invalid_resource"), t.description);
        return true;
    }
    *reply = imdsSuccess(s, t, s.now());
    if (arc)
        s.newArcKey(); // a key answers one challenge
    return true;
}

bool appService(EmulatorState &s, const Request &r, Reply *reply, bool legacy, bool ml)
{
    const QString route = ml ? QStringLiteral("azureml")
        : legacy             ? QStringLiteral("appservice2017")
                             : QStringLiteral("appservice");
    const QByteArray secretHeader = legacy ? "secret" : "X-IDENTITY-HEADER";
    if (r.method != "GET") {
        *reply = appServiceError(405, QStringLiteral("The managed identity endpoint accepts GET only."));
        return true;
    }
    const QByteArray secret = r.header(secretHeader);
    if (secret.isEmpty() || secret != s.scenario.identityHeader.toUtf8()) {
        *reply = appServiceError(400,
            secret.isEmpty() ? QStringLiteral("The %1 header is missing.").arg(QString::fromLatin1(secretHeader))
                             : QStringLiteral("The %1 header does not match this app's identity secret.")
                                   .arg(QString::fromLatin1(secretHeader)));
        return true;
    }
    // Azure ML is not stricter than that: azure-identity for Python (AzureMLCredential, the SDK Azure ML's own
    // compute runs) sends only `secret`, no Metadata header, and gets its token; the secret is the SSRF guard here.
    const QString apiVersion = r.queryValue(QStringLiteral("api-version"));
    const QString expectedVersion = legacy ? QStringLiteral("2017-09-01") : QStringLiteral("2019-08-01");
    if (apiVersion != expectedVersion) {
        *reply = appServiceError(400,
            QStringLiteral("api-version '%1' is not supported by this endpoint; use %2.")
                .arg(apiVersion, expectedVersion));
        return true;
    }
    const QString resource = r.queryValue(QStringLiteral("resource"));
    if (resource.isEmpty()) {
        *reply = appServiceError(400, QStringLiteral("The 'resource' query parameter is required."));
        return true;
    }
    QString clientId, objectId, resourceId, which;
    if (legacy) {
        // Azure ML without clientid serves the compute's default (system-assigned) identity: .NET sends
        // DEFAULT_IDENTITY_CLIENT_ID, azure-identity for Python sends nothing for system-assigned, and both work there.
        clientId = r.queryValue(QStringLiteral("clientid"));
    } else if (!oneSelector(r,
                   { QStringLiteral("client_id"), QStringLiteral("principal_id"), QStringLiteral("object_id"),
                       QStringLiteral("mi_res_id") },
                   &clientId, &objectId, &resourceId, &which)) {
        *reply = appServiceError(400,
            QStringLiteral("Only one of client_id, principal_id, object_id, mi_res_id may be given (got %1).")
                .arg(which));
        return true;
    }
    const Identity *identity
        = s.takeIdentityNotFound(route) ? nullptr : s.selectIdentity(clientId, objectId, resourceId);
    if (!identity) {
        if (ml)
            *reply = imdsError(400, QStringLiteral("invalid_request"), QStringLiteral("Identity not found"));
        else if (clientId.isEmpty() && objectId.isEmpty() && resourceId.isEmpty())
            *reply = appServiceError(
                400, QStringLiteral("No Managed Identity found: this app has no system-assigned identity enabled."));
        else
            *reply = appServiceError(400,
                QStringLiteral("No User Assigned or Delegated Managed Identity found for specified "
                               "ClientId/ResourceId/PrincipalId."));
        return true;
    }
    const Issued t = s.issue(*identity, resource, route);
    if (t.error == Issued::Error::InvalidResource) {
        *reply = ml ? imdsError(400, QStringLiteral("invalid_resource"), t.description)
                    : appServiceError(400, t.description);
        return true;
    }
    QJsonObject body { { QStringLiteral("access_token"), t.token }, { QStringLiteral("resource"), t.resource },
        { QStringLiteral("token_type"), QStringLiteral("Bearer") } };
    if (ml) {
        body.insert(QStringLiteral("expires_on"), t.expiresOn);
        body.insert(QStringLiteral("expires_in"), t.expiresOn - s.now());
        body.insert(QStringLiteral("client_id"), identity->clientId);
    } else if (legacy) {
        // Linux App Service's 2017 form: "MM/dd/yyyy HH:mm:ss +00:00".
        body.insert(QStringLiteral("expires_on"),
            QString(QLocale::c().toString(
                        QDateTime::fromSecsSinceEpoch(t.expiresOn, Qt::UTC), QStringLiteral("MM/dd/yyyy HH:mm:ss"))
                + QStringLiteral(" +00:00")));
    } else {
        body.insert(QStringLiteral("expires_on"), str(t.expiresOn));
        body.insert(QStringLiteral("not_before"), str(t.notBefore));
        body.insert(QStringLiteral("client_id"), identity->clientId);
    }
    *reply = Reply::json(200, body);
    reply->note = note(t);
    return true;
}

bool cloudShell(EmulatorState &s, const Request &r, Reply *reply)
{
    if (r.method != "POST") {
        *reply = Reply::json(405,
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("MethodNotAllowed") },
                    { QStringLiteral("message"),
                        QStringLiteral("Use POST with a form body resource=<resource>.") } } } });
        return true;
    }
    if (r.header("Metadata") != "true") {
        *reply = imdsError(
            400, QStringLiteral("bad_request_102"), QStringLiteral("Required metadata header not specified"));
        return true;
    }
    const QString resource = r.formValue(QStringLiteral("resource"));
    const Identity *identity
        = s.takeIdentityNotFound(QStringLiteral("cloudshell")) ? nullptr : s.selectIdentity({}, {}, {});
    if (!identity) {
        *reply = imdsError(400, QStringLiteral("invalid_request"), QStringLiteral("Identity not found"));
        return true;
    }
    const Issued t = s.issue(*identity, resource, QStringLiteral("cloudshell"));
    if (resource.isEmpty() || t.error == Issued::Error::InvalidResource) {
        *reply = Reply::json(400,
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("AudienceNotSupported") },
                    { QStringLiteral("message"),
                        QStringLiteral("Audience '%1' is not a supported MSI token audience.").arg(resource) } } } });
        return true;
    }
    *reply = imdsSuccess(s, t, s.now());
    return true;
}

bool serviceFabric(EmulatorState &s, const Request &r, Reply *reply)
{
    if (r.method != "GET") {
        *reply = serviceFabricError(405, QStringLiteral("MethodNotAllowed"), QStringLiteral("Use GET."));
        return true;
    }
    const QByteArray secret = r.header("secret");
    if (secret.isEmpty()) {
        *reply = serviceFabricError(
            401, QStringLiteral("SecretHeaderNotFound"), QStringLiteral("Secret is not found in the request headers."));
        return true;
    }
    if (secret != s.scenario.identityHeader.toUtf8()) {
        *reply = serviceFabricError(401, QStringLiteral("SecretHeaderMismatch"),
            QStringLiteral("The secret in the request headers does not match."));
        return true;
    }
    const QString apiVersion = r.queryValue(QStringLiteral("api-version"));
    if (apiVersion != QLatin1String("2019-07-01-preview") && apiVersion != QLatin1String("2020-05-01")) {
        *reply = serviceFabricError(400, QStringLiteral("InvalidApiVersion"),
            QStringLiteral("The api-version '%1' is invalid; use 2019-07-01-preview or 2020-05-01.").arg(apiVersion));
        return true;
    }
    const QString resource = r.queryValue(QStringLiteral("resource"));
    if (resource.isEmpty()) {
        *reply = serviceFabricError(400, QStringLiteral("ArgumentNullOrEmpty"),
            QStringLiteral("Value cannot be null or empty. Parameter name: resource"));
        return true;
    }
    const Identity *identity
        = s.takeIdentityNotFound(QStringLiteral("servicefabric")) ? nullptr : s.selectIdentity({}, {}, {});
    if (!identity) {
        *reply = serviceFabricError(404, QStringLiteral("ManagedIdentityNotFound"),
            QStringLiteral("No managed identity is assigned to this application."));
        return true;
    }
    const Issued t = s.issue(*identity, resource, QStringLiteral("servicefabric"));
    if (t.error == Issued::Error::InvalidResource) {
        *reply = serviceFabricError(400, QStringLiteral("InvalidResource"), t.description);
        return true;
    }
    *reply = Reply::json(200,
        QJsonObject { { QStringLiteral("token_type"), QStringLiteral("Bearer") },
            { QStringLiteral("access_token"), t.token }, { QStringLiteral("expires_on"), t.expiresOn },
            { QStringLiteral("resource"), t.resource } });
    reply->note = note(t);
    return true;
}

bool workloadIdentity(EmulatorState &s, const Request &r, Reply *reply, const QString &tenant)
{
    const QString route = QStringLiteral("workloadidentity");
    if (r.method != "POST") {
        *reply = s.entraError(405, QStringLiteral("invalid_request"), 900561,
            QStringLiteral("AADSTS900561: The endpoint only accepts POST requests."));
        return true;
    }
    if (tenant.compare(s.tenant(), Qt::CaseInsensitive) != 0 && tenant != s.scenario.tenantDomain) {
        *reply = s.entraError(400, QStringLiteral("invalid_request"), 90002,
            QStringLiteral("AADSTS90002: Tenant '%1' not found.").arg(tenant));
        return true;
    }
    if (r.formValue(QStringLiteral("grant_type")) != QLatin1String("client_credentials")) {
        *reply = s.entraError(400, QStringLiteral("unsupported_grant_type"), 70003,
            QStringLiteral("AADSTS70003: The app requested an unsupported grant type '%1'.")
                .arg(r.formValue(QStringLiteral("grant_type"))));
        return true;
    }
    const QString clientId = r.formValue(QStringLiteral("client_id"));
    const Identity *identity = s.scenario.identityByClientId(clientId);
    if (!identity || s.takeIdentityNotFound(route)) {
        *reply = s.entraError(400, QStringLiteral("unauthorized_client"), 700016,
            QStringLiteral("AADSTS700016: Application with identifier '%1' was not found in the directory '%2'.")
                .arg(clientId, s.scenario.tenantDomain));
        return true;
    }
    if (r.formValue(QStringLiteral("client_assertion_type"))
        != QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")) {
        *reply = s.entraError(400, QStringLiteral("invalid_client"), 7000218,
            QStringLiteral("AADSTS7000218: The request body must contain client_assertion or client_secret."));
        return true;
    }
    const EmulatorState::Validation v
        = s.validate(r.formValue(QStringLiteral("client_assertion")).toLatin1(), { s.federatedIssuer() }, {});
    if (!v.ok) {
        *reply = s.entraError(400, QStringLiteral("invalid_client"), 700024,
            QStringLiteral("AADSTS700024: Client assertion is not valid: %1").arg(v.error));
        return true;
    }
    const QJsonValue aud = v.claims.value(QStringLiteral("aud"));
    const bool audOk = aud.toString() == QLatin1String("api://AzureADTokenExchange")
        || aud.toArray().contains(QJsonValue(QStringLiteral("api://AzureADTokenExchange")));
    const QString sub = v.claims.value(QStringLiteral("sub")).toString();
    if (!audOk || identity->federatedSubject.isEmpty() || sub != identity->federatedSubject) {
        *reply = s.entraError(400, QStringLiteral("invalid_client"), 70021,
            QStringLiteral("AADSTS70021: No matching federated identity record found for presented assertion. "
                           "Assertion Issuer: '%1'. "
                           "Assertion Subject: '%2'. Assertion Audience: '%3'.")
                .arg(v.claims.value(QStringLiteral("iss")).toString(), sub,
                    aud.isArray() ? aud.toArray().first().toString() : aud.toString()));
        return true;
    }
    const QString scope = r.formValue(QStringLiteral("scope"));
    if (!scope.endsWith(QLatin1String("/.default")) || scope.contains(u' ')) {
        *reply = s.entraError(400, QStringLiteral("invalid_scope"), 1002012,
            QStringLiteral(
                "AADSTS1002012: The provided value for scope '%1' is not valid. Client credential flows must have a "
                "scope value with /.default suffixed to the resource identifier (application ID URI).")
                .arg(scope));
        return true;
    }
    const QString resource = scope.chopped(int(QStringLiteral("/.default").size()));
    const Issued t = s.issue(*identity, resource, route);
    if (t.error == Issued::Error::InvalidResource) {
        *reply = s.entraError(400, QStringLiteral("invalid_resource"), 500011, t.description);
        return true;
    }
    *reply = Reply::json(200,
        QJsonObject { { QStringLiteral("token_type"), QStringLiteral("Bearer") },
            { QStringLiteral("expires_in"), t.expiresOn - s.now() },
            { QStringLiteral("ext_expires_in"), t.expiresOn - s.now() }, { QStringLiteral("access_token"), t.token } });
    reply->note = note(t);
    return true;
}

} // namespace

QString routeName(const Request &r)
{
    const QString &p = r.path;
    // On the HTTPS port the IMDS path is Service Fabric's (IMDS itself is plain http on 169.254.169.254).
    if (r.tls && p == QLatin1String("/metadata/identity/oauth2/token"))
        return QStringLiteral("servicefabric");
    if (p == QLatin1String("/metadata/identity/oauth2/token"))
        return QStringLiteral("imds");
    if (p.compare(QLatin1String("/msi/token"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("appservice");
    if (p == QLatin1String("/msi2017/token"))
        return QStringLiteral("appservice2017");
    if (p == QLatin1String("/azureml/token"))
        return QStringLiteral("azureml");
    if (p == QLatin1String("/arc/metadata/identity/oauth2/token"))
        return QStringLiteral("arc");
    if (p == QLatin1String("/cloudshell/oauth2/token"))
        return QStringLiteral("cloudshell");
    if (p.endsWith(QLatin1String("/oauth2/v2.0/token")) && p.count(u'/') == 4)
        return QStringLiteral("workloadidentity");
    if (p.startsWith(QLatin1String("/v1.0/")))
        return QStringLiteral("graph");
    if (p.startsWith(QLatin1String("/api/")) || p == QLatin1String("/.auth/me"))
        return QStringLiteral("functions");
    if (p.startsWith(QLatin1String("/admin/")))
        return QStringLiteral("admin");
    if (p.contains(QLatin1String("/.well-known/")) || p.contains(QLatin1String("/discovery/")))
        return QStringLiteral("discovery");
    return {};
}

bool managedIdentity(EmulatorState &s, const Request &r, Reply *reply)
{
    const QString route = routeName(r);
    if (route == QLatin1String("servicefabric"))
        return serviceFabric(s, r, reply);
    if (route == QLatin1String("imds"))
        return imds(s, r, reply, false);
    if (route == QLatin1String("arc"))
        return imds(s, r, reply, true);
    if (route == QLatin1String("appservice"))
        return appService(s, r, reply, false, false);
    if (route == QLatin1String("appservice2017"))
        return appService(s, r, reply, true, false);
    if (route == QLatin1String("azureml"))
        return appService(s, r, reply, true, true);
    if (route == QLatin1String("cloudshell"))
        return cloudShell(s, r, reply);
    if (route == QLatin1String("workloadidentity"))
        return workloadIdentity(s, r, reply, r.path.section(u'/', 1, 1));
    return false;
}

} // namespace idex::emulator::routes
