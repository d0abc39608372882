// The emulator's state and its token issuing (about 620 lines): identities, keys, the platform token cache, faults,
// assignments and the signing hand-off to the pool, owned by the event loop thread. TODO(#12): token validation and
// faults can move to files of their own.
#include "emulatorstate.h"

#include "net/base64url.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QRandomGenerator>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <array>
#include <utility>

namespace idex::emulator {

namespace {

const QLatin1String kMicrosoftTenant("f8cdef31-a31e-4b4a-93e4-5f571e91255a");

/*! The random parts of a token's aio, uti and rh claims, base64url: one call of the global generator (it locks once per
    call: a call per byte was a tenth of the server's work on a fresh token), bytes straight to base64url text (a
    QString round trip per part was another few thousand instructions per token). */
std::array<QByteArray, 3> randomClaimParts()
{
    constexpr int kAio = 36, kUti = 16, kRh = 40;
    std::array<quint32, (kAio + kUti + kRh) / 4> words;
    QRandomGenerator::global()->fillRange(words.data(), words.size());
    const auto *bytes = reinterpret_cast<const char *>(words.data());
    return { base64Url(QByteArray(bytes, kAio)), base64Url(QByteArray(bytes + kAio, kUti)),
        base64Url(QByteArray(bytes + kAio + kUti, kRh)) };
}

/*! An injected failure in the error shape of the route it hits, so clients parse it as they would Azure's. */
Reply faultReply(const QString &route, int status, const QString &code, const QString &message)
{
    if (route == QLatin1String("graph")) {
        const QString id = EmulatorState::correlationId();
        return Reply::json(status,
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), message },
                    { QStringLiteral("innerError"),
                        QJsonObject { { QStringLiteral("request-id"), id },
                            { QStringLiteral("client-request-id"), id } } } } } });
    }
    if (route == QLatin1String("appservice") || route == QLatin1String("appservice2017"))
        return Reply::json(status,
            QJsonObject { { QStringLiteral("statusCode"), status }, { QStringLiteral("message"), message },
                { QStringLiteral("correlationId"), EmulatorState::correlationId() } });
    if (route == QLatin1String("servicefabric") || route == QLatin1String("cloudshell"))
        return Reply::json(status,
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("correlationId"), EmulatorState::correlationId() },
                    { QStringLiteral("code"), code }, { QStringLiteral("message"), message } } } });
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"), code.toLower() }, { QStringLiteral("error_description"), message } });
}

bool routeMatches(const Fault &fault, const QString &route)
{
    return fault.route == QLatin1String("*") || fault.route.compare(route, Qt::CaseInsensitive) == 0;
}

} // namespace

EmulatorState::EmulatorState()
{
    m_signers.setMaxThreadCount(QThread::idealThreadCount());
    QByteArray nonce(18, '\0');
    QRandomGenerator::system()->generate(nonce.begin(), nonce.end());
    m_placeholderNonce = base64Url(nonce);
}

EmulatorState::~EmulatorState()
{
    m_signers.waitForDone(); // the signatures in flight hold their key and input only, but finish them first
}

QString EmulatorState::Issued::completeToken() const
{
    if (signingInput.isEmpty())
        return token; // errors, and tokens complete from the start
    const QByteArray sig = signature.result();
    return sig.isEmpty() ? QString() : QString::fromLatin1(concatenated({ signingInput, ".", sig }));
}

QByteArray EmulatorState::cachedAnswerBody(
    QLatin1String shape, const Issued &t, qint64 now, const std::function<QByteArray()> &make)
{
    // Fresh tokens are answered once; pending ones are placeholders, which fillToken() puts last and which end in
    // '~' (never a base64url character): endsWith, not a search of the whole token on every cached answer.
    if (!t.fromCache || t.token.endsWith(u'~'))
        return make();
    const QString key = shape + u'|' + t.identity->principalId + u'|' + t.resource;
    AnswerMemo &memo = m_answers[key];
    if (memo.now != now || memo.token != t.token)
        memo = AnswerMemo { t.token, now, make() };
    return memo.body;
}

