#include "lesson.h"

#include <array>
#include <utility>

namespace idex::lessons {

namespace {

constexpr std::array kActionNames {
    std::pair { LessonAction::Kind::GetToken, "get-token" },
    std::pair { LessonAction::Kind::Call, "call" },
    std::pair { LessonAction::Kind::AssignRole, "assign-role" },
    std::pair { LessonAction::Kind::RemoveAssignment, "remove-assignment" },
    std::pair { LessonAction::Kind::FlushCache, "flush-cache" },
    std::pair { LessonAction::Kind::SetIdentity, "set-identity" },
    std::pair { LessonAction::Kind::AppRole, "app-role" },
    std::pair { LessonAction::Kind::ReloadDirectory, "reload-directory" },
    std::pair { LessonAction::Kind::SetClockSkew, "set-clock-skew" },
    std::pair { LessonAction::Kind::ClearFaults, "clear-faults" },
};

constexpr std::array kCheckNames {
    std::pair { LessonCheck::Kind::TokenRole, "token-role" },
    std::pair { LessonCheck::Kind::TokenAudience, "token-audience" },
    std::pair { LessonCheck::Kind::TokenClaim, "token-claim" },
    std::pair { LessonCheck::Kind::TokenFailure, "token-failure" },
    std::pair { LessonCheck::Kind::CallStatus, "call-status" },
    std::pair { LessonCheck::Kind::Finding, "finding" },
    std::pair { LessonCheck::Kind::Assignment, "assignment" },
    std::pair { LessonCheck::Kind::TokenCache, "token-cache" },
};

template<typename Names, typename Kind> QString nameOf(const Names &names, Kind kind)
{
    for (const auto &[k, name] : names)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

template<typename Names, typename Kind> bool kindOf(const Names &names, const QString &name, Kind *kind)
{
    for (const auto &[k, n] : names)
        if (name == QLatin1String(n)) {
            *kind = k;
            return true;
        }
    return false;
}

} // namespace

QString LessonAction::kindName(Kind kind)
{
    return nameOf(kActionNames, kind);
}
bool LessonAction::kindFromName(const QString &name, Kind *kind)
{
    return kindOf(kActionNames, name, kind);
}
QString LessonCheck::kindName(Kind kind)
{
    return nameOf(kCheckNames, kind);
}
bool LessonCheck::kindFromName(const QString &name, Kind *kind)
{
    return kindOf(kCheckNames, name, kind);
}

} // namespace idex::lessons
