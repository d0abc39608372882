#pragma once

#include "call/protectedapi.h"
#include "diagnose/diagnosis.h"

#include <optional>

namespace idex {

struct CallResult;

/*! What the API under test expects of a token, worked out from what is known about it. GUI-free: the Test call
    panel and idex call use the same rules. */

/*! The protected API of \a apis that \a url calls (the query ignored); null when none. */
const ProtectedApi *protectedApiFor(const QList<ProtectedApi> &apis, const QUrl &url);

/*! A protected API's expectation: its allowed audiences, its issuer, the roles it requires (any one of them) and,
    when it admits exactly one caller, that caller's client ID. */
Expectation expectationOf(const ProtectedApi &api);

/*! What a call's answer teaches: a 401 or 403 that names the audience it wants (resource_id, with the API's other
    allowed audiences when \a api is known) or the roles it requires updates \a current. std::nullopt when the answer
    says nothing new (a success, another status, a challenge without either). */
std::optional<Expectation> expectationLearnedFrom(
    const CallResult &call, const ProtectedApi *api, const Expectation &current);

} // namespace idex
