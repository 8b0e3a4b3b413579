#pragma once

namespace vami {

// The calls area's bounds, used alike by the service (which enforces them) and the
// route declarations (which publish them). How long live calls may last before the
// sweeper ends them is a setting: CallPolicy (callpolicy.h).
struct CallLimits
{
    static constexpr int MaxPage = 1'000'000;
    static constexpr int DefaultPerPage = 20;
    static constexpr int MaxPerPage = 100;
    // A phone number as typed (spaces and hyphens included).
    static constexpr int MaxPhoneInputLength = 32;
    // The digit search of the list.
    static constexpr int MaxPhoneSearchLength = 15;
    static constexpr int MaxSummaryLength = 10'000;
    // metadata: its compact JSON at most this many bytes, objects and arrays nested
    // at most this deep (the metadata object itself is level 1).
    static constexpr int MaxMetadataBytes = 16 * 1024;
    static constexpr int MaxMetadataDepth = 5;
    // How far ahead a call may be scheduled.
    static constexpr int MaxScheduleDays = 365;
    // A time zone id of POST /api/calls/schedule (IANA ids are at most ~32).
    static constexpr int MaxTimezoneLength = 64;
    // The body of POST /api/calls and /end: metadata plus the other fields.
    static constexpr int MaxBodyBytes = 64 * 1024;
};

} // namespace vami
