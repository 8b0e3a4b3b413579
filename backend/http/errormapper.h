#pragma once

#include "httpresponse.h"

#include "core/error.h"

#include <QByteArray>
#include <QStringView>

namespace vami::http {

// The one place an Error becomes an HTTP response:
//   Validation 422 (list of {type, loc, msg, input} as the original API sent them),
//   Rejected 400, Unauthorized 401 (+ WWW-Authenticate), Forbidden 403, NotFound 404,
//   Conflict 409, RateLimited and QuotaExceeded 429 (+ Retry-After when known),
//   Unavailable 503 (+ Retry-After), Internal 500 (details logged, never sent).
// Other bodies are {"detail": <English message>, "error_code": <code>,
// "request_id": <id>}. `location` is the first element of each validation error's
// "loc" ("body", "query" or "path").
[[nodiscard]] HttpResponse errorResponse(const Error &error, QByteArrayView requestId,
                                         QStringView location = u"body");

} // namespace vami::http
