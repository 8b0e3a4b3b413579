#pragma once

#include <QString>
#include <QStringList>

namespace vami {

// Splits a migration script into statements at ';' outside quotes, quoted
// identifiers, dollar-quoted bodies ($$ ... $$, $tag$ ... $tag$), SQLite trigger
// bodies (BEGIN ... END) and comments.
// Comments are dropped; empty statements are skipped.
[[nodiscard]] QStringList splitSqlScript(const QString &script);

} // namespace vami