void EmulatorState::setSignatureFinishedCallback(std::function<void()> callback)
{
    m_signatureFinished = std::make_shared<const std::function<void()>>(std::move(callback));
}

std::optional<PendingSignature> EmulatorState::takePendingSignature()
{
    return std::exchange(m_pending, std::nullopt);
}

void EmulatorState::fillToken(Issued *out)
{
    if (out->signature.isFinished() && !out->signature.result().isEmpty()) {
        out->token = QString::fromLatin1(concatenated({ out->signingInput, ".", out->signature.result() }));
        return;
    }
    // '~' is not base64url, and the nonce is this state's secret: nothing else in a body can match it.
    const QByteArray placeholder = '~' + m_placeholderNonce + QByteArray::number(++m_placeholders) + '~';
    out->token = QString::fromLatin1(concatenated({ out->signingInput, ".", placeholder }));
    m_pending = PendingSignature { placeholder, out->signature };
}

QString EmulatorState::correlationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString EmulatorState::urlBase(const Request &request) const
{
    const QString scheme = request.tls ? QStringLiteral("https") : QStringLiteral("http");
    const QByteArray host = request.header("Host").trimmed().toLower();
    if (!host.isEmpty())
        return scheme + QStringLiteral("://") + QString::fromLatin1(host);
    // HTTP/1.0 without Host, or an in-process request: the address it arrived on, else the one the emulator has.
    QUrl url = base;
    url.setScheme(scheme);
    if (request.tls)
        url.setPort(tlsPort);
    return url.toString();
}

QString EmulatorState::authority() const
{
    return entraIssuers ? QStringLiteral("https://login.microsoftonline.com") : base.toString();
}

const EmulatorState::Issuers &EmulatorState::issuers() const
{
    // Every fresh token names its issuer: formatting it (QUrl::toString, arg) was 3.5k instructions a token. Made
    // again whenever what it is made of changed (the URL compares by its shared data first: cheap while unchanged).
    if (!m_issuers || m_issuers->entra != entraIssuers || m_issuers->base != base
        || m_issuers->tenant != scenario.tenantId) {
        Issuers made { entraIssuers, base, scenario.tenantId, {}, {} };
        made.v1 = entraIssuers ? QStringLiteral("https://sts.windows.net/%1/").arg(tenant())
                               : QStringLiteral("%1/%2/").arg(base.toString(), tenant());
        made.v2 = QStringLiteral("%1/%2/v2.0").arg(authority(), tenant());
        m_issuers = std::move(made);
    }
    return *m_issuers;
}

QString EmulatorState::issuerV1() const
{
    return issuers().v1;
}

QString EmulatorState::issuerV2() const
{
    return issuers().v2;
}

const Identity *EmulatorState::selectIdentity(
    const QString &clientId, const QString &objectId, const QString &resourceId) const
{
    const Identity *found = nullptr;
    if (!clientId.isEmpty())
        found = scenario.identityByClientId(clientId);
    else if (!objectId.isEmpty())
        found = scenario.identityByPrincipalId(objectId);
    else if (!resourceId.isEmpty())
        found = scenario.identityByResourceId(resourceId);
    else
        found = scenario.systemIdentity();
    return found && found->attached ? found : nullptr;
}

