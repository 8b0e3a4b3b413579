#pragma once

#include "calls/call.h"
#include "json/jsonwriter.h"

namespace vami::http {

// The contract's Call, with ended_reason, answered_at, updated_at and
// organization_id added (a superset).
void writeCall(JsonWriter &w, const Call &call);
// The contract's CallDetail (Call and its analysis fields) with the timeline added.
void writeCallDetail(JsonWriter &w, const CallDetail &detail);

// Registers Call, CallEvent, CallDetail, CallPage and CallEnded.
void registerCallSchemas();

} // namespace vami::http
