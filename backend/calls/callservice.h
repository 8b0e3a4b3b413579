#pragma once

#include "call.h"
#include "callrepository.h"

#include "core/actor.h"
#include "core/result.h"

#include <QJsonObject>

#include <optional>

namespace vami {

class AgentService;
class Clock;
class Database;

// A new outbound call.
struct CreateCallInput
{
    QString phoneNumber; // as typed; stored in E.164 (PhoneNumber::normalize)
    QUuid agentId;       // an active agent of the actor's organization
    QDateTime scheduledAt; // invalid: call now
    std::optional<QJsonObject> metadata;
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
// No telephony provider adapter exists yet, so nothing is dialled: a call for now is
// recorded (pending) and moves at once to failed with telephony_provider_unavailable
// and an error message saying so. A scheduled call stays pending; no scheduler runs
// it yet.
class CallService
{
public:
    CallService(Database &database, const Clock &clock, AgentService &agents);

    Result<CallPage> list(const Actor &actor, const CallQuery &query);
    Result<CallDetail> call(const Actor &actor, const QUuid &callId);
    Result<CallDetail> createOutbound(const Actor &actor, const CreateCallInput &input);
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
    Result<CallDetail> detail(const Call &call);

    Database &m_db;
    const Clock &m_clock;
    AgentService &m_agents;
    CallRepository m_calls;
};

} // namespace vami