EmulatorState::Issued EmulatorState::issue(const Identity &identity, const QString &resource, const QString &route)
{
    Issued out;
    out.identity = &identity;
    out.resource = resource;
    const ServicePrincipal *sp = scenario.servicePrincipalForResource(resource);
    if (!sp) {
        out.error = Issued::Error::InvalidResource;
        out.description = QStringLiteral(
            "AADSTS500011: The resource principal named %1 was not found in the tenant named %2. "
            "This can happen if the application has not been installed by the administrator of the "
            "tenant or consented to by any user in the tenant. You might have sent your authentication "
            "request to the wrong tenant.")
                              .arg(resource, scenario.tenantDomain);
        return out;
    }
    int skew = clockSkewSeconds, faultSkew = 0;
    if (hasFault(route, Fault::Kind::ClockSkew, &faultSkew))
        skew += faultSkew;
    const bool expired = hasFault(route, Fault::Kind::ExpiredToken);
    const bool future = hasFault(route, Fault::Kind::NotYetValidToken);
    const bool rollover = hasFault(route, Fault::Kind::KeyRollover);
    // Tokens shaped by a fault are never cached: clearing the fault must give normal tokens at once.
    const bool cacheable = skew == 0 && !expired && !future && !rollover;
    const QString key = identity.principalId + u'|' + resource;
    const qint64 t = now();
    if (cacheable) {
        const auto it = m_cache.find(key);
        // Like the platform: reuse while more than 5 minutes remain.
        // A signature that failed is not reused: the next request signs again.
        const bool failed = it != m_cache.end() && it->signature.isFinished() && it->signature.result().isEmpty();
        if (it != m_cache.end() && it->expiresOn - 300 > t && !failed) {
            if (it->token.isEmpty() && it->signature.isFinished())
                it->token = QString::fromLatin1(concatenated({ it->signingInput, ".", it->signature.result() }));
            out.token = it->token;
            out.signingInput = it->signingInput;
            out.signature = it->signature;
            out.issuedAt = it->issuedAt;
            out.notBefore = it->notBefore;
            out.expiresOn = it->expiresOn;
            out.fromCache = true;
            if (out.token.isEmpty())
                fillToken(&out);
            return out;
        }
    }
    qint64 iat = t + skew;
    qint64 exp = iat + scenario.tokenLifetimeSeconds;
    qint64 nbf = iat;
    if (expired) {
        iat = t - 2 * 3600;
        nbf = iat;
        exp = t - 3600;
    } else if (future) {
        iat = t + 3600;
        nbf = iat;
        exp = iat + scenario.tokenLifetimeSeconds;
    }
    const Application *app = scenario.applicationByAppId(sp->appId);
    const bool v2 = app && app->requestedAccessTokenVersion == 2;
    // Entra adds the identity's ARM id only for first-party audiences.
    const bool mirid = sp->appOwnerOrganizationId == kMicrosoftTenant;
    // Everything in the claims but their times and random values: the claims' JSON is serialized once for these
    // (see claimsPayload()), and each token gets its own times and random values spliced in.
    QStringList fixed { v2 ? QStringLiteral("2") : QStringLiteral("1"), v2 ? sp->appId : resource,
        v2 ? issuerV2() : issuerV1(), identity.principalId, tenant(), identity.clientId,
        mirid ? identity.resourceId : QString(), mirid ? QStringLiteral("mirid") : QString() };
    fixed += scenario.rolesOf(identity.principalId, sp->id);
    const std::array<QByteArray, 3> random = randomClaimParts();
    const QByteArray aio = "E2Rg" + random[0];
    const QByteArray &uti = random[1];
    const QByteArray rh = "0.A" + random[2] + "AA.";
    const QByteArray payload = claimsPayload(fixed,
        { QByteArray::number(iat), QByteArray::number(nbf), QByteArray::number(exp), '"' + aio + '"', '"' + uti + '"',
            '"' + rh + '"' });
    std::shared_ptr<SigningKey> signer = rollover && unpublishedKey ? unpublishedKey : publishedKeys.first();
    out.signingInput = concatenated({ headerPart(!v2, *signer), ".", base64Url(payload) });
    // The RSA signature is most of a fresh token's cost: it runs on the pool while this thread serves on.
    auto promise = std::make_shared<QPromise<QByteArray>>();
    out.signature = promise->future();
    promise->start();
    m_signers.start([promise, signer = std::move(signer), input = out.signingInput, done = m_signatureFinished] {
        promise->addResult(base64Url(signer->signRs256(input)));
        promise->finish();
        if (done && *done)
            (*done)();
    });
    out.issuedAt = iat;
    out.notBefore = nbf;
    out.expiresOn = exp;
    fillToken(&out);
    if (cacheable)
        m_cache.insert(key, Cached { out.signingInput, out.signature, iat, nbf, exp, {} });
    return out;
}

