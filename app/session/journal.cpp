#include "journal.h"

#include "net/redaction.h"

namespace idex {

QString JournalEntry::kindName() const
{
    switch (kind) {
    case Kind::EmulatorRun: return QStringLiteral("emulator-run");
    case Kind::Token: return QStringLiteral("token");
    case Kind::Verification: return QStringLiteral("verification");
    case Kind::Call: return QStringLiteral("call");
    case Kind::DirectoryChange: return QStringLiteral("directory-change");
    case Kind::Action: return QStringLiteral("action");
    case Kind::Note: break;
    }
    return QStringLiteral("note");
}

namespace {

QStringList redactedLines(const QStringList &lines)
{
    QStringList out;
    out.reserve(lines.size());
    for (const QString &line : lines)
        out << redaction::redactText(line);
    return out;
}

} // namespace

void Journal::append(JournalEntry entry)
{
    entry.title = redaction::redactText(entry.title);
    entry.details = redactedLines(entry.details);
    entry.commands = redactedLines(entry.commands);
    for (Finding &finding : entry.findings) {
        finding.title = redaction::redactText(finding.title);
        finding.evidence = redaction::redactText(finding.evidence);
        finding.fix = redaction::redactText(finding.fix);
        for (FindingAction &action : finding.actions) {
            action.label = redaction::redactText(action.label);
            action.commands = redactedLines(action.commands);
        }
    }
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTimeUtc();
    m_entries.append(std::move(entry));
    while (m_entries.size() > kMaxEntries)
        m_entries.removeFirst();
}

} // namespace idex

#include "call/callresult.h"
#include "directory/directory.h"
#include "identity/tokenresult.h"
#include "jwt/decodedtoken.h"
#include "session.h"

#include <QSet>

namespace idex::journal {

namespace {

QString orNone(const QStringList &values)
{
    return values.isEmpty() ? QStringLiteral("(none)") : values.join(QStringLiteral(", "));
}

QString epochText(const DecodedToken &token, const char *claim)
{
    const QJsonValue value = token.claims.value(QLatin1String(claim));
    if (!value.isDouble())
        return QStringLiteral("(absent)");
    return QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC).toString(Qt::ISODate);
}

} // namespace

JournalEntry tokenEntry(const TokenResult &token, const DecodedToken *decoded)
{
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::Token;
    const QString from = token.sourceName.isEmpty() ? QStringLiteral("a pasted token") : token.sourceName;
    if (!decoded) {
        entry.title = QStringLiteral("A token that is not a JWT, from %1").arg(from);
        return entry;
    }
    entry.title = QStringLiteral("Token for %1 from %2").arg(decoded->audience(), from);
    entry.details << QStringLiteral("aud: %1").arg(decoded->audience())
                  << QStringLiteral("iss: %1").arg(decoded->issuer())
                  << QStringLiteral("appid/azp: %1").arg(decoded->clientId())
                  << QStringLiteral("oid: %1").arg(decoded->objectId())
                  << QStringLiteral("roles: %1").arg(orNone(decoded->roles()))
                  << QStringLiteral("tid: %1").arg(decoded->tenantId())
                  << QStringLiteral("issued %1, expires %2").arg(epochText(*decoded, "iat"), epochText(*decoded, "exp"))
                  << QStringLiteral("token: %1").arg(redaction::maskToken(decoded->raw));
    if (!token.endpoint.isEmpty())
        entry.details << QStringLiteral("endpoint: %1").arg(redaction::redactUrl(QUrl(token.endpoint)));
    return entry;
}

JournalEntry verificationEntry(const DecodedToken *decoded, const SignatureVerdict &verdict)
{
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::Verification;
    const QString what
        = decoded ? QStringLiteral("the token for %1").arg(decoded->audience()) : QStringLiteral("a token");
    entry.title = verdict.isTrusted()
        ? QStringLiteral("Signature of %1 verified against trusted keys").arg(what)
        : QStringLiteral("Signature of %1: %2").arg(what, signatureStatusName(verdict.status));
    entry.details << QStringLiteral("reason: %1").arg(verdict.reason)
                  << QStringLiteral("keys: %1 (%2)").arg(verdict.keySource, keyTrustName(verdict.keyTrust));
    if (!verdict.detail.isEmpty())
        entry.details << verdict.detail;
    return entry;
}

