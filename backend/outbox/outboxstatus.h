#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// Where an outbox item stands; the names are those of the outbox.status column.
enum class OutboxStatus { Pending, Sent, Failed, Cancelled };

[[nodiscard]] QString outboxStatusName(OutboxStatus status);
[[nodiscard]] std::optional<OutboxStatus> parseOutboxStatus(QStringView text);

} // namespace vami