QByteArray EmulatorState::headerPart(bool v1, const SigningKey &key) const
{
    // The header depends on the key and the token version only (as Entra's does): made once per key and version.
    const QByteArray memoKey = key.kid() + (v1 ? "|1" : "|2");
    auto part = m_headerParts.constFind(memoKey);
    if (part == m_headerParts.constEnd()) {
        QJsonObject header { { QStringLiteral("typ"), QStringLiteral("JWT") },
            { QStringLiteral("alg"), QStringLiteral("RS256") },
            { QStringLiteral("kid"), QString::fromLatin1(key.kid()) } };
        if (v1)
            header.insert(QStringLiteral("x5t"), QString::fromLatin1(key.kid()));
        if (m_headerParts.size() >= 16) // keys rotated many times: the old ones' headers go
            m_headerParts.clear();
        part = m_headerParts.insert(memoKey, base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)));
    }
    return *part;
}

QByteArray EmulatorState::signingInput(const QJsonObject &claims, bool v1, const SigningKey &key) const
{
    return headerPart(v1, key) + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
}

QByteArray EmulatorState::claimsPayload(const QStringList &fixed, const std::array<QByteArray, 6> &varying)
{
    auto found = m_claimTemplates.constFind(fixed);
    if (found == m_claimTemplates.constEnd()) {
        // The claims as they always were, the varying ones (iat, nbf, exp, aio, uti, rh) as markers.
        auto marker = [this](int field) { return JsonTemplate::marker(m_placeholderNonce, field); };
        const bool v2 = fixed.at(0) == QLatin1String("2");
        QJsonObject claims { { QStringLiteral("aud"), fixed.at(1) }, { QStringLiteral("iss"), fixed.at(2) },
            { QStringLiteral("iat"), marker(0) }, { QStringLiteral("nbf"), marker(1) },
            { QStringLiteral("exp"), marker(2) }, { QStringLiteral("aio"), marker(3) },
            { QStringLiteral("idtyp"), QStringLiteral("app") }, { QStringLiteral("oid"), fixed.at(3) },
            { QStringLiteral("sub"), fixed.at(3) }, { QStringLiteral("tid"), fixed.at(4) },
            { QStringLiteral("uti"), marker(4) }, { QStringLiteral("rh"), marker(5) },
            { QStringLiteral("ver"), v2 ? QStringLiteral("2.0") : QStringLiteral("1.0") } };
        if (v2) {
            claims.insert(QStringLiteral("azp"), fixed.at(5));
            claims.insert(QStringLiteral("azpacr"), QStringLiteral("2"));
        } else {
            claims.insert(QStringLiteral("appid"), fixed.at(5));
            claims.insert(QStringLiteral("appidacr"), QStringLiteral("2"));
            claims.insert(QStringLiteral("idp"), fixed.at(2));
        }
        const QStringList roles = fixed.mid(8);
        if (!roles.isEmpty())
            claims.insert(QStringLiteral("roles"), QJsonArray::fromStringList(roles));
        if (!fixed.at(7).isEmpty())
            claims.insert(QStringLiteral("xms_mirid"), fixed.at(6));
        if (m_claimTemplates.size() >= 1024) // bounded: scenarios with many identities and resources start again
            m_claimTemplates.clear();
        found = m_claimTemplates.insert(fixed, JsonTemplate::fromObject(claims, m_placeholderNonce, 6));
    }
    return found->fill({ varying[0], varying[1], varying[2], varying[3], varying[4], varying[5] });
}

const JsonTemplate &EmulatorState::answerTemplate(
    const QString &key, int fields, const std::function<QJsonObject(const std::function<QString(int)> &)> &make)
{
    auto found = m_answerTemplates.constFind(key);
    if (found == m_answerTemplates.constEnd()) {
        if (m_answerTemplates.size() >= 1024)
            m_answerTemplates.clear();
        const QJsonObject object = make([this](int field) { return JsonTemplate::marker(m_placeholderNonce, field); });
        found = m_answerTemplates.insert(key, JsonTemplate::fromObject(object, m_placeholderNonce, fields));
    }
    return *found;
}

