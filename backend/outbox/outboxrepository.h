#pragma once

#include "outboxitem.h"

#include "core/result.h"

#include <QList>

#include <optional>
#include <utility>

namespace vami {

class Database;

// All SQL of the outbox table.
class OutboxRepository
{
public:
    explicit OutboxRepository(Database &database);

    Status insert(const OutboxItem &item);
    Result<std::optional<OutboxItem>> find(const QUuid &id);
    // Each of these changes a pending item only; false when it was not pending.
    Result<bool> markSent(const QUuid &id, const QString &summary, const QDateTime &at);
    Result<bool> recordAttempt(const QUuid &id, const QString &error, const QDateTime &at);
    Result<bool> markFailed(const QUuid &id, const QString &error, const QDateTime &at);
    Result<bool> markCancelled(const QUuid &id, const QDateTime &at);
    // Cancels the pending items about `relatedId` (e.g. a revoked invitation);
    // returns their ids and channels.
    Result<QList<std::pair<QUuid, QString>>> cancelPendingFor(
        const QString &purpose, const QUuid &relatedId, const QDateTime &at);
    // Items of an organization, newest first (for the owner's review).
    Result<QList<OutboxItem>> listForOrganization(const QUuid &organizationId, int limit);

private:
    Result<bool> changePending(const QString &assignments, const QVariantList &values, const QUuid &id);

    Database &m_db;
};

} // namespace vami