JournalEntry callEntry(const CallResult &call, const Findings &findings)
{
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::Call;
    const QString target = QStringLiteral("%1 %2").arg(
        QString::fromLatin1(call.request().method), redaction::redactUrl(call.request().url));
    entry.title = call.answered() ? QStringLiteral("%1 from %2").arg(call.status()).arg(target)
                                  : QStringLiteral("No answer from %1").arg(target);
    if (!call.serverMessage.isEmpty())
        entry.details << QStringLiteral("the API said: %1").arg(call.serverMessage);
    const QString sent = call.sentBearerToken();
    entry.details << (sent.isEmpty() ? QStringLiteral("sent without a token")
                                     : QStringLiteral("sent %1").arg(redaction::maskToken(sent)));
    entry.findings = findings;
    for (const Finding &finding : findings) {
        for (const FindingAction &action : finding.actions)
            entry.commands << action.commands;
    }
    entry.commands.removeDuplicates();
    return entry;
}

JournalEntry runEntry(const EmulatorRun &current)
{
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::EmulatorRun;
    entry.title = current.isValid()
        ? QStringLiteral("Emulator run %1: %2").arg(current.generation).arg(current.describe())
        : QStringLiteral("The emulator stopped");
    return entry;
}

JournalEntry actionEntry(const FindingAction &action)
{
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::Action;
    entry.title = action.label;
    entry.commands = action.commands;
    return entry;
}

namespace {

QString assignmentText(const Directory &directory, const AppRoleAssignment &a)
{
    QString role = a.appRoleId;
    if (const ServicePrincipal *resource = directory.servicePrincipal(a.resourceId)) {
        for (const AppRole &r : directory.rolesOf(*resource)) {
            if (r.id.compare(a.appRoleId, Qt::CaseInsensitive) == 0)
                role = r.value;
        }
    }
    const QString principal = a.principalDisplayName.isEmpty() ? a.principalId : a.principalDisplayName;
    const QString resource = a.resourceDisplayName.isEmpty() ? a.resourceId : a.resourceDisplayName;
    return QStringLiteral("%1 holds %2 on %3").arg(principal, role, resource);
}

QStringList roleTexts(const Directory &directory)
{
    QStringList out;
    for (const Application &app : directory.applications()) {
        for (const AppRole &role : app.appRoles)
            out << QStringLiteral("%1 defines %2%3")
                       .arg(app.displayName, role.value, role.isEnabled ? QString() : QStringLiteral(" (disabled)"));
    }
    return out;
}

/*! Who holds which role on what: an assignment's identity across two reads (its id may differ). */
QString assignmentKey(const AppRoleAssignment &a)
{
    return QStringLiteral("%1|%2|%3").arg(a.principalId, a.appRoleId, a.resourceId).toLower();
}

QSet<QString> assignmentKeys(const Directory &directory)
{
    QSet<QString> keys;
    for (const AppRoleAssignment &a : directory.assignments())
        keys.insert(assignmentKey(a));
    return keys;
}

} // namespace

QList<JournalEntry> directoryChanges(const Directory *before, const Directory &after)
{
    if (!before)
        return {};
    JournalEntry entry;
    entry.kind = JournalEntry::Kind::DirectoryChange;
    const QSet<QString> old = assignmentKeys(*before);
    const QSet<QString> now = assignmentKeys(after);
    for (const AppRoleAssignment &a : after.assignments()) {
        if (!old.contains(assignmentKey(a)))
            entry.details << QStringLiteral("added: %1").arg(assignmentText(after, a));
    }
    for (const AppRoleAssignment &a : before->assignments()) {
        if (!now.contains(assignmentKey(a)))
            entry.details << QStringLiteral("removed: %1").arg(assignmentText(*before, a));
    }
    const QStringList oldRoles = roleTexts(*before);
    const QStringList newRoles = roleTexts(after);
    for (const QString &role : newRoles) {
        if (!oldRoles.contains(role))
            entry.details << QStringLiteral("app role: %1").arg(role);
    }
    for (const QString &role : oldRoles) {
        if (!newRoles.contains(role))
            entry.details << QStringLiteral("app role gone: %1").arg(role);
    }
    if (entry.details.isEmpty())
        return {};
    entry.title = QStringLiteral("The directory changed (%1)").arg(entry.details.size());
    return { entry };
}

} // namespace idex::journal
