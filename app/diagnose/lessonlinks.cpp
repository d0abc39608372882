#include "lessonlinks.h"

#include <QHash>

namespace idex {

QString lessonForFindingCode(const QString &code)
{
    // The token rules' codes and the call rules' "call-" codes that absorb them lead to the same lesson; token
    // request failures (failureexplainer.cpp) use the same table.
    static const QHash<QString, QString> lessons {
        { QStringLiteral("missing-roles"), QStringLiteral("missing-assignment") },
        { QStringLiteral("call-missing-role"), QStringLiteral("missing-assignment") },
        { QStringLiteral("audience-mismatch"), QStringLiteral("wrong-audience") },
        { QStringLiteral("call-audience-rejected"), QStringLiteral("wrong-audience") },
        { QStringLiteral("stale-token"), QStringLiteral("stale-token") },
        { QStringLiteral("issuer-version-mismatch"), QStringLiteral("issuer-mismatch") },
        { QStringLiteral("issuer-mismatch"), QStringLiteral("issuer-mismatch") },
        { QStringLiteral("call-issuer-rejected"), QStringLiteral("issuer-mismatch") },
        { QStringLiteral("token-expired"), QStringLiteral("expired-token") },
        { QStringLiteral("token-not-yet-valid"), QStringLiteral("expired-token") },
        { QStringLiteral("clock-skew"), QStringLiteral("expired-token") },
        { QStringLiteral("call-token-expired"), QStringLiteral("expired-token") },
        { QStringLiteral("call-token-not-yet-valid"), QStringLiteral("expired-token") },
        { QStringLiteral("identity-not-found"), QStringLiteral("identity-not-found") },
        { QStringLiteral("unknown-resource"), QStringLiteral("no-service-principal") },
        { QStringLiteral("audience-not-in-directory"), QStringLiteral("no-service-principal") },
        { QStringLiteral("client-mismatch"), QStringLiteral("wrong-user-assigned") },
        { QStringLiteral("call-policy-denied"), QStringLiteral("caller-not-allowed") },
    };
    return lessons.value(code);
}

FindingAction openLessonAction(const QString &lesson)
{
    FindingAction action;
    action.kind = FindingAction::Kind::OpenLesson;
    action.label = QStringLiteral("Open the lesson for this failure");
    action.parameters.insert(QStringLiteral("lesson"), lesson);
    action.commands << QStringLiteral("idex lesson show %1").arg(lesson);
    return action;
}

QString lessonForTokenFailure(const TokenFailure &failure)
{
    if (failure.isCanceled())
        return {};
    const QString byCode = lessonForFindingCode(failure.code);
    if (!byCode.isEmpty())
        return byCode;
    // Sources classify some answers by status ("bad-request"), while Entra's own code says what the lesson is about.
    static const QList<std::pair<QLatin1String, QLatin1String>> entraCodes {
        { QLatin1String("AADSTS500011"), QLatin1String("no-service-principal") },
        { QLatin1String("AADSTS700016"), QLatin1String("identity-not-found") },
    };
    for (const auto &[entra, lesson] : entraCodes) {
        if (failure.detail.contains(entra, Qt::CaseInsensitive))
            return lesson;
    }
    return {};
}

QList<FindingAction> tokenFailureActions(const TokenFailure &failure)
{
    const QString lesson = lessonForTokenFailure(failure);
    if (lesson.isEmpty())
        return {};
    return { openLessonAction(lesson) };
}

void addLessonActions(Findings &findings)
{
    for (Finding &finding : findings) {
        const QString lesson = lessonForFindingCode(finding.code);
        if (!lesson.isEmpty() && !actionOf(finding, FindingAction::Kind::OpenLesson))
            finding.actions << openLessonAction(lesson);
    }
}

} // namespace idex
