#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace idex {

enum class Severity { Info, Warning, Error };

/*! Something to do about a finding, as data: an intent the Session runs (Session::perform) and, for people who
    apply the fix in Azure, the equivalent commands. The diagnosis only describes it; it never performs it. */
struct FindingAction
{
    enum class Kind {
        GetToken, ///< a token for parameters["resource"] (the audience the API wants)
        FlushAndRefresh, ///< flush the emulator's token cache, get a brand-new token, and call again when from a call
        AssignRole, ///< assign parameters["appRoleId"] on ["resourceId"] to ["principalId"]
        ShowInDirectory, ///< select parameters["objectId"] in the Directory panel
        VerifySignature, ///< check the current token's signature (discovery from iss)
        OpenLesson, ///< show the built-in lesson parameters["lesson"] about this failure (Lessons dock)
    };
    Kind kind = Kind::GetToken;
    QString label; ///< the button: "Flush the cache, get a new token and call again"
    QHash<QString, QString> parameters; ///< what the intent needs (ids, resource); never a secret
    QStringList commands; ///< the same in Azure: Graph PowerShell, az, curl

    QString kindName() const; ///< stable kebab-case: "get-token", "flush-and-refresh", "assign-role", ...
};

/*! Two values a finding compares, the token's and what was expected ("aud": "api://x/" against "api://x"), kept
    apart from the evidence so that a display names each once and marks where they differ (valuediff.h). */
struct ComparedValues
{
    QString what; ///< "aud", "iss", "roles"
    QString actual; ///< the token's
    QStringList expected; ///< any one of them would do
};

/*! One thing the diagnosis has to say: a stable code (for tests, docs and `--json`), a one-line title, the evidence
    that led to it, the fix in plain words, and the actions that apply the fix. */
struct Finding
{
    Severity severity = Severity::Info;
    QString code; ///< stable, kebab-case: "audience-mismatch", "missing-role", ...
    QString title;
    QString evidence;
    QString fix;
    QList<FindingAction> actions;
    QList<ComparedValues> compared; ///< the values the evidence is about, for displays that set them side by side
};

using Findings = QList<Finding>;

QString severityName(Severity severity);
/*! The action of \a kind of \a finding, or null. */
const FindingAction *actionOf(const Finding &finding, FindingAction::Kind kind);
bool hasErrors(const Findings &findings);

} // namespace idex
