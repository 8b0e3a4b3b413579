#include "sqlerror.h"

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QString diagnosticText(QByteArrayView message, QByteArrayView code, const QString &statement)
{
    return u"%1 [%2] in: %3"_s.arg(
        QString::fromUtf8(message).trimmed(), QString::fromLatin1(code), statement.left(200));
}

Error uniqueViolation()
{
    return Error::conflict(u"storage.unique_violation"_s, QT_TRANSLATE_NOOP("vami", "The entry already exists."));
}

Error constraintViolation()
{
    return Error::conflict(u"storage.constraint"_s, QT_TRANSLATE_NOOP("vami", "The change conflicts with other data."));
}

} // namespace

Error sqliteError(int extendedCode, QByteArrayView message, const QString &statement)
{
    const QByteArray code = QByteArray::number(extendedCode);
    const QString diagnostic = diagnosticText(message, code, statement);
    const int primary = extendedCode & 0xff;
    if (extendedCode == 2067 || extendedCode == 1555) // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
        return uniqueViolation().withDiagnostic(diagnostic);
    if (primary == 19) // SQLITE_CONSTRAINT (foreign key, check, not null)
        return constraintViolation().withDiagnostic(diagnostic);
    if (primary == 5 || primary == 6) { // SQLITE_BUSY, SQLITE_LOCKED
        qCWarning(lcStorage).noquote() << diagnostic;
        return Error::unavailable(u"storage.busy"_s, QT_TRANSLATE_NOOP("vami", "The database is busy. Try again."), 1)
            .withDiagnostic(diagnostic);
    }
    if (primary == 14 || primary == 10 || primary == 13 || primary == 26 || primary == 11 || primary == 8) {
        // CANTOPEN, IOERR, FULL, NOTADB, CORRUPT, READONLY
        qCCritical(lcStorage).noquote() << diagnostic;
        return Error::unavailable(
            u"storage.unavailable"_s, QT_TRANSLATE_NOOP("vami", "The database file cannot be used."), 5)
            .withDiagnostic(diagnostic);
    }
    qCCritical(lcStorage).noquote() << diagnostic;
    return Error::internal(diagnostic);
}

Error postgresError(QByteArrayView sqlState, QByteArrayView message, bool connectionLost, const QString &statement)
{
    const QString diagnostic = diagnosticText(message, sqlState, statement);
    if (sqlState == "23505")
        return uniqueViolation().withDiagnostic(diagnostic);
    if (sqlState.startsWith("23"))
        return constraintViolation().withDiagnostic(diagnostic);
    if (sqlState == "40001" || sqlState == "40P01")
        return Error::unavailable(u"storage.retry"_s, QT_TRANSLATE_NOOP("vami", "The database is busy. Try again."), 1)
            .withDiagnostic(diagnostic);
    if (connectionLost || sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("53")
        || sqlState.isEmpty()) {
        qCWarning(lcStorage).noquote() << diagnostic;
        return Error::unavailable(
            u"storage.unavailable"_s, QT_TRANSLATE_NOOP("vami", "The database cannot be reached."), 5)
            .withDiagnostic(diagnostic);
    }
    qCCritical(lcStorage).noquote() << diagnostic;
    return Error::internal(diagnostic);
}

} // namespace vami
