#include "callservice.h"
#include "callerrors.h"
#include "calljobs.h"
#include "calllimits.h"
#include "callstatemachine.h"
#include "phonenumber.h"

#include "agents/agentservice.h"
#include "auth/authorizer.h"
#include "auth/credentialpolicy.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/instant.h"
#include "core/systemactor.h"
#include "jobs/jobqueue.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

FieldError boundError(const QString &field, int value, int min, int max)
{
    const bool low = value < min;
    return FieldError{field, low ? u"greater_than_equal"_s : u"less_than_equal"_s,
                      low ? QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1")
                          : QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                      {QString::number(low ? min : max)}, value};
}

// How deep objects and arrays nest in `value` (a scalar is 0, {} is 1).
int depthOf(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            deepest = std::max(deepest, depthOf(it.value()));
        return deepest + 1;
    }
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            deepest = std::max(deepest, depthOf(v));
        return deepest + 1;
    }
    return 0;
}

QList<FieldError> checkMetadata(const QJsonObject &metadata)
{
    if (depthOf(metadata) > CallLimits::MaxMetadataDepth)
        return {FieldError{u"metadata"_s, u"value_error"_s,
                           QT_TRANSLATE_NOOP("vami", "Metadata may nest objects and arrays at most %1 deep"),
                           {QString::number(CallLimits::MaxMetadataDepth)}, QJsonValue(QJsonValue::Undefined)}};
    if (QJsonDocument(metadata).toJson(QJsonDocument::Compact).size() > CallLimits::MaxMetadataBytes)
        return {FieldError{u"metadata"_s, u"value_error"_s,
                           QT_TRANSLATE_NOOP("vami", "Metadata may be at most %1 bytes as JSON"),
                           {QString::number(CallLimits::MaxMetadataBytes)}, QJsonValue(QJsonValue::Undefined)}};
    return {};
}

Error orNotFound(const Error &error)
{
    return error.kind() == ErrorKind::NotFound ? CallErrors::callNotFound() : error;
}

} // namespace

CallService::CallService(Database &database, const Clock &clock, AgentService &agents, JobQueue &jobs,
                         const CallPolicy &policy)
    : m_db(database)
    , m_clock(clock)
    , m_agents(agents)
    , m_jobs(jobs)
    , m_policy(policy)
    , m_calls(database)
{
}

std::optional<QDate> CallService::parseDay(QStringView text)
{
    if (text.size() != 10 || text.at(4) != u'-' || text.at(7) != u'-')
        return std::nullopt;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (i != 4 && i != 7 && (text.at(i) < u'0' || text.at(i) > u'9'))
            return std::nullopt;
    }
    const QDate day(text.mid(0, 4).toInt(), text.mid(5, 2).toInt(), text.mid(8, 2).toInt());
    if (!day.isValid() || day.year() < 1)
        return std::nullopt;
    return day;
}