QString EmulatorState::sign(const QJsonObject &claims, bool v1, bool unpublished) const
{
    const std::shared_ptr<SigningKey> &key = unpublished && unpublishedKey ? unpublishedKey : publishedKeys.first();
    const QByteArray input = signingInput(claims, v1, *key);
    return QString::fromLatin1(input + '.' + base64Url(key->signRs256(input)));
}

EmulatorState::Validation EmulatorState::validate(
    const QByteArray &token, const QStringList &issuers, const QStringList &audiences) const
{
    Validation v;
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) {
        v.error = QStringLiteral("IDX14100: The token is not a well formed JWT (it has %1 parts, not 3).")
                      .arg(parts.size());
        return v;
    }
    QJsonParseError e1, e2;
    const QJsonDocument header = QJsonDocument::fromJson(fromBase64Url(parts[0]), &e1);
    const QJsonDocument claims = QJsonDocument::fromJson(fromBase64Url(parts[1]), &e2);
    if (e1.error != QJsonParseError::NoError || e2.error != QJsonParseError::NoError || !header.isObject()
        || !claims.isObject()) {
        v.error = QStringLiteral("IDX14102: The token's header or payload is not base64url-encoded JSON.");
        return v;
    }
    v.header = header.object();
    v.claims = claims.object();
    if (v.header.value(QStringLiteral("alg")).toString() != QLatin1String("RS256")) {
        v.error = QStringLiteral("IDX10511: The signature algorithm '%1' is not supported (RS256 expected).")
                      .arg(v.header.value(QStringLiteral("alg")).toString());
        return v;
    }
    const QByteArray kid = v.header.value(QStringLiteral("kid")).toString().toLatin1();
    std::shared_ptr<SigningKey> key;
    for (const auto &k : publishedKeys)
        if (k->kid() == kid)
            key = k;
    if (!key) {
        v.error = QStringLiteral(
            "IDX10501: Signature validation failed. Unable to match key: kid '%1'. The signature key was not found.")
                      .arg(QString::fromLatin1(kid));
        return v;
    }
    if (!key->verifyRs256(parts[0] + '.' + parts[1], fromBase64Url(parts[2]))) {
        v.error = QStringLiteral("IDX10503: Signature validation failed. The signature is invalid.");
        return v;
    }
    const QString iss = v.claims.value(QStringLiteral("iss")).toString();
    if (!issuers.isEmpty() && !issuers.contains(iss)) {
        v.error = QStringLiteral("IDX10205: Issuer validation failed. Issuer: '%1'. Did not match: validIssuers: '%2'. "
                                 "The issuer '%1' is invalid.")
                      .arg(iss, issuers.join(QStringLiteral("', '")));
        return v;
    }
    const QString aud = v.claims.value(QStringLiteral("aud")).toString();
    if (!audiences.isEmpty() && !audiences.contains(aud)) {
        v.error = QStringLiteral("IDX10214: Audience validation failed. Audiences: '%1'. Did not match: "
                                 "validAudiences: '%2'. The audience '%1' is invalid.")
                      .arg(aud, audiences.join(QStringLiteral("', '")));
        return v;
    }
    const qint64 t = now();
    if (!v.claims.contains(QStringLiteral("exp"))) {
        v.error = QStringLiteral("IDX10225: Lifetime validation failed. The token is missing an Expiration Time.");
        return v;
    }
    const qint64 exp = qint64(v.claims.value(QStringLiteral("exp")).toDouble());
    const qint64 nbf = qint64(v.claims.value(QStringLiteral("nbf")).toDouble());
    if (exp + 300 < t) {
        v.error = QStringLiteral(
            "IDX10223: Lifetime validation failed. The token expired at '%1' (now '%2', clock skew 300 s).")
                      .arg(QDateTime::fromSecsSinceEpoch(exp, Qt::UTC).toString(Qt::ISODate),
                          QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate));
        return v;
    }
    if (nbf - 300 > t) {
        v.error = QStringLiteral(
            "IDX10222: Lifetime validation failed. The token is not yet valid: nbf '%1' (now '%2', clock skew 300 s).")
                      .arg(QDateTime::fromSecsSinceEpoch(nbf, Qt::UTC).toString(Qt::ISODate),
                          QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate));
        return v;
    }
    v.ok = true;
    return v;
}

