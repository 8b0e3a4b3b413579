#pragma once

namespace vami {

// The agents area's bounds, used alike by the service (which enforces them) and the
// route declarations (which publish them).
struct AgentLimits
{
    static constexpr int MaxPage = 1'000'000;
    static constexpr int DefaultPerPage = 20;
    static constexpr int MaxPerPage = 100;
    static constexpr int MaxNameLength = 100;
    static constexpr int MaxPromptLength = 20'000;
    static constexpr int MaxFirstMessageLength = 1'000;
    static constexpr int MaxVoiceIdLength = 64;
    static constexpr int MaxLanguageLength = 16;
    static constexpr int MaxBusinessNameLength = 200;
    static constexpr int MaxPhoneNumberLength = 32;
    // Longest X-Agent-Token looked up ("vami_agent_" and 43 characters are 54).
    static constexpr int MaxTokenLength = 128;
};

} // namespace vami
