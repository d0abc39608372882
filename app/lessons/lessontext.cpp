#include "lessontext.h"

namespace idex::lessons {

QString lessonListLine(const Lesson &lesson)
{
    return QStringLiteral("%1  %2\n    %3\n").arg(lesson.name, -22).arg(lesson.title, lesson.outcome);
}

QString describeAction(const LessonAction &a)
{
    using K = LessonAction::Kind;
    switch (a.kind) {
    case K::GetToken: return QStringLiteral("Get a token as %1 for %2").arg(a.identity, a.resource);
    case K::Call: return QStringLiteral("Call GET %1 with the current token").arg(a.path);
    case K::AssignRole: return QStringLiteral("Assign %1 on %2 to %3").arg(a.role, a.application, a.identity);
    case K::RemoveAssignment:
        return QStringLiteral("Remove %1's assignment of %2 on %3").arg(a.identity, a.role, a.application);
    case K::FlushCache: return QStringLiteral("Flush the emulator's platform token cache");
    case K::SetIdentity:
        return QStringLiteral("Turn %1's system-assigned identity %2")
            .arg(a.identity, a.enabled ? QStringLiteral("on") : QStringLiteral("off"));
    case K::AppRole:
        return QStringLiteral("%1 the app role %2 on %3's registration")
            .arg(a.change.left(1).toUpper() + a.change.mid(1), a.role, a.application);
    case K::ReloadDirectory: return QStringLiteral("Reload the directory from Graph");
    case K::SetClockSkew: return QStringLiteral("Shift the clock of newly issued tokens by %1 s").arg(a.seconds);
    case K::ClearFaults: return QStringLiteral("Clear the emulator's injected faults");
    }
    return {};
}

QString describeCheck(const LessonCheck &c)
{
    using K = LessonCheck::Kind;
    switch (c.kind) {
    case K::TokenRole:
        return c.present ? QStringLiteral("the token carries the role %1").arg(c.role)
                         : QStringLiteral("the token does not carry the role %1").arg(c.role);
    case K::TokenAudience: return QStringLiteral("the token's aud is %1").arg(c.value);
    case K::TokenClaim: return QStringLiteral("the token's %1 is %2").arg(c.claim, c.value);
    case K::TokenFailure: return QStringLiteral("the token request fails with %1").arg(c.code);
    case K::CallStatus:
        return c.code.isEmpty() ? QStringLiteral("the call answers %1").arg(c.status)
                                : QStringLiteral("the call answers %1 with the finding %2").arg(c.status).arg(c.code);
    case K::Finding: return QStringLiteral("the diagnosis finds %1").arg(c.code);
    case K::Assignment:
        return c.present
            ? QStringLiteral("the directory shows %1 holding %2 on %3").arg(c.identity, c.role, c.application)
            : QStringLiteral("the directory shows no %2 for %1 on %3").arg(c.identity, c.role, c.application);
    case K::TokenCache: return QStringLiteral("the latest token is %1").arg(c.state);
    }
    return {};
}

QString lessonAsText(const Lesson &lesson)
{
    QString text
        = QStringLiteral("%1\n%2\n\n%3\n\nScenario: %4\nExpected outcome: %5\n")
              .arg(lesson.title, QString(lesson.title.size(), u'='), lesson.story, lesson.scenario, lesson.outcome);
    for (qsizetype i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &s = lesson.steps.at(i);
        text += QStringLiteral("\nStep %1. %2\n  Do: %3\n").arg(i + 1).arg(s.title, s.instruction);
        if (s.action)
            text += QStringLiteral("  Action: %1\n").arg(describeAction(*s.action));
        if (s.pointer)
            text += QStringLiteral("  Where: %1 panel, \"%2\"\n").arg(s.pointer->panel, s.pointer->control);
        for (const LessonCheck &c : s.checks)
            text += QStringLiteral("  Expect: %1\n").arg(describeCheck(c));
        text += QStringLiteral("  Teaches: %1\n").arg(s.teaches);
        if (!s.portal.isEmpty())
            text += QStringLiteral("  Azure portal: %1\n").arg(s.portal);
        for (const QString &command : s.commands)
            text += QStringLiteral("    $ %1\n").arg(command);
    }
    return text;
}

} // namespace idex::lessons
