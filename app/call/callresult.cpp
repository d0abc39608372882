#include "callresult.h"

namespace idex {

QString CallResult::sentBearerToken() const
{
    const QByteArray authorization = exchange.request.header("Authorization").trimmed();
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0 || authorization.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return QString::fromLatin1(authorization.mid(space + 1).trimmed());
}

const AuthChallenge *CallResult::bearerChallenge() const
{
    for (const AuthChallenge &challenge : challenges) {
        if (challenge.isScheme(u"Bearer"))
            return &challenge;
    }
    return nullptr;
}

} // namespace idex
