// libFuzzer target for what App Service Authentication (Easy Auth) hands an app: the Base64 JSON header
// X-MS-CLIENT-PRINCIPAL (decodeClientPrincipal) and the /.auth/me JSON array (parseAuthMe), plus the claim
// accessors the Call panel shows.
#include "call/clientprincipal.h"
#include "fuzzsupport.h"

namespace {
void touch(const idex::ClientPrincipal &principal)
{
    (void)principal.roles();
    (void)principal.values(QStringLiteral("tid"));
    (void)principal.value(QStringLiteral("http://schemas.microsoft.com/identity/claims/objectidentifier"));
    for (const auto &[type, value] : principal.claims)
        (void)idex::shortClaimType(type);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const ClientPrincipalResult header = decodeClientPrincipal(bytes);
    fuzz::require(header.ok() || header.principal.claims.isEmpty(), "a refused header kept claims");
    touch(header.principal);

    // The same bytes as the JSON inside the header, so the JSON reader is reached without Base64 luck.
    touch(decodeClientPrincipal(bytes.toBase64()).principal);

    touch(parseAuthMe(bytes).principal);
    return 0;
}
