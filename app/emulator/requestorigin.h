#pragma once

#include "reply.h"
#include "request.h"

namespace idex::emulator {

/*! DNS rebinding: a page on evil.example whose name later resolves to 127.0.0.1 reaches the emulator with
    "Host: evil.example:PORT". Every route answers only Host values naming the address it serves: 127.0.0.1,
    localhost, [::1] or the address the connection arrived on, with the port it arrived on (case-insensitive; no
    port = 80, or 443 over TLS). HTTP/1.1 requires a Host; an HTTP/1.0 request without one is served.
    Returns false and sets \a reply (421, or 400 for a missing or malformed Host) when the request is refused. */
bool hostIsServed(const Request &request, Reply *reply);

/*! Browsers mark what a page sends: an Origin header (every cross-origin POST, even a "simple" text/plain one
    that skips the CORS preflight) or Sec-Fetch-Site: cross-site / same-site. The admin API refuses both (403):
    its clients are scripts and idex, never web pages. Returns false and sets \a reply when refused. */
bool notFromAWebPage(const Request &request, Reply *reply);

} // namespace idex::emulator
