#pragma once

#include "authchallenge.h"
#include "authfailure.h"
#include "net/httptypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace idex {

/*! What the body of a response is, for display and for the rules. */
enum class BodyKind {
    Empty,
    Json, ///< parsed into CallResult::json (object) or a JSON array/scalar
    Html,
    Text, ///< valid UTF-8 without control characters
    Binary, ///< anything else: shown as hex
};

/*! Which component answered a 401/403, as far as the response tells. */
enum class Responder {
    Unknown,
    EasyAuth, ///< App Service Authentication in front of the app (its fixed texts and challenge shape)
    AspNetCore, ///< JwtBearer / Microsoft.Identity.Web (`Bearer error="invalid_token"`, IDX codes)
    App, ///< the application code itself (a JSON/Problem Details body naming a role, ...)
};

/*! The outcome of one test call: the exchange exactly as sent and received (the request still carries its token:
    in memory only, redact before showing), plus what could be read from the answer. A value type the diagnosis
    reads (app/diagnose/callrules.cpp); produced by analyzeCall() in callanalysis.h. */
struct CallResult
{
    HttpExchange exchange; ///< request sent (method, URL, headers, body), response, TLS details, elapsed time
    QDateTime finishedAt; ///< UTC

    AuthChallenges challenges; ///< every challenge of every WWW-Authenticate header, in order
    Responder responder = Responder::Unknown;

    BodyKind bodyKind = BodyKind::Empty;
    QJsonObject json; ///< the body when it is a JSON object

    /*! Microsoft.IdentityModel codes found in the challenge or body ("IDX10214", ...), unique, in order. */
    QStringList identityModelCodes;
    /*! The server's own words about the failure: error_description, a JSON message/detail/error, or a short text
        body; empty for successes. */
    QString serverMessage;
    /*! App roles the API says it requires or found missing (from a 403 body or the challenge); empty if unnamed. */
    QStringList requiredRoles;
    /*! Audience the API announces (the challenge's resource_id); empty if none. */
    QString announcedAudience;
    /*! What the validator complained about, as far as its words tell (401/403 only). */
    AuthFailureKind failureKind = AuthFailureKind::None;

    // Shorthands over the exchange.
    const HttpRequest &request() const { return exchange.request; }
    const HttpResponse &response() const { return exchange.response; }
    int status() const { return exchange.response.status; }
    bool answered() const { return exchange.response.answered(); }
    bool isSuccess() const { return exchange.response.isSuccess(); }
    qint64 elapsedMs() const { return exchange.response.elapsedMs; }
    /*! The bearer token that was sent, or empty (secret: never show it unredacted). */
    QString sentBearerToken() const;
    /*! The first Bearer challenge, or nullptr. */
    const AuthChallenge *bearerChallenge() const;
};

} // namespace idex

// Carried by signals and QVariant (Test call's callFinished, the tests' spies): declared once, where the type is.
Q_DECLARE_METATYPE(idex::CallResult)