bool EmulatorState::addAssignment(const QString &principalId, const QString &resourceId, const QString &appRoleId,
    AppRoleAssignment *created, QString *error)
{
    const ServicePrincipal *principal = scenario.servicePrincipalById(principalId);
    const ServicePrincipal *resource = scenario.servicePrincipalById(resourceId);
    if (!principal) {
        *error = QStringLiteral(
            "Resource '%1' does not exist or one of its queried reference-property objects are not present.")
                     .arg(principalId);
        return false;
    }
    if (!resource) {
        *error = QStringLiteral(
            "Resource '%1' does not exist or one of its queried reference-property objects are not present.")
                     .arg(resourceId);
        return false;
    }
    const bool defaultAccess = appRoleId == QLatin1String("00000000-0000-0000-0000-000000000000");
    const bool known = std::any_of(resource->appRoles.begin(), resource->appRoles.end(),
        [&](const AppRole &r) { return r.id.compare(appRoleId, Qt::CaseInsensitive) == 0; });
    if (!known && !defaultAccess) {
        *error = QStringLiteral("Permission being assigned was not found on application (%1 has no app role %2).")
                     .arg(resource->displayName, appRoleId);
        return false;
    }
    for (const AppRoleAssignment &a : scenario.appRoleAssignments) {
        if (a.principalId.compare(principalId, Qt::CaseInsensitive) == 0
            && a.resourceId.compare(resourceId, Qt::CaseInsensitive) == 0
            && a.appRoleId.compare(appRoleId, Qt::CaseInsensitive) == 0) {
            *error = QStringLiteral("Permission being assigned already exists on the object");
            return false;
        }
    }
    AppRoleAssignment a;
    // Graph's assignment ids are 43-character base64url strings.
    a.id = QString::fromLatin1(base64Url(QUuid::createUuid().toRfc4122() + QUuid::createUuid().toRfc4122())).left(43);
    a.appRoleId = appRoleId.toLower();
    a.principalId = principal->id;
    a.principalType = QStringLiteral("ServicePrincipal");
    a.principalDisplayName = principal->displayName;
    a.resourceId = resource->id;
    a.resourceDisplayName = resource->displayName;
    a.createdDateTime = QDateTime::currentDateTimeUtc();
    scenario.appRoleAssignments << a;
    if (created)
        *created = a;
    return true;
}

bool EmulatorState::removeAssignment(const QString &assignmentId, QString *error)
{
    const qsizetype removed
        = scenario.appRoleAssignments.removeIf([&](const AppRoleAssignment &a) { return a.id == assignmentId; });
    if (removed == 0) {
        *error = QStringLiteral(
            "Resource '%1' does not exist or one of its queried reference-property objects are not present.")
                     .arg(assignmentId);
        return false;
    }
    return true;
}

int EmulatorState::flushCache()
{
    const int n = int(m_cache.size());
    m_cache.clear();
    m_answers.clear();
    return n;
}

bool EmulatorState::hasFault(const QString &route, Fault::Kind kind, int *value) const
{
    for (const ActiveFault &f : faults) {
        if (f.fault.kind == kind && routeMatches(f.fault, route)) {
            if (value)
                *value = f.fault.skewSeconds;
            return true;
        }
    }
    return false;
}

bool EmulatorState::roll(ActiveFault &f)
{
    if (f.fault.count > 0) {
        if (f.remaining <= 0)
            return false;
        --f.remaining;
        return true;
    }
    return QRandomGenerator::global()->generateDouble() < f.fault.probability;
}

bool EmulatorState::takeIdentityNotFound(const QString &route)
{
    for (ActiveFault &f : faults)
        if (f.fault.kind == Fault::Kind::IdentityNotFound && routeMatches(f.fault, route) && roll(f))
            return true;
    return false;
}

