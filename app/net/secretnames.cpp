#include "secretnames.h"

#include <string_view>

namespace idex::redaction {

namespace {

using namespace std::string_view_literals;

// Normalised spellings (lower case, no separators). Header names of managed identity and Easy Auth, OAuth and SAS
// parameters, and the usual words for credentials.
constexpr std::string_view kExact[] = {
    "authorization"sv,
    "proxyauthorization"sv,
    "xmsauthorizationauxiliary"sv,
    "xidentityheader"sv,
    "identityheader"sv,
    "secret"sv,
    "cookie"sv,
    "setcookie"sv,
    "xzumoauth"sv,
    "code"sv,
    "sig"sv,
    "signature"sv,
    "token"sv,
    "password"sv,
    "passwd"sv,
    "pwd"sv,
    "passphrase"sv,
    "assertion"sv,
    "credential"sv,
    "credentials"sv,
    "sas"sv,
    "apikey"sv,
    "key"sv,
    "codeverifier"sv,
    "connectionstring"sv,
    "sessionid"sv,
};

constexpr std::string_view kSuffixes[] = {
    "secret"sv,
    "password"sv,
    "passwd"sv,
    "token"sv,
    "key"sv,
    "assertion"sv,
    "signature"sv,
    "credential"sv,
    "credentials"sv,
    "sessionid"sv,
    "connectionstring"sv,
};

// Paging cursors of Microsoft Graph: opaque, but not credentials, and what a user debugging paging needs to read.
constexpr std::string_view kNotSecret[] = { "skiptoken"sv, "deltatoken"sv };

// Names longer than this are not names a secret hides behind; only their ending is compared.
constexpr qsizetype kMaxNormalised = 64;

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '$';
}

bool isSeparator(char c)
{
    return c == '-' || c == '_' || c == '.' || c == '$';
}

} // namespace

bool isSecretName(QByteArrayView name, NameContext context)
{
    // Normalise the end of the name (at most kMaxNormalised characters), walking backwards: bounded work for any
    // input, which the linear-time scanner relies on.
    char buffer[kMaxNormalised];
    qsizetype length = 0;
    qsizetype i = name.size();
    while (i > 0 && length < kMaxNormalised) {
        const char c = name.at(--i);
        if (!isNameChar(c))
            return false;
        if (isSeparator(c))
            continue;
        buffer[kMaxNormalised - 1 - length++] = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    bool complete = true;
    for (qsizetype j = i; j > 0; --j) {
        if (!isSeparator(name.at(j - 1))) {
            complete = false;
            break;
        }
    }
    if (length == 0)
        return false;
    const std::string_view normalised(buffer + kMaxNormalised - length, size_t(length));

    if (complete) {
        for (const std::string_view other : kNotSecret) {
            if (normalised == other)
                return false;
        }
        // In JSON, "code" is the error code of an answer ({"error":{"code":"InvalidAuthenticationToken"}}).
        if (context == NameContext::JsonField && normalised == "code"sv)
            return false;
        for (const std::string_view exact : kExact) {
            if (normalised == exact)
                return true;
        }
    }
    for (const std::string_view suffix : kSuffixes) {
        if (normalised.ends_with(suffix))
            return true;
    }
    return false;
}

} // namespace idex::redaction
