#pragma once
// What happened in a session, in order, for people: the record the session report (app/report) is written from.
// Every text is redacted when it is recorded (a raw token, identity header or secret never enters the journal), so
// whatever renders it cannot leak one. In memory only.
#include "diagnose/finding.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace idex {

struct JournalEntry
{
    enum class Kind {
        EmulatorRun, ///< the emulator started a run (a start, a scenario switch, a restart) or stopped
        Token, ///< a token became current: its claims, masked where secret
        Verification, ///< a token's signature was checked
        Call, ///< a test call and its answer
        DirectoryChange, ///< assignments or app roles differ from the directory read before
        Action, ///< a finding's action was run
        Note, ///< anything else a workflow or a lesson wants on record
    };
    Kind kind = Kind::Note;
    QDateTime at; ///< UTC
    QString title; ///< one line: "403 from GET /api/aad-func"
    QStringList details; ///< lines of evidence: "aud: api://aad-func", "roles: (none)"
    Findings findings; ///< what the diagnosis said at that moment (calls, tokens)
    QStringList commands; ///< the equivalent commands for Azure (Graph PowerShell, az, curl)

    QString kindName() const; ///< stable kebab-case: "emulator-run", "token", "call", ...
};

/*! A bounded, append-only list of entries (the oldest go first past kMaxEntries). */
class Journal
{
public:
    static constexpr int kMaxEntries = 500;

    /*! Appends \a entry with every text passed through the redaction layer. */
    void append(JournalEntry entry);
    const QList<JournalEntry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    void clear() { m_entries.clear(); }

private:
    QList<JournalEntry> m_entries;
};

} // namespace idex

namespace idex {
struct TokenResult;
struct DecodedToken;
struct SignatureVerdict;
struct CallResult;
struct EmulatorRun;
class Directory;

/*! The entries the session records, built from its evidence (app/session/journal.cpp). */
namespace journal {
JournalEntry tokenEntry(const TokenResult &token, const DecodedToken *decoded);
JournalEntry verificationEntry(const DecodedToken *decoded, const SignatureVerdict &verdict);
JournalEntry callEntry(const CallResult &call, const Findings &findings);
JournalEntry runEntry(const EmulatorRun &current);
JournalEntry actionEntry(const FindingAction &action);
/*! One entry when \a after's app roles or assignments differ from \a before's (names, not only ids); none when
    \a before is null (a first load) or nothing differs. */
QList<JournalEntry> directoryChanges(const Directory *before, const Directory &after);
} // namespace journal

} // namespace idex
