#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/calljson.h"

#include "calls/callerrors.h"
#include "calls/calllimits.h"
#include "calls/callservice.h"
#include "core/instant.h"
#include "runtime/backend.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

std::optional<QJsonObject> bodyObject(const Exchange &ex, const QString &name)
{
    const QJsonValue v = ex.body().value(name);
    return v.isObject() ? std::optional<QJsonObject>(v.toObject()) : std::nullopt;
}

QString bodyText(const Exchange &ex, const QString &name)
{
    const QJsonValue v = ex.body().value(name);
    return v.isString() ? v.toString() : QString();
}

HttpResponse detailAnswer(Exchange &ex, const Result<CallDetail> &detail)
{
    if (!detail)
        return ex.fail(detail.error());
    JsonWriter w = ex.writer();
    writeCallDetail(w, *detail);
    return ex.json(200, w.take());
}

HttpResponse listCalls(Exchange &ex)
{
    CallQuery query;
    query.page = ex.hasQuery(u"page"_s) ? ex.queryText(u"page"_s).toInt() : 1;
    query.perPage = ex.hasQuery(u"per_page"_s) ? ex.queryText(u"per_page"_s).toInt() : CallLimits::DefaultPerPage;
    if (ex.hasQuery(u"status"_s))
        query.status = parseEnum<CallStatus>(QStringView(ex.queryText(u"status"_s)));
    if (ex.hasQuery(u"direction"_s))
        query.direction = parseEnum<CallDirection>(QStringView(ex.queryText(u"direction"_s)));
    if (ex.hasQuery(u"sentiment"_s))
        query.sentiment = parseEnum<CallSentiment>(QStringView(ex.queryText(u"sentiment"_s)));
    if (ex.hasQuery(u"agent_id"_s))
        query.agentId = QUuid::fromString(ex.queryText(u"agent_id"_s));
    QList<FieldError> errors;
    for (const QString &name : {u"date_from"_s, u"date_to"_s}) {
        if (!ex.hasQuery(name))
            continue;
        const QString text = ex.queryText(name);
        const std::optional<QDate> day = CallService::parseDay(text);
        if (!day)
            errors.append(FieldError{name, u"date_from_datetime_parsing"_s,
                                     QT_TRANSLATE_NOOP("vami", "Input should be a valid date in the format YYYY-MM-DD"),
                                     {}, text});
        else if (name == u"date_from"_s)
            query.dateFrom = day;
        else
            query.dateTo = day;
    }
    if (!errors.isEmpty())
        return ex.fail(Error::validation(errors), u"query");
    if (ex.hasQuery(u"search"_s)) {
        // Formatting people type around the digits is dropped; anything else is refused.
        QString digits = ex.queryText(u"search"_s);
        digits.remove(u' ').remove(u'+').remove(u'-').remove(u'(').remove(u')').remove(u'.');
        query.phoneDigits = digits;
    }
    auto page = ex.backend().service<CallService>().list(ex.actor(), query);
    if (!page)
        return ex.fail(page.error(), u"query");
    JsonWriter w = ex.writer();
    w.beginObject().key("calls").beginArray();
    for (const Call &c : page->calls)
        writeCall(w, c);
    w.endArray();
    const qint64 pages = page->perPage > 0 ? (page->total + page->perPage - 1) / page->perPage : 0;
    w.field("total", page->total).field("page", page->page).field("per_page", page->perPage).field("pages", pages);
    w.endObject();
    HttpResponse response = ex.json(200, w.take());
    response.addHeader("X-Total-Count", QByteArray::number(page->total));
    return response;
}

// The body of POST /api/calls and /api/calls/schedule; nullopt (and `error` set)
// for a scheduled_at that is no instant.
std::optional<CreateCallInput> callInput(const Exchange &ex, Error *error)
{
    CreateCallInput input;
    input.phoneNumber = bodyText(ex, u"phone_number"_s);
    // An id that is not one names no agent: the same 404 as another organization's.
    input.agentId = QUuid::fromString(bodyText(ex, u"agent_id"_s));
    const QString scheduled = bodyText(ex, u"scheduled_at"_s);
    if (!scheduled.isNull()) {
        const std::optional<QDateTime> at = parseInstant(scheduled);
        if (!at) {
            *error = Error::validation(u"scheduled_at"_s, u"datetime_from_date_parsing"_s,
                                       QT_TRANSLATE_NOOP("vami", "Input should be a valid datetime"));
            return std::nullopt;
        }
        input.scheduledAt = *at;
    }
    input.metadata = bodyObject(ex, u"metadata"_s);
    return input;
}

