#pragma once

#include "jobs/payloadcodec.h"

#include <QJsonObject>
#include <QString>

namespace vami {

// What an e-mail outbox item carries besides its recipient: the display name and
// the data its purpose's renderer needs.
struct EmailPayload
{
    QString toName;
    QJsonObject data;

    static constexpr auto payloadFields()
    {
        return std::tuple {payloadField("to_name", &EmailPayload::toName), payloadField("data", &EmailPayload::data)};
    }
};

} // namespace vami
