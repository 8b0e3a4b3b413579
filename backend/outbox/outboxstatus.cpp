#include "outboxstatus.h"

using namespace Qt::StringLiterals;

namespace vami {

QString outboxStatusName(OutboxStatus status)
{
    switch (status) {
    case OutboxStatus::Pending:
        return u"pending"_s;
    case OutboxStatus::Sent:
        return u"sent"_s;
    case OutboxStatus::Failed:
        return u"failed"_s;
    case OutboxStatus::Cancelled:
        return u"cancelled"_s;
    }
    return u"pending"_s;
}

std::optional<OutboxStatus> parseOutboxStatus(QStringView text)
{
    for (OutboxStatus s : {OutboxStatus::Pending, OutboxStatus::Sent, OutboxStatus::Failed, OutboxStatus::Cancelled}) {
        if (text == outboxStatusName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace vami
