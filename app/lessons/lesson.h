#pragma once
// A lesson as data (resources/lessons/*.json, format in docs/lessons.md): a story on a scenario, then steps; each
// step says what to do (an action the engine performs, and/or a pointer to the control in the GUI), what should
// happen (checks on the session), and what it teaches (revealed after the checks pass).

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace idex::lessons {

/*! Something the engine does, through the same core code the panels and idex use. Strings may hold placeholders
    ({identity:NAME.clientId}, {app:NAME.uri}, ...; see expandPlaceholders()) read from the live scenario. */
struct LessonAction
{
    enum class Kind {
        GetToken, ///< identity, resource: a token from the emulator's managed identity endpoint (IMDS protocol)
        Call, ///< path: GET the emulator's protected function (or Graph path) with the current token
        AssignRole, ///< identity, application, role [, as]: Graph POST appRoleAssignedTo
        RemoveAssignment, ///< identity, application, role [, as]: Graph DELETE of that assignment
        FlushCache, ///< the emulator's platform token cache (admin API)
        SetIdentity, ///< identity, enabled: turn a system-assigned identity on or off (admin API)
        AppRole, ///< application, role, change (add|disable|enable|remove) [, as, ...]: Graph PATCH appRoles
        ReloadDirectory, ///< [as]: read the directory from the emulator's Graph into the session
        SetClockSkew, ///< seconds: shift newly issued tokens' times (admin API)
        ClearFaults, ///< remove every injected fault (admin API)
    };
    Kind kind = Kind::GetToken;
    QString identity;
    QString resource;
    QString path;
    QString application;
    QString role;
    QString as; ///< the identity whose Graph token makes a directory change; empty = idex-reader
    QString change; ///< AppRole: add | disable | enable | remove
    QStringList allowedMemberTypes { QStringLiteral("Application") }; ///< AppRole add
    QString displayName, description; ///< AppRole add
    bool enabled = true; ///< SetIdentity
    int seconds = 0; ///< SetClockSkew

    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);
};

/*! Where the trainer clicks in the GUI: a panel ("token", "claims", "call", "directory", "emulator") and the text of
    the control in it ("Get token"). */
struct LessonPointer
{
    QString panel;
    QString control;
};

/*! What should be true of the session after the step. */
struct LessonCheck
{
    enum class Kind {
        TokenRole, ///< role, present: the current token does (or does not) carry the role
        TokenAudience, ///< value: the current token's aud
        TokenClaim, ///< claim, value: a claim of the current token equals value
        TokenFailure, ///< code: the latest token request failed with this failure code
        CallStatus, ///< status [, finding]: the latest call's HTTP status (and a finding of its diagnosis)
        Finding, ///< code: a finding of the current diagnosis (token or latest call)
        Assignment, ///< identity, application, role, exists: an edge of the session's directory
        TokenCache, ///< state: where the latest token came from (new | endpoint-cache | first)
    };
    Kind kind = Kind::TokenRole;
    QString role;
    bool present = true; ///< TokenRole; Assignment: exists
    QString claim;
    QString value;
    QString code;
    int status = 0;
    QString identity, application;
    QString state;

    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);
};

struct LessonStep
{
    QString title;
    QString instruction; ///< "do": what the trainer does or says, for people
    std::optional<LessonAction> action;
    std::optional<LessonPointer> pointer;
    QList<LessonCheck> checks;
    QString teaches; ///< revealed after the checks pass
    QString portal; ///< the same in the Azure portal
    QStringList commands; ///< today's Graph PowerShell / az commands
};

struct Lesson
{
    QString name; ///< "missing-assignment": what `idex lesson show` takes
    QString title;
    QString story; ///< one paragraph
    QString scenario; ///< built-in scenario name, or a scenario file (relative to the lesson file)
    QString outcome; ///< the expected outcome, for the lesson list
    QList<LessonStep> steps;
    QString source; ///< where it was loaded from (":/lessons/x.json" or a path)
};

} // namespace idex::lessons