Result<CallPage> CallService::list(const Actor &actor, const CallQuery &query)
{
    if (Status allowed = authorize(actor, Permission::ViewCalls); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    if (query.page < 1 || query.page > CallLimits::MaxPage)
        errors.append(boundError(u"page"_s, query.page, 1, CallLimits::MaxPage));
    if (query.perPage < 1 || query.perPage > CallLimits::MaxPerPage)
        errors.append(boundError(u"per_page"_s, query.perPage, 1, CallLimits::MaxPerPage));
    if (query.dateFrom && query.dateTo && *query.dateTo < *query.dateFrom)
        errors.append(FieldError{u"date_to"_s, u"value_error"_s,
                                 QT_TRANSLATE_NOOP("vami", "date_to must not be before date_from"), {},
                                 query.dateTo->toString(Qt::ISODate)});
    const bool digitsOnly = std::all_of(query.phoneDigits.cbegin(), query.phoneDigits.cend(),
                                        [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!digitsOnly || query.phoneDigits.size() > CallLimits::MaxPhoneSearchLength)
        errors.append(FieldError{u"search"_s, u"value_error"_s,
                                 QT_TRANSLATE_NOOP("vami", "Search for at most %1 digits of the phone number"),
                                 {QString::number(CallLimits::MaxPhoneSearchLength)}, query.phoneDigits});
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    return m_calls.list(actor.organizationId, query);
}

Result<CallDetail> CallService::call(const Actor &actor, const QUuid &callId)
{
    if (Status allowed = authorize(actor, Permission::ViewCalls); !allowed)
        return fail(allowed.error());
    auto found = m_calls.find(actor.organizationId, callId);
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(CallErrors::callNotFound());
    return detail(**found);
}

Result<CallDetail> CallService::detail(const Call &call)
{
    auto events = m_calls.events(call.organizationId, call.id);
    if (!events)
        return fail(events.error());
    return CallDetail{call, *events};
}

Result<CallDetail> CallService::createOutbound(const Actor &actor, const CreateCallInput &input)
{
    if (Status allowed = authorize(actor, Permission::MakeCalls); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    const std::optional<QString> phone = PhoneNumber::normalize(input.phoneNumber);
    if (!phone)
        errors.append(FieldError{u"phone_number"_s, u"value_error"_s,
                                 QT_TRANSLATE_NOOP("vami", "Invalid phone number format"), {},
                                 input.phoneNumber});
    const QDateTime now = m_clock.now();
    if (input.scheduledAt.isValid()) {
        if (input.scheduledAt <= now)
            errors.append(FieldError{u"scheduled_at"_s, u"value_error"_s,
                                     QT_TRANSLATE_NOOP("vami", "Scheduled time must be in the future"), {},
                                     instantText(input.scheduledAt)});
        else if (input.scheduledAt > now.addDays(CallLimits::MaxScheduleDays))
            errors.append(FieldError{u"scheduled_at"_s, u"value_error"_s,
                                     QT_TRANSLATE_NOOP("vami", "A call may be scheduled at most %1 days ahead"),
                                     {QString::number(CallLimits::MaxScheduleDays)}, instantText(input.scheduledAt)});
    }
    std::optional<QJsonObject> metadata = input.metadata;
    if (!input.timezone.isNull()) {
        // QTimeZone calls "" and "posixrules" valid: ask for a known id instead.
        const QByteArray zone = input.timezone.toUtf8();
        if (input.timezone.size() > CallLimits::MaxTimezoneLength || !QTimeZone::isTimeZoneIdAvailable(zone))
            errors.append(FieldError{u"timezone"_s, u"value_error"_s,
                                     QT_TRANSLATE_NOOP("vami", "Unknown time zone; use an IANA id such "
                                                               "as Europe/Berlin or UTC"),
                                     {}, input.timezone});
        else {
            QJsonObject withZone = metadata.value_or(QJsonObject());
            withZone.insert(u"timezone"_s, input.timezone);
            metadata = withZone;
        }
    }
    if (metadata)
        errors += checkMetadata(*metadata);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));

    // The agent through its own service, acting for the organization with exactly
    // the read it needs (a key limited to make_calls may still name its agent).
    auto agent = m_agents.agent(systemActor(actor.organizationId, {Permission::ViewAgents}, actor.requestId),
                                input.agentId);
    if (!agent)
        return fail(agent.error().kind() == ErrorKind::NotFound ? CallErrors::agentNotFound() : agent.error());
    if (agent->status != AgentStatus::Active)
        return fail(CallErrors::agentInactive());

    Call c;
    c.id = newId();
    c.organizationId = actor.organizationId;
    c.agentId = agent->id;
    c.agentName = agent->name;
    c.createdBy = actor.isSystem() ? QUuid() : actor.userId;
    c.direction = CallDirection::Outbound;
    c.phoneNumber = *phone;
    c.status = CallStatus::Pending;
    c.metadata = metadata;
    c.scheduledAt = input.scheduledAt;
    c.createdAt = now;
    c.updatedAt = now;
    auto created = m_db.transaction([&]() -> Result<Call> {
        if (Status saved = m_calls.insert(c); !saved)
            return fail(saved.error());
        CallEvent first{newId(), c.id, 0, std::nullopt, CallStatus::Pending, std::nullopt, now,
                        c.scheduledAt.isValid() ? u"Scheduled for %1"_s.arg(instantText(c.scheduledAt))
                                                : u"Call requested"_s};
        if (Status recorded = m_calls.appendEvent(c.organizationId, first); !recorded)
            return fail(recorded.error());
        if (!c.scheduledAt.isValid())
            return place(c);
        EnqueueOptions options;
        options.organizationId = c.organizationId;
        options.runAt = c.scheduledAt;
        options.dedupKey = idText(c.id);
        if (auto job = m_jobs.enqueue(dialCallJob(), DialCall{c.id, c.organizationId}, options); !job)
            return fail(job.error());
        return c;
    });
    if (!created)
        return fail(created.error());
    return detail(*created);
}

Result<CallDetail> CallService::schedule(const Actor &actor, CreateCallInput input)
{
    if (Status allowed = authorize(actor, Permission::MakeCalls); !allowed)
        return fail(allowed.error());
    if (!input.scheduledAt.isValid())
        return fail(Error::validation(u"scheduled_at"_s, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required")));
    if (input.timezone.isNull())
        input.timezone = u"UTC"_s;
    return createOutbound(actor, input);
}

Result<Call> CallService::place(const Call &pending)
{
    // Nothing can dial: record the outcome instead of pretending to.
    Change change;
    change.to = CallStatus::Failed;
    change.reason = EndedReason::TelephonyProviderUnavailable;
    change.errorMessage = QString::fromUtf8(CallErrors::noProviderMessage());
    change.detail = change.errorMessage;
    return apply(pending, change);
}

Status CallService::dialScheduled(const QUuid &organizationId, const QUuid &callId)
{
    return m_db.transaction([&]() -> Status {
        auto found = m_calls.find(organizationId, callId);
        if (!found)
            return fail(found.error());
        // Removed, cancelled, or already placed (a retried claim): nothing to do.
        if (!found->has_value() || (*found)->status != CallStatus::Pending)
            return {};
        auto moved = place(**found);
        if (!moved && moved.error().kind() == ErrorKind::Conflict)
            return {}; // cancelled while it was being placed
        if (!moved)
            return fail(moved.error());
        return {};
    });
}

Result<CallDetail> CallService::cancel(const Actor &actor, const QUuid &callId)
{
    if (Status allowed = authorize(actor, Permission::MakeCalls); !allowed)
        return fail(allowed.error());
    auto cancelled = m_db.transaction([&]() -> Result<Call> {
        auto found = m_calls.find(actor.organizationId, callId);
        if (!found)
            return fail(found.error());
        if (!found->has_value())
            return fail(CallErrors::callNotFound());
        const Call &c = **found;
        if (c.status != CallStatus::Pending)
            return fail(CallErrors::cannotCancel());
        Change change;
        change.to = CallStatus::Cancelled;
        change.reason = EndedReason::ScheduledCallCancelled;
        change.detail = u"Cancelled by a member of the organization"_s;
        auto moved = apply(c, change);
        // Its dial placed it first: it is no longer pending.
        if (!moved && moved.error().kind() == ErrorKind::Conflict)
            return fail(CallErrors::cannotCancel());
        if (!moved)
            return fail(moved.error());
        // A running dial sees the request, and the call no longer pending, and does nothing.
        if (auto job = m_jobs.cancelByKey(dialCallJob().name(), idText(c.id)); !job)
            return fail(job.error());
        return moved;
    });
    if (!cancelled)
        return fail(cancelled.error());
    return detail(*cancelled);
}

Result<int> CallService::sweepStaleCalls()
{
    const QDateTime now = m_clock.now();
    auto stale = m_calls.staleCalls(now.addSecs(-m_policy.staleRingingSeconds),
                                    now.addSecs(-m_policy.staleInProgressSeconds), m_policy.sweepBatch);
    if (!stale)
        return fail(stale.error());
    int ended = 0;
    for (const CallRef &ref : std::as_const(*stale)) {
        auto moved = transition(ref.organizationId, ref.callId, CallStatus::Failed, EndedReason::StaleCallTimeout,
                                QString::fromUtf8(CallErrors::staleMessage()));
        if (moved) {
            ++ended;
            continue;
        }
        // Another move (the provider's report, an end) came first: nothing is stale any more.
        if (moved.error().kind() == ErrorKind::Conflict || moved.error().kind() == ErrorKind::Rejected
            || moved.error().kind() == ErrorKind::NotFound)
            continue;
        return fail(moved.error());
    }
    return ended;
}

Result<CallDetail> CallService::end(const Actor &actor, const QUuid &callId, const EndCallInput &input)
{
    if (Status allowed = authorize(actor, Permission::MakeCalls); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    if (input.summary)
        errors += checkText(*input.summary, u"summary"_s, CallLimits::MaxSummaryLength);
    if (input.metadata)
        errors += checkMetadata(*input.metadata);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    auto ended = m_db.transaction([&]() -> Result<Call> {
        auto found = m_calls.find(actor.organizationId, callId);
        if (!found)
            return fail(found.error());
        if (!found->has_value())
            return fail(CallErrors::callNotFound());
        const Call &c = **found;
        if (c.status != CallStatus::Ringing && c.status != CallStatus::InProgress)
            return fail(CallErrors::cannotEnd());
        Change change;
        change.to = CallStatus::Completed;
        change.reason = EndedReason::AgentHangup;
        change.detail = u"Ended by a member of the organization"_s;
        change.summary = input.summary;
        change.mergeMetadata = input.metadata;
        auto moved = apply(c, change);
        // Another move ended it first: it is no longer in a status that can be ended.
        if (!moved && moved.error().kind() == ErrorKind::Conflict)
            return fail(CallErrors::cannotEnd());
        return moved;
    });
    if (!ended)
        return fail(ended.error());
    return detail(*ended);
}

Result<CallDetail> CallService::transition(const QUuid &organizationId, const QUuid &callId, CallStatus to,
                                           std::optional<EndedReason> reason, const QString &note)
{
    auto moved = m_db.transaction([&]() -> Result<Call> {
        auto found = m_calls.find(organizationId, callId);
        if (!found)
            return fail(found.error());
        if (!found->has_value())
            return fail(CallErrors::callNotFound());
        Change change;
        change.to = to;
        change.reason = reason;
        change.detail = note;
        if (to == CallStatus::Failed)
            change.errorMessage = note;
        return apply(**found, change);
    });
    if (!moved)
        return fail(orNotFound(moved.error()));
    return detail(*moved);
}

Result<Call> CallService::apply(const Call &call, const Change &change)
{
    if (Status legal = CallStateMachine::check(call.status, change.to, change.reason); !legal)
        return fail(legal.error());
    const QDateTime now = m_clock.now();
    Call next = call;
    next.status = change.to;
    next.updatedAt = now;
    if ((change.to == CallStatus::Ringing || change.to == CallStatus::InProgress) && !next.startedAt.isValid())
        next.startedAt = now;
    if (change.to == CallStatus::InProgress)
        next.answeredAt = now;
    if (CallStateMachine::isTerminal(change.to)) {
        next.endedReason = change.reason;
        next.endedAt = now;
        if (next.startedAt.isValid())
            next.durationSecs = std::max<qint64>(0, next.startedAt.secsTo(now));
    }
    if (!change.errorMessage.isNull())
        next.errorMessage = change.errorMessage;
    if (change.summary)
        next.summary = *change.summary;
    if (change.mergeMetadata) {
        QJsonObject merged = next.metadata.value_or(QJsonObject());
        for (auto it = change.mergeMetadata->constBegin(); it != change.mergeMetadata->constEnd(); ++it)
            merged.insert(it.key(), it.value());
        if (const QList<FieldError> tooBig = checkMetadata(merged); !tooBig.isEmpty())
            return fail(Error::validation(tooBig));
        next.metadata = merged;
    }
    auto written = m_calls.updateIfStatus(next, call.status);
    if (!written)
        return fail(written.error());
    if (!*written)
        return fail(CallErrors::changedMeanwhile());
    CallEvent event{newId(), call.id, 0, call.status, change.to, change.reason, now, change.detail};
    if (Status recorded = m_calls.appendEvent(call.organizationId, event); !recorded)
        return fail(recorded.error());
    return next;
}

} // namespace vami
