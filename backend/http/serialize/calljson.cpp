#include "calljson.h"

#include "json/schema.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

template<NamedEnum E> void writeOptional(JsonWriter &w, const std::optional<E> &value)
{
    if (value)
        w.value(*value);
    else
        w.null();
}

void writeCallFields(JsonWriter &w, const Call &c)
{
    w.field("id", c.id);
    w.key("user_id");
    if (c.createdBy.isNull())
        w.null();
    else
        w.value(c.createdBy);
    w.field("organization_id", c.organizationId);
    w.field("agent_id", c.agentId);
    w.optionalField("agent_name", c.agentName);
    w.field("phone_number", c.phoneNumber);
    w.field("status", c.status);
    w.key("ended_reason");
    writeOptional(w, c.endedReason);
    w.field("direction", c.direction);
    w.key("duration_secs");
    if (c.durationSecs)
        w.value(*c.durationSecs);
    else
        w.null();
    // No recordings or transcripts exist before a provider runs the calls.
    w.key("recording_url").null();
    w.key("transcript").null();
    w.optionalField("summary", c.summary);
    w.key("sentiment");
    writeOptional(w, c.sentiment);
    w.key("call_successful");
    if (c.callSuccessful)
        w.value(*c.callSuccessful);
    else
        w.null();
    w.optionalField("error_message", c.errorMessage);
    w.key("metadata");
    if (c.metadata)
        w.value(QJsonValue(*c.metadata));
    else
        w.null();
    w.field("created_at", c.createdAt);
    w.field("updated_at", c.updatedAt);
    w.field("scheduled_at", c.scheduledAt);
    w.field("started_at", c.startedAt);
    w.field("answered_at", c.answeredAt);
    w.field("ended_at", c.endedAt);
    w.optionalField("external_call_id", c.externalCallId);
    w.optionalField("conversation_id", c.conversationId);
}

} // namespace

void writeCall(JsonWriter &w, const Call &call)
{
    w.beginObject();
    writeCallFields(w, call);
    w.endObject();
}

void writeCallDetail(JsonWriter &w, const CallDetail &detail)
{
    w.beginObject();
    writeCallFields(w, detail.call);
    // The analysis fields of the contract's CallDetail: nothing analyses calls yet.
    w.key("conversation_turns").null();
    w.key("sentiment_analysis").null();
    w.key("extracted_data").null();
    w.key("follow_up_required").null();
    w.key("timeline").beginArray();
    for (const CallEvent &e : detail.timeline) {
        w.beginObject();
        w.field("seq", e.seq);
        w.key("from_status");
        writeOptional(w, e.fromStatus);
        w.field("to_status", e.toStatus);
        w.key("ended_reason");
        writeOptional(w, e.endedReason);
        w.field("at", e.at);
        w.optionalField("detail", e.detail);
        w.endObject();
    }
    w.endArray();
    w.endObject();
}

void registerCallSchemas()
{
    const Schema id = Schema::string().format(u"uuid"_s);
    const Schema instant = Schema::string().format(u"date-time"_s);
    const Schema text = Schema::string();
    const Schema status = Schema::string().oneOf(enumNames<CallStatus>());
    const Schema reason = Schema::string().oneOf(enumNames<EndedReason>());
    const Schema object = Schema::object().allowAdditional();

    Schema call = Schema::object()
                      .property(u"id"_s, id, Schema::Required)
                      .property(u"user_id"_s, id.nullable().describe(u"Who asked for the call."_s), Schema::Required)
                      .property(u"organization_id"_s, id, Schema::Required)
                      .property(u"agent_id"_s, id, Schema::Required)
                      .property(u"agent_name"_s, text.nullable(), Schema::Required)
                      .property(u"phone_number"_s, text.describe(u"E.164"_s), Schema::Required)
                      .property(u"status"_s, status, Schema::Required)
                      .property(u"ended_reason"_s,
                                reason.nullable().describe(u"Why the call ended; set in a terminal status."_s),
                                Schema::Required)
                      .property(u"direction"_s, Schema::string().oneOf(enumNames<CallDirection>()), Schema::Required)
                      .property(u"duration_secs"_s, Schema::integer().nullable(), Schema::Required)
                      .property(u"recording_url"_s, text.nullable(), Schema::Required)
                      .property(u"transcript"_s, text.nullable(), Schema::Required)
                      .property(u"summary"_s, text.nullable(), Schema::Required)
                      .property(u"sentiment"_s, Schema::string().oneOf(enumNames<CallSentiment>()).nullable(),
                                Schema::Required)
                      .property(u"call_successful"_s, Schema::boolean().nullable(), Schema::Required)
                      .property(u"error_message"_s, text.nullable(), Schema::Required)
                      .property(u"metadata"_s, object.nullable(), Schema::Required)
                      .property(u"created_at"_s, instant, Schema::Required)
                      .property(u"updated_at"_s, instant, Schema::Required)
                      .property(u"scheduled_at"_s, instant.nullable(), Schema::Required)
                      .property(u"started_at"_s, instant.nullable(), Schema::Required)
                      .property(u"answered_at"_s, instant.nullable(), Schema::Required)
                      .property(u"ended_at"_s, instant.nullable(), Schema::Required)
                      .property(u"external_call_id"_s, text.nullable(), Schema::Required)
                      .property(u"conversation_id"_s, text.nullable(), Schema::Required);
    SchemaRegistry::add(u"Call"_s, call.describe(u"A call of the organization."_s));
    SchemaRegistry::add(u"CallEvent"_s,
                        Schema::object()
                            .describe(u"One step of a call's timeline: the status it entered, and when."_s)
                            .property(u"seq"_s, Schema::integer(), Schema::Required)
                            .property(u"from_status"_s, status.nullable(), Schema::Required)
                            .property(u"to_status"_s, status, Schema::Required)
                            .property(u"ended_reason"_s, reason.nullable(), Schema::Required)
                            .property(u"at"_s, instant, Schema::Required)
                            .property(u"detail"_s, text.nullable(), Schema::Required));
    SchemaRegistry::add(
        u"CallDetail"_s,
        call.describe(u"A call with its analysis and its timeline (oldest first)."_s)
            .property(u"conversation_turns"_s, Schema::array(object).nullable(), Schema::Required)
            .property(u"sentiment_analysis"_s, object.nullable(), Schema::Required)
            .property(u"extracted_data"_s, object.nullable(), Schema::Required)
            .property(u"follow_up_required"_s, Schema::boolean().nullable(), Schema::Required)
            .property(u"timeline"_s, Schema::array(Schema::ref(u"CallEvent"_s)), Schema::Required));
    SchemaRegistry::add(u"CallPage"_s,
                        Schema::object()
                            .describe(u"One page of calls, newest first."_s)
                            .property(u"calls"_s, Schema::array(Schema::ref(u"Call"_s)), Schema::Required)
                            .property(u"total"_s, Schema::integer(), Schema::Required)
                            .property(u"page"_s, Schema::integer(), Schema::Required)
                            .property(u"per_page"_s, Schema::integer(), Schema::Required)
                            .property(u"pages"_s, Schema::integer(), Schema::Required));
    SchemaRegistry::add(u"CallEnded"_s,
                        Schema::object()
                            .describe(u"The contract's message, with the ended call."_s)
                            .property(u"message"_s, text, Schema::Required)
                            .property(u"call"_s, Schema::ref(u"CallDetail"_s), Schema::Required));
}

} // namespace vami::http
