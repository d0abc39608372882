#pragma once

#include "finding.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

#include <optional>

namespace idex {

class ObjectNames;

struct DecodedToken; // app/jwt/decodedtoken.h
struct CallResult; // app/call/callresult.h
class Directory; // app/directory/directory.h

/*! What the caller expects a token to carry: typed by hand, or taken from a protected API of the scenario. */
struct Expectation
{
    QStringList audiences; ///< accepted `aud` values (client ID, App ID URI, ...); empty = not checked
    QString issuer; ///< expected `iss`; empty = not checked
    QStringList roles; ///< roles the API requires (any one of them grants access)
    QString clientId; ///< expected appid/azp of the caller
    std::optional<int> tokenVersion; ///< 1 or 2 when the API pins one
    bool appOnly = false; ///< the API expects an app-only token (managed identity, client credentials), not a user's

    bool isEmpty() const
    {
        return audiences.isEmpty() && issuer.isEmpty() && roles.isEmpty() && clientId.isEmpty() && !tokenVersion
            && !appOnly;
    }
};

/*! The evidence a diagnosis may use. Every pointer is optional; the diagnosis never performs I/O. */
struct DiagnosisInput
{
    const DecodedToken *token = nullptr;
    Expectation expectation;
    const CallResult *call = nullptr;
    const Directory *directory = nullptr;
    QDateTime now = QDateTime::currentDateTimeUtc();
    /*! When the token was issued by an emulator run that has ended (a scenario switch, a restart): that run and the
        current one, in words ("scenario seed on 127.0.0.1:41234"). Empty otherwise. */
    QString tokenEndedRun;
    QString currentRun;
};

/*! Pure function: evidence in, findings out, most severe first. */
Findings diagnose(const DiagnosisInput &input);

/*! [{"severity", "code", "title", "evidence", "fix"}], for --json outputs and exports. */
QJsonArray findingsToJson(const Findings &findings);
/*! "ERROR  audience-mismatch  The token is for another audience" + indented evidence and fix lines. With \a names
    (a directory's or the emulator's), every GUID they know in the evidence and fix reads "name (3f2a8c1d…)". */
QString findingsToText(const Findings &findings, const ObjectNames *names = nullptr);
/*! A Markdown list, for tickets; \a names as for findingsToText. */
QString findingsToMarkdown(const Findings &findings, const ObjectNames *names = nullptr);

} // namespace idex
