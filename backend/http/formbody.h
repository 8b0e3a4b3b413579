#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace vami::http {

// An application/x-www-form-urlencoded body as an object of strings ('+' is a space,
// %XX decoded, UTF-8 required). A repeated field, a malformed escape, text that is
// not UTF-8 or more than 256 fields is a validation error.
[[nodiscard]] Result<QJsonObject> parseFormFields(const QByteArray &body);

} // namespace vami::http
