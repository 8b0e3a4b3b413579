#pragma once

#include "outboxmail.h"

#include "core/result.h"

#include <optional>

namespace vami {

class Database;

// All SQL of the email_outbox table.
class OutboxRepository
{
public:
    explicit OutboxRepository(Database &database);

    Status insert(const OutboxMail &mail);
    Result<std::optional<OutboxMail>> find(const QUuid &id);
    Status markSent(const QUuid &id, const QString &subject, const QDateTime &at);
    Status recordFailure(const QUuid &id, const QString &error, bool final, const QDateTime &at);
    Status markCancelled(const QUuid &id, const QDateTime &at);
    // Cancels pending mail about `relatedId` (e.g. a revoked invitation).
    Result<int> cancelPendingFor(const QString &purpose, const QUuid &relatedId, const QDateTime &at);
    // Mail of an organization, newest first (for the owner's review).
    Result<QList<OutboxMail>> listForOrganization(const QUuid &organizationId, int limit);

private:
    Database &m_db;
};

} // namespace vami
