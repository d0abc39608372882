#include "lessonchecks.h"

#include "call/callresult.h"
#include "directory/directory.h"
#include "emulator/emulator.h"
#include "session/session.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace idex::lessons {

namespace {

QString listOrNone(const QStringList &values)
{
    return values.isEmpty() ? QStringLiteral("(none)") : values.join(QStringLiteral(", "));
}

QStringList codesOf(const Findings &findings)
{
    QStringList codes;
    for (const Finding &f : findings)
        if (!codes.contains(f.code))
            codes << f.code;
    return codes;
}

QString claimText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << claimText(v);
        return QStringLiteral("[%1]").arg(parts.join(QStringLiteral(", ")));
    }
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QStringLiteral("(absent)");
}

/*! The service principal named \a name in \a directory (a managed identity's is named after it). */
const ServicePrincipal *principalNamed(const Directory &directory, const QString &name)
{
    for (const ServicePrincipal &sp : directory.servicePrincipals())
        if (sp.displayName == name)
            return &sp;
    return nullptr;
}

} // namespace

QString CheckResult::describe() const
{
    if (passed)
        return QStringLiteral("\u2713 ") + expected;
    return QStringLiteral("not yet: %1; you got %2").arg(expected, got);
}

QString expandPlaceholders(const QString &text, const emulator::Emulator *emu)
{
    if (!emu || !text.contains(u'{'))
        return text;
    static const QRegularExpression re(QStringLiteral("\\{([^{}]*)\\}"));
    const emulator::Scenario &s = emu->scenario();
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString inner = m.captured(1);
        const int colon = int(inner.indexOf(u':')), dot = int(inner.lastIndexOf(u'.'));
        const QString name = colon >= 0 ? inner.mid(colon + 1, dot - colon - 1) : QString();
        const QString field = dot >= 0 ? inner.mid(dot + 1) : QString();
        QString value;
        if (inner == QLatin1String("tenant")) {
            value = s.tenantId;
        } else if (inner == QLatin1String("issuerV1")) {
            value = emu->issuerV1();
        } else if (inner == QLatin1String("issuerV2")) {
            value = emu->issuerV2();
        } else if (inner.startsWith(QLatin1String("identity:"))) {
            if (const emulator::Identity *i = s.identityByName(name))
                value = field == QLatin1String("clientId") ? i->clientId : i->principalId;
        } else if (inner.startsWith(QLatin1String("app:"))) {
            if (const emulator::Application *a = s.applicationByName(name))
                value = field == QLatin1String("appId")  ? a->appId
                    : field == QLatin1String("objectId") ? a->id
                                                         : a->identifierUris.value(0, a->appId);
        }
        out += value.isEmpty() ? m.captured(0) : value;
    }
    return out + text.mid(last);
}