HttpResponse createCall(Exchange &ex)
{
    Error error;
    const std::optional<CreateCallInput> input = callInput(ex, &error);
    if (!input)
        return ex.fail(error);
    return detailAnswer(ex, ex.backend().service<CallService>().createOutbound(ex.actor(), *input));
}

HttpResponse scheduleCall(Exchange &ex)
{
    Error error;
    std::optional<CreateCallInput> input = callInput(ex, &error);
    if (!input)
        return ex.fail(error);
    input->timezone = bodyText(ex, u"timezone"_s); // null: the service's "UTC"
    auto scheduled = ex.backend().service<CallService>().schedule(ex.actor(), *input);
    if (!scheduled)
        return ex.fail(scheduled.error());
    JsonWriter w = ex.writer();
    writeCall(w, scheduled->call);
    return ex.json(200, w.take());
}

HttpResponse cancelCall(Exchange &ex)
{
    return detailAnswer(ex, ex.backend().service<CallService>().cancel(ex.actor(), ex.id(u"call_id"_s)));
}

HttpResponse getCall(Exchange &ex)
{
    return detailAnswer(ex, ex.backend().service<CallService>().call(ex.actor(), ex.id(u"call_id"_s)));
}

HttpResponse endCall(Exchange &ex)
{
    EndCallInput input;
    if (const QString summary = bodyText(ex, u"summary"_s); !summary.isNull())
        input.summary = summary;
    input.metadata = bodyObject(ex, u"metadata"_s);
    auto ended = ex.backend().service<CallService>().end(ex.actor(), ex.id(u"call_id"_s), input);
    if (!ended)
        return ex.fail(ended.error());
    JsonWriter w = ex.writer();
    w.beginObject().field("message", "Call ended successfully").key("call");
    writeCallDetail(w, *ended);
    w.endObject();
    return ex.json(200, w.take());
}

} // namespace

