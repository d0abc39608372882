#pragma once

#include "reply.h"
#include "request.h"

#include <QHostAddress>

namespace idex::emulator {

class EmulatorState;
class Emulator;

/*! One function per area; each returns false when the path is not its own. \a route is the fault route name. */
namespace routes {

/*! The fault route name of a request ("imds", "appservice", ..., "graph", "functions", "discovery", "admin", ""). */
QString routeName(const Request &request);

bool managedIdentity(EmulatorState &state, const Request &request, Reply *reply);
bool discovery(EmulatorState &state, const Request &request, Reply *reply);
bool graph(EmulatorState &state, const Request &request, Reply *reply);
bool functions(EmulatorState &state, const Request &request, Reply *reply);
/*! Who may use the admin API: loopback peers (127.0.0.0/8, ::1, IPv4-mapped loopback) over http or https. */
bool isAdminPeer(const QHostAddress &peer);
/*! The admin API: loopback peers only, no request from a web page (Origin, Sec-Fetch-Site), and the per-run admin
    token as a bearer token; changes go through Emulator's public operations. */
bool admin(Emulator &emulator, EmulatorState &state, const Request &request, Reply *reply);

} // namespace routes
} // namespace idex::emulator
