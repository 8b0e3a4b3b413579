#pragma once

#include "httpresponse.h"
#include "route.h"

#include <QString>

namespace vami::http {

// Compares an answer with what its route declares: a success status the route does
// not list, or a JSON body that does not validate against the schema declared for
// its status, is a problem (described in English; empty when the answer conforms).
// Error answers (4xx, 5xx) have the common error shapes and are not checked here.
struct ResponseCheck
{
    [[nodiscard]] static QString problem(const Route &route, const HttpResponse &response);
};

} // namespace vami::http
