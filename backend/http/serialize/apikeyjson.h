#pragma once

#include "auth/apikey.h"
#include "json/jsonwriter.h"

namespace vami::http {

// APIKey; `secret` (the full key) only in the answer that created it.
void writeApiKey(JsonWriter &w, const ApiKey &key, const QString &secret = {});
void registerApiKeySchemas();

} // namespace vami::http
