#pragma once

#include "call.h"
#include "callpolicy.h"
#include "callrepository.h"

#include "core/actor.h"
#include "core/result.h"

#include <QJsonObject>

#include <optional>

namespace vami {

class AgentService;
class Clock;
class Database;
class JobQueue;

// A new outbound call.
struct CreateCallInput
{
    QString phoneNumber; // as typed; stored in E.164 (PhoneNumber::normalize)
    QUuid agentId;       // an active agent of the actor's organization
    QDateTime scheduledAt; // invalid: call now
    std::optional<QJsonObject> metadata;
    // An IANA time zone id the caller scheduled in ("Europe/Berlin"), kept as
    // metadata.timezone; null: none. Only with scheduledAt.
    QString timezone;
};

// What ending a call adds: the summary replaces the stored one when given, the
// metadata is merged into the stored one member by member.
struct EndCallInput
{
    std::optional<QString> summary;
    std::optional<QJsonObject> metadata;
};

// The calls of the actor's organization and their timelines.
//
// Rules: anyone in the organization may look (view_calls); anyone may place and end
// calls (make_calls), as the contract's matrix gives make_calls to every role.
// Another organization's call, or agent, is not found. Every change of status goes
// through transition(): the move must be legal for CallStateMachine, it is written
// only while the stored status is still the one it was decided on (two concurrent
// moves cannot both win), and it is recorded in call_events with its time, in the
// same transaction.
//
// A call is placed in one place, place(): an immediate call right after it is
// recorded, a scheduled one by its calls.dial job (calljobs.h) at scheduled_at.
// No telephony provider adapter exists yet, so nothing is dialled: place() moves
// the call to failed with telephony_provider_unavailable and an error message
// saying so. A pending scheduled call can be cancelled, which cancels its job; a
// job that finds its call no longer pending does nothing. sweepStaleCalls() ends
// calls that stay ringing or in_progress beyond the policy's bounds.
class CallService
{
public:
    CallService(Database &database, const Clock &clock, AgentService &agents, JobQueue &jobs,
                const CallPolicy &policy = {});

    Result<CallPage> list(const Actor &actor, const CallQuery &query);
    Result<CallDetail> call(const Actor &actor, const QUuid &callId);
    // Places the call now, or with scheduledAt (in the future, at most
    // CallLimits::MaxScheduleDays ahead) records it pending and enqueues its dial.
    Result<CallDetail> createOutbound(const Actor &actor, const CreateCallInput &input);
    // createOutbound for POST /api/calls/schedule: scheduledAt is required and the
    // time zone defaults to "UTC".
    Result<CallDetail> schedule(const Actor &actor, CreateCallInput input);
    // A pending call -> cancelled with scheduled_call_cancelled, its dial job
    // cancelled in the same transaction; any other status is refused
    // (calls.cannot_cancel) and nothing is written.
    Result<CallDetail> cancel(const Actor &actor, const QUuid &callId);
    // ringing or in_progress -> completed with agent_hangup (our side hung up); any
    // other status is refused and nothing is written.
    Result<CallDetail> end(const Actor &actor, const QUuid &callId, const EndCallInput &input);

    // Moves a call of the organization to `to` (for the service itself, and later for
    // provider callbacks and the stale-call sweeper, which act for the organization).
    // Rejected for an illegal move or a reason that does not fit; Conflict when
    // another move changed the call first. Entering failed stores `detail` as the
    // call's error message.
    Result<CallDetail> transition(const QUuid &organizationId, const QUuid &callId, CallStatus to,
                                  std::optional<EndedReason> reason, const QString &detail = {});

    // The calls.dial job: places the call if it is still pending; a call that is
    // gone, cancelled or otherwise moved on is left as it is (the job is done).
    Status dialScheduled(const QUuid &organizationId, const QUuid &callId);

    // Ends, through transition(), at most policy.sweepBatch calls of any
    // organization that have been ringing or in_progress longer than the policy
    // allows (failed, stale_call_timeout); a call that moved meanwhile is skipped.
    // Answers how many it ended.
    Result<int> sweepStaleCalls();

    [[nodiscard]] const CallPolicy &policy() const { return m_policy; }

    // "2026-01-15" -> that day; nullopt for anything but YYYY-MM-DD naming a real day.
    [[nodiscard]] static std::optional<QDate> parseDay(QStringView text);

private:
    struct Change
    {
        CallStatus to = CallStatus::Pending;
        std::optional<EndedReason> reason;
        QString detail;
        QString errorMessage;
        std::optional<QString> summary;
        std::optional<QJsonObject> mergeMetadata;
    };
    // In the caller's transaction: checks, writes and records one move of `call`.
    Result<Call> apply(const Call &call, const Change &change);
    // In the caller's transaction: places a pending call. The one point where a
    // telephony provider adapter plugs in (it will record ringing here and hand
    // the dial to a job or the outbox, never doing network I/O inside the
    // transaction); without one the call fails with telephony_provider_unavailable.
    Result<Call> place(const Call &pending);
    Result<CallDetail> detail(const Call &call);

    Database &m_db;
    const Clock &m_clock;
    AgentService &m_agents;
    JobQueue &m_jobs;
    CallPolicy m_policy;
    CallRepository m_calls;
};

} // namespace vami
