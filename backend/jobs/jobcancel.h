#pragma once

namespace vami {

// The answer to a cancel request.
enum class JobCancel {
    Cancelled, // it was pending and will not run
    Requested, // it is running; its handler sees the request at the next lease renewal
    Inactive, // no unfinished job matched (finished already, or never existed)
};

} // namespace vami
