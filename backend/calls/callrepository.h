#pragma once

#include "call.h"

#include "core/result.h"

#include <optional>

namespace vami {

class Database;

// A call named across organizations (the sweeper's list).
struct CallRef
{
    QUuid organizationId;
    QUuid callId;
};

// All SQL of the calls and call_events tables. Every query is scoped by the
// organization; a call's agent name is read with it (agents of the same
// organization only).
class CallRepository
{
public:
    explicit CallRepository(Database &database);

    Status insert(const Call &call);
    Result<std::optional<Call>> find(const QUuid &organizationId, const QUuid &callId);
    Result<CallPage> list(const QUuid &organizationId, const CallQuery &query);
    // Writes the fields a move changes (status, reason, error, summary, metadata,
    // the instants, duration) only while the stored status is still `expected`;
    // false when it is not (another move won) or the call does not exist.
    Result<bool> updateIfStatus(const Call &call, CallStatus expected);
    // Appends an event; its seq is the call's next one.
    Status appendEvent(const QUuid &organizationId, CallEvent &event);
    Result<QList<CallEvent>> events(const QUuid &organizationId, const QUuid &callId);
    // Calls of every organization ringing since before `ringingBefore` or in
    // progress since before `inProgressBefore`, the longest-stuck first, at most
    // `limit`.
    Result<QList<CallRef>> staleCalls(const QDateTime &ringingBefore, const QDateTime &inProgressBefore, int limit);

private:
    Database &m_db;
};

} // namespace vami
