#include "statusmeaning.h"

namespace idex {

namespace {

struct StatusInfo
{
    int status;
    const char *phrase;
    const char *meaning;
};

constexpr StatusInfo kStatuses[] = {
    { 200, "OK", "The API accepted the token and answered." },
    { 201, "Created", "The API accepted the token and created the resource." },
    { 202, "Accepted", "The API accepted the token and queued the work." },
    { 204, "No Content", "The API accepted the token; it has nothing to return." },
    { 301, "Moved Permanently", "The API lives elsewhere; the token was not checked at this address." },
    { 302, "Found", "A redirect, often to a sign-in page: the app expects a browser login, not a bearer token." },
    { 304, "Not Modified", "The cached answer is still valid." },
    { 307, "Temporary Redirect", "A redirect; the token was not checked at this address." },
    { 308, "Permanent Redirect", "A redirect; the token was not checked at this address." },
    { 400, "Bad Request", "The request itself is malformed (URL, parameters, body); authentication may not have run." },
    { 401, "Unauthorized",
        "Authentication failed: no token, or a token the API does not accept (audience, issuer, "
        "lifetime or signature). The WWW-Authenticate header and the body usually say which." },
    { 403, "Forbidden",
        "The token was accepted, but the caller is not allowed: typically a missing app role or an "
        "access policy (allowed applications, principals or tenants)." },
    { 404, "Not Found", "Nothing at this path: check the URL, the function name and the route prefix (/api)." },
    { 405, "Method Not Allowed", "The path exists but not for this HTTP method." },
    { 408, "Request Timeout", "The server gave up waiting for the request." },
    { 409, "Conflict", "The request conflicts with the current state of the resource." },
    { 415, "Unsupported Media Type", "The body's Content-Type is not one the API accepts." },
    { 429, "Too Many Requests", "Throttled: wait for the time in Retry-After and try again." },
    { 500, "Internal Server Error", "The API failed while handling the call; its own logs say why." },
    { 501, "Not Implemented", "The server does not support this method." },
    { 502, "Bad Gateway", "A proxy or gateway in front of the API got no valid answer from it." },
    { 503, "Service Unavailable", "The API is down, starting, or overloaded; try again later." },
    { 504, "Gateway Timeout", "A proxy or gateway in front of the API timed out waiting for it." },
};

const StatusInfo *find(int status)
{
    for (const StatusInfo &info : kStatuses) {
        if (info.status == status)
            return &info;
    }
    return nullptr;
}

} // namespace

QString statusReasonPhrase(int status)
{
    if (const StatusInfo *info = find(status))
        return QString::fromLatin1(info->phrase);
    return QStringLiteral("Unknown status");
}

QString statusMeaning(int status)
{
    if (const StatusInfo *info = find(status))
        return QString::fromLatin1(info->meaning);
    if (status >= 200 && status < 300)
        return QStringLiteral("Success.");
    if (status >= 300 && status < 400)
        return QStringLiteral("A redirect; the token was not checked at this address.");
    if (status >= 400 && status < 500)
        return QStringLiteral("The API refused the request.");
    if (status >= 500 && status < 600)
        return QStringLiteral("The server failed; its own logs say why.");
    return QStringLiteral("Not an HTTP status code.");
}

} // namespace idex
