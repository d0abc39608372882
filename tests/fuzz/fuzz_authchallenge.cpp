// libFuzzer target for WWW-Authenticate / Proxy-Authenticate values, which any server (or a proxy) chooses:
// parseWwwAuthenticate and the canonical form each challenge is printed in. Invariant: printing a challenge and
// parsing the print gives the same scheme and parameters back (what the Call panel shows is what was parsed).
#include "call/authchallenge.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const AuthChallenges challenges = parseWwwAuthenticate(bytes);
    fuzz::require(challenges.size() <= 16, "more challenges kept than the cap");
    for (const AuthChallenge &challenge : challenges) {
        fuzz::require(challenge.params.size() <= 32, "more parameters kept than the cap");
        (void)challenge.realm();
        (void)challenge.error();
        (void)challenge.errorDescription();
        (void)challenge.resourceId();
        (void)challenge.authorizationUri();
        (void)challenge.scope();
        (void)challenge.isScheme(u"Bearer");
        const QString printed = challenge.toString();
        const AuthChallenges again = parseWwwAuthenticate(printed.toUtf8());
        if (challenge.scheme.isEmpty())
            continue;
        fuzz::require(!again.isEmpty(), "the canonical form of a challenge does not parse");
        fuzz::require(again.first().scheme == challenge.scheme, "the scheme changed through the canonical form");
        fuzz::require(again.first().params == challenge.params, "parameters changed through the canonical form");
        fuzz::require(again.first().token68 == challenge.token68, "token68 changed through the canonical form");
    }
    return 0;
}
