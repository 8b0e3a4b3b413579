#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace vami::server {

// The server secret: 32 random bytes kept in a file readable by the server's user
// only (created on first start), never in the repository or the database.
// Returns the secret; refuses a file that holds fewer than 32 bytes.
[[nodiscard]] Result<QByteArray> loadOrCreateSecret(const QString &path);

// A key for one purpose derived from the secret (HMAC-SHA256 with a label), so the
// secret itself signs nothing.
[[nodiscard]] QByteArray deriveKey(const QByteArray &secret, const QByteArray &label);

} // namespace vami::server