void registerCallRoutes(HttpContext &context)
{
    RouteTable &t = context.routes;
    const QString tag = u"calls"_s;
    const Schema metadata = Schema::object().allowAdditional().nullable().describe(
        u"A JSON object kept with the call: at most %1 bytes, nested at most %2 deep."_s
            .arg(CallLimits::MaxMetadataBytes)
            .arg(CallLimits::MaxMetadataDepth));
    const auto callId = spec::pathId(u"call_id"_s, u"The call's id."_s, CallErrors::callNotFound);

    t.add({
        .method = Method::Get,
        .path = u"/api/calls"_s,
        .name = u"list_calls"_s,
        .tag = tag,
        .summary = u"Calls of the organization"_s,
        .description = u"One page of calls, newest first: {calls, total, page, per_page, pages}. date_from and date_to "
                       "are days (YYYY-MM-DD, UTC), both inclusive; search matches digits of the phone number. "
                       "X-Total-Count carries the total."_s,
        .params = {
            spec::query(u"page"_s, Schema::integer().minimum(1).maximum(CallLimits::MaxPage), u"Page number, from 1."_s),
            spec::query(u"per_page"_s, Schema::integer().minimum(1).maximum(CallLimits::MaxPerPage),
                        u"Calls per page (1-%1, default %2)."_s.arg(CallLimits::MaxPerPage)
                            .arg(CallLimits::DefaultPerPage)),
            spec::query(u"status"_s, Schema::string().oneOf(enumNames<CallStatus>()), u"Only this status."_s),
            spec::query(u"direction"_s, Schema::string().oneOf(enumNames<CallDirection>()),
                        u"Only this direction."_s),
            spec::query(u"sentiment"_s, Schema::string().oneOf(enumNames<CallSentiment>()),
                        u"Only this sentiment."_s),
            spec::query(u"agent_id"_s, Schema::string().format(u"uuid"_s), u"Only this agent's calls."_s),
            spec::query(u"date_from"_s, Schema::string().format(u"date"_s), u"Created on or after this day."_s),
            spec::query(u"date_to"_s, Schema::string().format(u"date"_s), u"Created on or before this day."_s),
            spec::query(u"search"_s, Schema::string().maxLength(64),
                        u"Digits the phone number contains (spaces, +, -, parentheses and dots are ignored)."_s),
        },
        .responses = {spec::ok(Schema::ref(u"CallPage"_s))},
        .handler = listCalls,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/calls"_s,
        .name = u"create_call"_s,
        .tag = tag,
        .summary = u"Place or schedule an outbound call"_s,
        .description = u"Anyone in the organization may call (make_calls). phone_number: spaces and hyphens are "
                       "removed, then ^\\+?1?\\d{9,15}$ must match (parentheses, letters and other characters are "
                       "refused with 422); it is stored in E.164, a 10-digit number as a North American one. agent_id "
                       "names an active agent of the organization (404 otherwise). With scheduled_at (in the future, "
                       "at most %1 days ahead) the call stays pending and is placed at that time by a background job "
                       "(as POST /api/calls/schedule does). Without it the call is recorded and, as no telephony provider is configured, fails at once with "
                       "ended_reason telephony_provider_unavailable. The answer is the final row with its timeline, "
                       "200 as the original answered. Other members are ignored."_s
                           .arg(CallLimits::MaxScheduleDays),
        .maxBodyBytes = CallLimits::MaxBodyBytes,
        .body = Schema::object()
                    .property(u"phone_number"_s, Schema::string().maxLength(CallLimits::MaxPhoneInputLength),
                              Schema::Required)
                    .property(u"agent_id"_s, Schema::string().maxLength(64).describe(u"The agent's id."_s),
                              Schema::Required)
                    .property(u"scheduled_at"_s, Schema::string().format(u"date-time"_s).nullable())
                    .property(u"metadata"_s, metadata)
                    .allowAdditional(),
        .responses = {spec::ok(Schema::ref(u"CallDetail"_s), u"The call as it now stands"_s)},
        .handler = createCall,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/calls/schedule"_s,
        .name = u"schedule_call"_s,
        .tag = tag,
        .summary = u"Schedule an outbound call"_s,
        .description = u"As POST /api/calls with scheduled_at required: the call is stored pending and placed at "
                       "scheduled_at by a background job (once, however often the request is repeated; the instant "
                       "must be in the future and at most %1 days ahead, 422 otherwise). timezone (an IANA id such as "
                       "Europe/Berlin, default UTC; 422 for an unknown one) is the zone the caller scheduled in, kept "
                       "as metadata.timezone. As no telephony provider is configured, the call fails at its time with "
                       "ended_reason telephony_provider_unavailable. DELETE /api/calls/{call_id} cancels it while it "
                       "is pending. The answer is the Call (200); other members are ignored."_s
                           .arg(CallLimits::MaxScheduleDays),
        .maxBodyBytes = CallLimits::MaxBodyBytes,
        .body = Schema::object()
                    .property(u"phone_number"_s, Schema::string().maxLength(CallLimits::MaxPhoneInputLength),
                              Schema::Required)
                    .property(u"agent_id"_s, Schema::string().maxLength(64).describe(u"The agent's id."_s),
                              Schema::Required)
                    .property(u"scheduled_at"_s, Schema::string().format(u"date-time"_s), Schema::Required)
                    .property(u"timezone"_s,
                              Schema::string().maxLength(CallLimits::MaxTimezoneLength).describe(
                                  u"An IANA time zone id; default UTC."_s))
                    .property(u"metadata"_s, metadata)
                    .allowAdditional(),
        .responses = {spec::ok(Schema::ref(u"Call"_s), u"The scheduled call (pending)"_s)},
        .handler = scheduleCall,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/calls/{call_id}"_s,
        .name = u"get_call"_s,
        .tag = tag,
        .summary = u"One call with its timeline"_s,
        .params = {callId},
        .responses = {spec::ok(Schema::ref(u"CallDetail"_s))},
        .handler = getCall,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/calls/{call_id}/end"_s,
        .name = u"end_call"_s,
        .tag = tag,
        .summary = u"End a ringing or running call"_s,
        .description = u"A ringing or in_progress call becomes completed with ended_reason agent_hangup (our side "
                       "hung up), ended_at now and duration_secs since it started; summary replaces the stored one, "
                       "metadata is merged into it member by member. Any other status answers 400 \"Call cannot be "
                       "ended in current status\" and changes nothing. A body is required (send {})."_s,
        .maxBodyBytes = CallLimits::MaxBodyBytes,
        .body = Schema::object()
                    .property(u"summary"_s, Schema::string().maxLength(CallLimits::MaxSummaryLength).nullable())
                    .property(u"metadata"_s, metadata)
                    .allowAdditional(),
        .params = {callId},
        .responses = {spec::ok(Schema::ref(u"CallEnded"_s), u"The call ended"_s)},
        .handler = endCall,
    });

    t.add({
        .method = Method::Delete,
        .path = u"/api/calls/{call_id}"_s,
        .name = u"cancel_call"_s,
        .tag = tag,
        .summary = u"Cancel a scheduled call"_s,
        .description = u"A pending call (scheduled, not yet placed) becomes cancelled with ended_reason "
                       "scheduled_call_cancelled and its background dial is cancelled. Any other status answers 400 "
                       "\"Call cannot be cancelled in current status\" and changes nothing (a ringing or running "
                       "call is ended with POST /api/calls/{call_id}/end)."_s,
        .params = {callId},
        .responses = {spec::ok(Schema::ref(u"CallDetail"_s), u"The call, cancelled"_s)},
        .handler = cancelCall,
    });
}

} // namespace vami::http
