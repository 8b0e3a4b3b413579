#pragma once

#include "error.h"

#include <expected>

namespace vami {

// Every service call answers with a value or an Error; no exception crosses a
// service, slot or thread boundary.
template<typename T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

} // namespace vami