CheckResult evaluateCheck(const LessonCheck &check, const CheckEvidence &ev)
{
    using K = LessonCheck::Kind;
    CheckResult r;
    const Session &session = *ev.session;
    const std::optional<DecodedToken> token = session.currentDecoded();
    const QString value = expandPlaceholders(check.value, ev.emulator);
    switch (check.kind) {
    case K::TokenRole: {
        r.expected = check.present ? QStringLiteral("the token carries the role %1").arg(check.role)
                                   : QStringLiteral("the token does not carry the role %1").arg(check.role);
        if (!token) {
            r.got = QStringLiteral("no token yet");
            return r;
        }
        QStringList roles;
        for (const QJsonValue &v : token->claims.value(QStringLiteral("roles")).toArray())
            roles << v.toString();
        r.passed = roles.contains(check.role) == check.present;
        r.got = QStringLiteral("roles: %1").arg(listOrNone(roles));
        break;
    }
    case K::TokenAudience:
    case K::TokenClaim: {
        const QString claim = check.kind == K::TokenAudience ? QStringLiteral("aud") : check.claim;
        r.expected = QStringLiteral("the token's %1 is %2").arg(claim, value);
        if (!token) {
            r.got = QStringLiteral("no token yet");
            return r;
        }
        const QString actual = claimText(token->claims.value(claim));
        r.passed = actual == value;
        r.got = QStringLiteral("%1: %2").arg(claim, actual);
        break;
    }
    case K::TokenFailure:
        r.expected = QStringLiteral("the token request fails with %1").arg(check.code);
        r.passed = ev.tokenFailure && ev.tokenFailure->code == check.code;
        r.got = ev.tokenFailure ? QStringLiteral("%1 (%2)").arg(ev.tokenFailure->code, ev.tokenFailure->title)
                                : QStringLiteral("no failed token request");
        break;
    case K::CallStatus: {
        r.expected = check.code.isEmpty()
            ? QStringLiteral("the call answers %1").arg(check.status)
            : QStringLiteral("the call answers %1 with the finding %2").arg(check.status).arg(check.code);
        const CallResult *call = session.lastCall();
        if (!call) {
            r.got = QStringLiteral("no call yet");
            return r;
        }
        const QStringList codes = codesOf(session.lastCallDiagnosis());
        r.passed = call->status() == check.status && (check.code.isEmpty() || codes.contains(check.code));
        r.got = call->answered() ? QStringLiteral("HTTP %1, findings: %2").arg(call->status()).arg(listOrNone(codes))
                                 : QStringLiteral("no answer (%1)").arg(call->response().error);
        break;
    }
    case K::Finding: {
        r.expected = QStringLiteral("the diagnosis finds %1").arg(check.code);
        QStringList codes = codesOf(session.currentTokenDiagnosis());
        for (const QString &c : codesOf(session.lastCallDiagnosis()))
            if (!codes.contains(c))
                codes << c;
        r.passed = codes.contains(check.code);
        r.got = QStringLiteral("findings: %1").arg(listOrNone(codes));
        break;
    }
    case K::Assignment: {
        r.expected = check.present ? QStringLiteral("the directory shows %1 holding %2 on %3")
                                         .arg(check.identity, check.role, check.application)
                                   : QStringLiteral("the directory shows no %2 for %1 on %3")
                                         .arg(check.identity, check.role, check.application);
        const Directory *directory = session.directory();
        if (!directory) {
            r.got = QStringLiteral("no directory loaded");
            return r;
        }
        const ServicePrincipal *principal = principalNamed(*directory, check.identity);
        const ServicePrincipal *resource = principalNamed(*directory, check.application);
        QStringList held;
        if (principal && resource) {
            for (const AppRoleAssignment *a : directory->assignmentsHeldBy(principal->id)) {
                if (a->resourceId.compare(resource->id, Qt::CaseInsensitive) != 0)
                    continue;
                for (const AppRole &role : resource->appRoles)
                    if (role.id.compare(a->appRoleId, Qt::CaseInsensitive) == 0)
                        held << role.value;
            }
        }
        r.passed = held.contains(check.role) == check.present;
        r.got = !principal ? QStringLiteral("no service principal named %1 in the directory").arg(check.identity)
            : !resource    ? QStringLiteral("no service principal named %1 in the directory").arg(check.application)
                        : QStringLiteral("%1 holds on %2: %3").arg(check.identity, check.application, listOrNone(held));
        break;
    }
    case K::TokenCache:
        r.expected = QStringLiteral("the latest token is %1").arg(check.state);
        r.passed = ev.freshness && ev.freshness->kindName() == check.state;
        r.got = ev.freshness ? QStringLiteral("%1 (%2)").arg(ev.freshness->kindName(), ev.freshness->text)
                             : QStringLiteral("no token yet");
        break;
    }
    return r;
}

QList<CheckResult> evaluateStep(const LessonStep &step, const CheckEvidence &evidence)
{
    QList<CheckResult> results;
    for (const LessonCheck &check : step.checks)
        results << evaluateCheck(check, evidence);
    return results;
}

} // namespace idex::lessons
