#pragma once

#include "core/enumnames.h"

namespace vami {

// Where an outbox item stands (outbox.status).
enum class OutboxStatus { Pending, Sent, Failed, Cancelled };

template<>
struct EnumNames<OutboxStatus>
{
    static constexpr std::array<std::pair<OutboxStatus, std::string_view>, 4> names{
        {{OutboxStatus::Pending, "pending"},
         {OutboxStatus::Sent, "sent"},
         {OutboxStatus::Failed, "failed"},
         {OutboxStatus::Cancelled, "cancelled"}}};
};

} // namespace vami