bool EmulatorState::applyFaults(const QString &route, Reply *reply)
{
    if (faults.isEmpty()) // the usual case, on every request: not even the clock is read
        return false;
    int latency = 0;
    bool final = false;
    const QDateTime t = QDateTime::currentDateTimeUtc();
    for (ActiveFault &f : faults) {
        if (!routeMatches(f.fault, route))
            continue;
        switch (f.fault.kind) {
        case Fault::Kind::Latency:
            if (roll(f))
                latency += f.fault.latencyMs;
            break;
        case Fault::Kind::Status:
            if (!final && roll(f)) {
                *reply = faultReply(route, f.fault.status,
                    f.fault.status >= 500 ? QStringLiteral("InternalServerError") : QStringLiteral("InjectedFault"),
                    QStringLiteral("The emulator answered %1 because a fault asks for it.").arg(f.fault.status));
                final = true;
            }
            break;
        case Fault::Kind::Throttle:
            if (!final && roll(f)) {
                *reply = faultReply(route, 429, QStringLiteral("TooManyRequests"),
                    QStringLiteral("Too many requests (injected throttling); retry after %1 s.")
                        .arg(f.fault.retryAfterSeconds));
                reply->setHeader("Retry-After", QByteArray::number(f.fault.retryAfterSeconds));
                final = true;
            }
            break;
        case Fault::Kind::UpgradeWindow:
            if (!final && f.since.secsTo(t) < f.fault.windowSeconds) {
                *reply = faultReply(route, 410, QStringLiteral("Gone"),
                    QStringLiteral("The managed identity endpoint is being upgraded; it is back within %1 seconds.")
                        .arg(f.fault.windowSeconds));
                final = true;
            }
            break;
        default: break;
        }
    }
    // Exhausted counted faults go away, so the admin API shows what is still armed.
    faults.erase(std::remove_if(faults.begin(), faults.end(),
                     [](const ActiveFault &f) {
                         return f.fault.count > 0 && f.remaining <= 0 && f.fault.kind != Fault::Kind::IdentityNotFound;
                     }),
        faults.end());
    reply->delayMs += latency;
    return final;
}

bool EmulatorState::newArcKey(QString *error)
{
    arcKey = QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1().toHex().left(64);
    QString ignored;
    const QFileInfo file(arcKeyFile);
    return files.write(file.path(), file.fileName(), arcKey, error ? error : &ignored);
}

bool EmulatorState::writeFederatedToken(QString *error)
{
    federatedIdentity = nullptr;
    for (const Identity &i : scenario.identities)
        if (!i.federatedSubject.isEmpty() && !federatedIdentity)
            federatedIdentity = &i;
    if (!federatedIdentity)
        return true;
    const qint64 t = now();
    // What the AKS webhook projects into the pod: a service account token for the token exchange audience.
    const QJsonObject claims { { QStringLiteral("iss"), federatedIssuer() },
        { QStringLiteral("sub"), federatedIdentity->federatedSubject },
        { QStringLiteral("aud"), QJsonArray { QStringLiteral("api://AzureADTokenExchange") } },
        { QStringLiteral("iat"), t }, { QStringLiteral("nbf"), t }, { QStringLiteral("exp"), t + 86400 } };
    const QFileInfo file(federatedTokenFile);
    QString why;
    if (!files.write(file.path(), file.fileName(), sign(claims, false).toLatin1(), &why)) {
        *error = QStringLiteral("cannot write the federated token file: %1").arg(why);
        return false;
    }
    return true;
}

Reply EmulatorState::entraError(int status, const QString &error, int code, const QString &description) const
{
    const QString id = correlationId();
    return Reply::json(status,
        QJsonObject { { QStringLiteral("error"), error },
            { QStringLiteral("error_description"),
                QString(description
                    + QStringLiteral("\r\nTrace ID: %1\r\nCorrelation ID: %2\r\nTimestamp: %3")
                          .arg(id, id, QDateTime::currentDateTimeUtc().toString(Qt::ISODate))) },
            { QStringLiteral("error_codes"), QJsonArray { code } },
            { QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
            { QStringLiteral("trace_id"), id }, { QStringLiteral("correlation_id"), id } });
}

} // namespace idex::emulator
