#pragma once

namespace vami {

// The team area's bounds, used alike by the service (which enforces them) and the
// route declarations (which publish them).
struct TeamLimits
{
    static constexpr int MaxPage = 1'000'000;
    static constexpr int DefaultPerPage = 20;
    static constexpr int MaxPerPage = 100;
    static constexpr int MaxSearchLength = 200;
};

} // namespace vami
