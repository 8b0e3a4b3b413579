#pragma once

#include "core/enumnames.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

// Where a call stands (calls.status, the contract's CallStatus). completed, failed,
// cancelled and no_answer are terminal; CallStateMachine says which moves are legal.
enum class CallStatus { Pending, Ringing, InProgress, Completed, Failed, Cancelled, NoAnswer };

template<>
struct EnumNames<CallStatus>
{
    static constexpr std::array<std::pair<CallStatus, std::string_view>, 7> names{
        {{CallStatus::Pending, "pending"},
         {CallStatus::Ringing, "ringing"},
         {CallStatus::InProgress, "in_progress"},
         {CallStatus::Completed, "completed"},
         {CallStatus::Failed, "failed"},
         {CallStatus::Cancelled, "cancelled"},
         {CallStatus::NoAnswer, "no_answer"}}};
};

enum class CallDirection { Inbound, Outbound };

template<>
struct EnumNames<CallDirection>
{
    static constexpr std::array<std::pair<CallDirection, std::string_view>, 2> names{
        {{CallDirection::Inbound, "inbound"}, {CallDirection::Outbound, "outbound"}}};
};

// The caller's mood as the call's analysis reports it (the contract's CallSentiment).
enum class CallSentiment { Positive, Neutral, Negative, Mixed };

template<>
struct EnumNames<CallSentiment>
{
    static constexpr std::array<std::pair<CallSentiment, std::string_view>, 4> names{
        {{CallSentiment::Positive, "positive"},
         {CallSentiment::Neutral, "neutral"},
         {CallSentiment::Negative, "negative"},
         {CallSentiment::Mixed, "mixed"}}};
};

// Why a call ended (calls.ended_reason): Retell's snake_case vocabulary as the
// market notes adopt it. Each reason belongs to exactly one terminal status
// (CallStateMachine::statusOf): a call enters a terminal status only with one of
// that status's reasons.
enum class EndedReason {
    // completed
    UserHangup,
    AgentHangup,
    CallTransfer,
    MaxDurationReached,
    Inactivity,
    VoicemailReached,
    IvrReached,
    // no_answer
    DialNoAnswer,
    DialBusy,
    // failed
    DialFailed,
    InvalidDestination,
    TelephonyProviderUnavailable,
    ConcurrencyLimitReached,
    ErrorProvider,
    ErrorInternal,
    StaleCallTimeout,
    // cancelled
    ManualStopped,
    ScheduledCallCancelled,
};

template<>
struct EnumNames<EndedReason>
{
    static constexpr std::array<std::pair<EndedReason, std::string_view>, 18> names{
        {{EndedReason::UserHangup, "user_hangup"},
         {EndedReason::AgentHangup, "agent_hangup"},
         {EndedReason::CallTransfer, "call_transfer"},
         {EndedReason::MaxDurationReached, "max_duration_reached"},
         {EndedReason::Inactivity, "inactivity"},
         {EndedReason::VoicemailReached, "voicemail_reached"},
         {EndedReason::IvrReached, "ivr_reached"},
         {EndedReason::DialNoAnswer, "dial_no_answer"},
         {EndedReason::DialBusy, "dial_busy"},
         {EndedReason::DialFailed, "dial_failed"},
         {EndedReason::InvalidDestination, "invalid_destination"},
         {EndedReason::TelephonyProviderUnavailable, "telephony_provider_unavailable"},
         {EndedReason::ConcurrencyLimitReached, "concurrency_limit_reached"},
         {EndedReason::ErrorProvider, "error_provider"},
         {EndedReason::ErrorInternal, "error_internal"},
         {EndedReason::StaleCallTimeout, "stale_call_timeout"},
         {EndedReason::ManualStopped, "manual_stopped"},
         {EndedReason::ScheduledCallCancelled, "scheduled_call_cancelled"}}};
};

// A call of the acting organization (a row of calls).
struct Call
{
    QUuid id;
    QUuid organizationId;
    QUuid agentId;
    QString agentName; // the agent's name, read with the call
    QUuid createdBy;   // null for calls no user started, or whose user is gone
    CallDirection direction = CallDirection::Outbound;
    QString phoneNumber; // E.164
    CallStatus status = CallStatus::Pending;
    std::optional<EndedReason> endedReason;
    QString errorMessage;
    QString summary;
    std::optional<CallSentiment> sentiment;
    std::optional<bool> callSuccessful;
    std::optional<qint64> durationSecs;
    std::optional<QJsonObject> metadata;
    QDateTime scheduledAt;
    QDateTime startedAt;  // the dial began (ringing), or the call went straight to in_progress
    QDateTime answeredAt; // in_progress
    QDateTime endedAt;    // a terminal status
    QString externalCallId;
    QString conversationId;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// One step of a call's timeline (a row of call_events): the first has no from.
struct CallEvent
{
    QUuid id;
    QUuid callId;
    int seq = 0; // 1, 2, ... per call
    std::optional<CallStatus> fromStatus;
    CallStatus toStatus = CallStatus::Pending;
    std::optional<EndedReason> endedReason;
    QDateTime at;
    QString detail;
};

struct CallDetail
{
    Call call;
    QList<CallEvent> timeline; // oldest first
};

// How to list calls: newest first, each filter optional, one page.
struct CallQuery
{
    std::optional<CallStatus> status;
    std::optional<CallDirection> direction;
    std::optional<CallSentiment> sentiment;
    std::optional<QUuid> agentId;
    std::optional<QDate> dateFrom; // created on or after this day (UTC)
    std::optional<QDate> dateTo;   // created on or before this day (UTC), inclusive
    QString phoneDigits;           // digits the phone number contains; empty: any
    int page = 1;                  // 1-based
    int perPage = 20;
};

struct CallPage
{
    QList<Call> calls;
    qint64 total = 0;
    int page = 1;
    int perPage = 20;
};

} // namespace vami
