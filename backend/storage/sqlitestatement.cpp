#include "sqlitestatement.h"

#include "sqlparam.h"

#include <sqlite3.h>

namespace vami {

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, QString sql)
    : m_db(db)
    , m_statement(statement)
    , m_sql(std::move(sql))
    , m_readOnly(sqlite3_stmt_readonly(statement) != 0)
{ }

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

SqliteStatement *SqliteStatement::prepare(sqlite3 *db, const QString &sql)
{
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt *statement = nullptr;
    const char *tail = nullptr;
    const int rc
        = sqlite3_prepare_v3(db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (rc != SQLITE_OK || !statement) {
        sqlite3_finalize(statement);
        return nullptr;
    }
    return new SqliteStatement(db, statement, sql);
}

int SqliteStatement::bind(const QVariantList &values)
{
    m_bound.clear();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const int index = int(i + 1);
        SqlParam p = SqlParam::from(values.at(i));
        int rc = SQLITE_OK;
        switch (p.kind) {
        case SqlParam::Kind::Null:
            rc = sqlite3_bind_null(m_statement, index);
            break;
        case SqlParam::Kind::Integer:
            rc = sqlite3_bind_int64(m_statement, index, p.integer);
            break;
        case SqlParam::Kind::Real:
            rc = sqlite3_bind_double(m_statement, index, p.real);
            break;
        case SqlParam::Kind::Text:
        case SqlParam::Kind::Blob:
            // The bytes stay in m_bound until reset(), so SQLite need not copy them.
            m_bound.append(std::move(p.bytes));
            if (p.kind == SqlParam::Kind::Text)
                rc = sqlite3_bind_text64(m_statement, index, m_bound.last().constData(),
                    sqlite3_uint64(m_bound.last().size()), SQLITE_STATIC, SQLITE_UTF8);
            else
                rc = sqlite3_bind_blob64(m_statement, index, m_bound.last().constData(),
                    sqlite3_uint64(m_bound.last().size()), SQLITE_STATIC);
            break;
        }
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_bound.clear();
}

} // namespace vami
