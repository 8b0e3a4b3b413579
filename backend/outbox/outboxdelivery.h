#pragma once

#include "jobs/payloadcodec.h"

#include <QUuid>

namespace vami {

// The payload of an outbox delivery job: which item to deliver.
struct OutboxDelivery
{
    QUuid outboxId;

    static constexpr auto payloadFields() { return std::tuple {payloadField("outbox_id", &OutboxDelivery::outboxId)}; }
};

} // namespace vami
