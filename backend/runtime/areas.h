#pragma once

#include "area.h"

#include <memory>
#include <vector>

namespace vami {

// Every area of the product, in the order they are built (an area comes after the
// areas whose services it uses). A new area is added here with one line.
[[nodiscard]] std::vector<std::unique_ptr<Area>> productAreas();

} // namespace vami
