#include "sqlerror.h"

#include "core/logging.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace vami {

Error storageError(const QSqlError &error, Dialect dialect, const QString &statement)
{
    const QString native = error.nativeErrorCode();
    const QString diagnostic = u"%1 [%2] in: %3"_s.arg(error.text(), native, statement.left(200));
    if (dialect == Dialect::Sqlite) {
        const int code = native.toInt();
        const int primary = code & 0xff;
        if (code == 2067 || code == 1555) // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            return Error::conflict(u"storage.unique_violation"_s,
                                   QT_TRANSLATE_NOOP("vami", "The entry already exists."));
        if (primary == 19) // SQLITE_CONSTRAINT (foreign key, check, not null)
            return Error::conflict(u"storage.constraint"_s,
                                   QT_TRANSLATE_NOOP("vami", "The change conflicts with other data."));
        if (primary == 5 || primary == 6) { // SQLITE_BUSY, SQLITE_LOCKED
            qCWarning(lcStorage).noquote() << diagnostic;
            return Error::unavailable(u"storage.busy"_s,
                                      QT_TRANSLATE_NOOP("vami", "The database is busy. Try again."), 1);
        }
        if (primary == 14 || primary == 10 || primary == 13 || primary == 26 || primary == 11) {
            // CANTOPEN, IOERR, FULL, NOTADB, CORRUPT
            qCCritical(lcStorage).noquote() << diagnostic;
            return Error::unavailable(u"storage.unavailable"_s,
                                      QT_TRANSLATE_NOOP("vami", "The database file cannot be used."), 5);
        }
    } else {
        if (native == u"23505"_s)
            return Error::conflict(u"storage.unique_violation"_s,
                                   QT_TRANSLATE_NOOP("vami", "The entry already exists."));
        if (native.startsWith(u"23"_s))
            return Error::conflict(u"storage.constraint"_s,
                                   QT_TRANSLATE_NOOP("vami", "The change conflicts with other data."));
        if (native == u"40001"_s || native == u"40P01"_s)
            return Error::unavailable(u"storage.retry"_s,
                                      QT_TRANSLATE_NOOP("vami", "The database is busy. Try again."), 1);
        if (native.startsWith(u"08"_s) || native.startsWith(u"57P"_s) || error.type() == QSqlError::ConnectionError
            || (native.isEmpty() && error.type() != QSqlError::NoError)) {
            qCWarning(lcStorage).noquote() << diagnostic;
            return Error::unavailable(u"storage.unavailable"_s,
                                      QT_TRANSLATE_NOOP("vami", "The database cannot be reached."), 5);
        }
    }
    qCCritical(lcStorage).noquote() << diagnostic;
    return Error::internal(diagnostic);
}

} // namespace vami
