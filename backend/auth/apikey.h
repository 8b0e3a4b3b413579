#pragma once

#include "core/permission.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

// A long-lived credential for programs. The secret ("vami_" + 43 characters) is
// shown once at creation; only its SHA-256 and a preview are stored.
struct ApiKey
{
    QUuid id;
    QUuid organizationId;
    QUuid userId; // the member who created it; the key acts with that member's role
    QString name;
    QString description;
    QString keyPreview;
    // Limits the key to these actions; empty optional = everything the creator's role allows.
    std::optional<QList<Permission>> permissions;
    bool isActive = true;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime lastUsedAt;
};

struct CreatedApiKey
{
    ApiKey key;
    QString secret; // the full key, shown once
};

} // namespace vami
