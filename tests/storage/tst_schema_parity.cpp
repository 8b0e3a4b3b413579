// All migrations applied to a fresh SQLite file and to a fresh PostgreSQL database
// give the same schema: tables, columns (name, nullability, type family),
// primary keys, unique constraints and indexes, other indexes, foreign keys with
// their ON DELETE action, and CHECK-ed enumerations. A difference fails with the
// lines only one dialect has.
//
// Types are compared by family (text, integer, real, boolean, timestamp, uuid,
// json, bytes). SQLite's STRICT tables only know TEXT, INTEGER, REAL and BLOB, so
// a PostgreSQL uuid, timestamptz or jsonb column must be TEXT there and a boolean
// INTEGER; that is what both sides are reduced to before comparing.

#include "testdatabase.h"

#include "core/clock.h"
#include "core/random.h"
#include "agents/agent.h"
#include "calls/call.h"
#include "auth/userstatus.h"
#include "core/role.h"
#include "jobs/jobstatus.h"
#include "outbox/outboxstatus.h"
#include "storage/blobstate.h"
#include "storage/database.h"
#include "team/memberstatus.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

using Rows = QList<QVariantList>;

struct Schema
{
    QStringList lines;
    QString error;
};

// Opens its own connection (the Database under test is closed by then).
class Connection
{
public:
    explicit Connection(const DatabaseConfig &config)
        : m_name(u"schema-parity-"_s + secureToken(6))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            config.kind == DatabaseConfig::Kind::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s, m_name);
        if (config.kind == DatabaseConfig::Kind::Sqlite) {
            db.setDatabaseName(config.sqlitePath);
        } else {
            db.setHostName(config.host);
            db.setPort(config.port);
            db.setDatabaseName(config.name);
            db.setUserName(config.user);
            db.setPassword(config.password);
        }
        if (!db.open())
            m_error = db.lastError().text();
    }
    ~Connection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }

    [[nodiscard]] const QString &error() const { return m_error; }

    Rows rows(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.setForwardOnly(true);
        Rows out;
        if (values.isEmpty()) { // DDL cannot be prepared on PostgreSQL
            if (!q.exec(sql)) {
                m_error = q.lastError().text() + u": "_s + sql;
                return out;
            }
        } else if (!q.prepare(sql)) {
            m_error = q.lastError().text() + u": "_s + sql;
            return out;
        } else {
            for (const QVariant &v : values)
                q.addBindValue(v);
        }
        if (!values.isEmpty() && !q.exec()) {
            m_error = q.lastError().text() + u": "_s + sql;
            return out;
        }
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i));
            out.append(row);
        }
        return out;
    }

private:
    QString m_name;
    QString m_error;
};

// What a column's declared type holds. SQLite names are read by SQLite's own
// affinity rules, refined where a name says more (BOOLEAN, TIMESTAMP, UUID, JSON).
QString sqliteFamily(const QString &declared)
{
    const QString t = declared.toUpper();
    if (t.contains(u"BOOL"_s))
        return u"boolean"_s;
    if (t.contains(u"TIMESTAMP"_s) || t.contains(u"DATE"_s))
        return u"timestamp"_s;
    if (t.contains(u"UUID"_s))
        return u"uuid"_s;
    if (t.contains(u"JSON"_s))
        return u"json"_s;
    if (t.contains(u"INT"_s))
        return u"integer"_s;
    if (t.contains(u"CHAR"_s) || t.contains(u"CLOB"_s) || t.contains(u"TEXT"_s))
        return u"text"_s;
    if (t.isEmpty() || t.contains(u"BLOB"_s))
        return u"bytes"_s;
    if (t.contains(u"REAL"_s) || t.contains(u"FLOA"_s) || t.contains(u"DOUB"_s))
        return u"real"_s;
    return u"other:"_s + declared.toLower();
}

QString postgresFamily(const QString &dataType)
{
    static const QHash<QString, QString> families {
        {u"text"_s, u"text"_s},
        {u"character varying"_s, u"text"_s},
        {u"character"_s, u"text"_s},
        {u"integer"_s, u"integer"_s},
        {u"bigint"_s, u"integer"_s},
        {u"smallint"_s, u"integer"_s},
        {u"real"_s, u"real"_s},
        {u"double precision"_s, u"real"_s},
        {u"numeric"_s, u"real"_s},
        {u"boolean"_s, u"boolean"_s},
        {u"timestamp with time zone"_s, u"timestamp"_s},
        {u"timestamp without time zone"_s, u"timestamp"_s},
        {u"date"_s, u"timestamp"_s},
        {u"uuid"_s, u"uuid"_s},
        {u"json"_s, u"json"_s},
        {u"jsonb"_s, u"json"_s},
        {u"bytea"_s, u"bytes"_s},
    };
    return families.value(dataType, u"other:"_s + dataType);
}

// The family both dialects can agree on: what SQLite stores the value as.
QString storedAs(const QString &family)
{
    if (family == u"uuid"_s || family == u"timestamp"_s || family == u"json"_s)
        return u"text"_s;
    if (family == u"boolean"_s)
        return u"integer"_s;
    return family;
}

// An index predicate in one spelling: PostgreSQL's casts, ANY (ARRAY[...]) and
// parentheses removed, whitespace and case folded.
QString predicate(QString text)
{
    static const QRegularExpression cast(u"::[a-z ]+(\\[\\])?"_s);
    static const QRegularExpression anyArray(u"=\\s*ANY\\s*\\(\\s*ARRAY\\s*\\[([^\\]]*)\\]\\s*\\)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression spaces(u"\\s+"_s);
    text.replace(cast, QString());
    text.replace(anyArray, u"IN (\\1)"_s);
    text.remove(u'(').remove(u')');
    return text.replace(spaces, u" "_s).trimmed().toLower();
}

QString joined(const QStringList &list)
{
    return u"("_s + list.join(u", "_s) + u")"_s;
}

// 'a', 'b' (either spelling) -> the values, sorted.
QStringList quotedValues(const QString &text)
{
    static const QRegularExpression literal(u"'((?:[^']|'')*)'"_s);
    QStringList values;
    for (auto it = literal.globalMatch(text); it.hasNext();)
        values.append(it.next().captured(1));
    values.sort();
    return values;
}

QString enumLine(const QString &table, const QString &column, const QStringList &values)
{
    QStringList quoted;
    for (const QString &v : values)
        quoted.append(u"'"_s + v + u"'"_s);
    return u"check %1.%2 in %3"_s.arg(table, column, joined(quoted));
}

Schema readSqlite(const DatabaseConfig &config)
{
    Schema schema;
    Connection c(config);
    if (!c.error().isEmpty())
        return {{}, c.error()};
    QStringList &out = schema.lines;
    QHash<QString, bool> strict;
    for (const QVariantList &row : c.rows(u"SELECT name, strict FROM pragma_table_list WHERE schema = 'main'"_s))
        strict.insert(row.at(0).toString(), row.at(1).toBool());
    const Rows tables = c.rows(
        u"SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"_s);
    static const QRegularExpression check(
        u"CHECK\\s*\\(\\s*\"?(\\w+)\"?\\s+IN\\s*\\(([^)]*)\\)\\s*\\)"_s, QRegularExpression::CaseInsensitiveOption);
    for (const QVariantList &table : tables) {
        const QString name = table.at(0).toString();
        out.append(u"table "_s + name);

        QStringList primaryKey;
        const Rows columns
            = c.rows(u"SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid"_s, {name});
        QList<std::pair<int, QString>> pkColumns;
        for (const QVariantList &col : columns) {
            const QString type = col.at(1).toString();
            const int pk = col.at(3).toInt();
            // A primary key is NOT NULL in a STRICT table and as the rowid (INTEGER
            // PRIMARY KEY); otherwise SQLite lets it be NULL.
            const bool rowid = pk > 0 && type.compare(u"INTEGER"_s, Qt::CaseInsensitive) == 0;
            const bool notNull = col.at(2).toBool() || (pk > 0 && (strict.value(name) || rowid));
            out.append(u"column %1.%2 %3 %4"_s.arg(
                name, col.at(0).toString(), storedAs(sqliteFamily(type)), notNull ? u"not null"_s : u"null"_s));
            if (pk > 0)
                pkColumns.append({pk, col.at(0).toString()});
        }
        std::sort(pkColumns.begin(), pkColumns.end());
        for (const auto &pk : pkColumns)
            primaryKey.append(pk.second);
        if (!primaryKey.isEmpty())
            out.append(u"primary key %1 %2"_s.arg(name, joined(primaryKey)));

        const Rows indexes = c.rows(u"SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)"_s, {name});
        for (const QVariantList &index : indexes) {
            const QString indexName = index.at(0).toString();
            const QString origin = index.at(2).toString();
            if (origin == u"pk"_s)
                continue;
            QStringList cols;
            const Rows indexColumns = c.rows(u"SELECT name FROM pragma_index_info(?) ORDER BY seqno"_s, {indexName});
            for (const QVariantList &ic : indexColumns)
                cols.append(ic.at(0).toString());
            if (origin == u"u"_s) { // a UNIQUE constraint
                out.append(u"unique %1 %2"_s.arg(name, joined(cols)));
                continue;
            }
            QString line = u"%1 %2 on %3 %4"_s.arg(
                index.at(1).toBool() ? u"unique index"_s : u"index"_s, indexName, name, joined(cols));
            if (index.at(3).toBool()) {
                const Rows sql
                    = c.rows(u"SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?"_s, {indexName});
                const QString text = sql.isEmpty() ? QString() : sql.constFirst().at(0).toString();
                const qsizetype where = text.lastIndexOf(u" WHERE "_s, -1, Qt::CaseInsensitive);
                line += u" where "_s + predicate(where < 0 ? QString() : text.mid(where + 7));
            }
            out.append(line);
        }

        QMap<int, QVariantList> keys; // id -> (table, [from], [to], on delete)
        const Rows foreignKeys = c.rows(u"SELECT id, seq, \"table\", \"from\", \"to\", on_delete "
                                        "FROM pragma_foreign_key_list(?) ORDER BY id, seq"_s,
            {name});
        for (const QVariantList &fk : foreignKeys) {
            QVariantList &key = keys[fk.at(0).toInt()];
            if (key.isEmpty())
                key = {fk.at(2), QStringList(), QStringList(), fk.at(5)};
            QStringList from = key.at(1).toStringList();
            from.append(fk.at(3).toString());
            key[1] = from;
            QStringList to = key.at(2).toStringList();
            to.append(fk.at(4).toString());
            key[2] = to;
        }
        for (const QVariantList &key : keys) {
            QStringList to = key.at(2).toStringList();
            if (to.contains(QString())) { // REFERENCES t without columns: its primary key
                to.clear();
                for (const QVariantList &col :
                    c.rows(u"SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"_s, {key.at(0)}))
                    to.append(col.at(0).toString());
            }
            out.append(u"foreign key %1 %2 -> %3 %4 on delete %5"_s.arg(name, joined(key.at(1).toStringList()),
                key.at(0).toString(), joined(to), key.at(3).toString().toLower()));
        }

        for (auto it = check.globalMatch(table.at(1).toString()); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            out.append(enumLine(name, m.captured(1), quotedValues(m.captured(2))));
        }
    }
    if (!c.error().isEmpty())
        schema.error = c.error();
    out.sort();
    return schema;
}

Schema readPostgres(const DatabaseConfig &config)
{
    Schema schema;
    Connection c(config);
    if (!c.error().isEmpty())
        return {{}, c.error()};
    QStringList &out = schema.lines;
    for (const QVariantList &t : c.rows(u"SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"_s))
        out.append(u"table "_s + t.at(0).toString());
    for (const QVariantList &col : c.rows(u"SELECT table_name, column_name, data_type, is_nullable "
                                          "FROM information_schema.columns WHERE table_schema = 'public'"_s)) {
        out.append(u"column %1.%2 %3 %4"_s.arg(col.at(0).toString(), col.at(1).toString(),
            storedAs(postgresFamily(col.at(2).toString())),
            col.at(3).toString() == u"NO"_s ? u"not null"_s : u"null"_s));
    }

    // Constraints, their columns in key order.
    const QString columnsOf = u"(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(%1) WITH ORDINALITY "
                              "AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = %2 AND a.attnum = k.attnum)"_s;
    const Rows constraints = c.rows(
        u"SELECT con.contype, rel.relname, %1, ref.relname, %2, con.confdeltype, pg_get_constraintdef(con.oid) "
        "FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid "
        "JOIN pg_namespace ns ON ns.oid = rel.relnamespace LEFT JOIN pg_class ref ON ref.oid = con.confrelid "
        "WHERE ns.nspname = 'public'"_s.arg(columnsOf.arg(u"con.conkey"_s, u"con.conrelid"_s),
            columnsOf.arg(u"con.confkey"_s, u"con.confrelid"_s)));
    static const QHash<QString, QString> actions {{u"a"_s, u"no action"_s}, {u"r"_s, u"restrict"_s},
        {u"c"_s, u"cascade"_s}, {u"n"_s, u"set null"_s}, {u"d"_s, u"set default"_s}};
    static const QRegularExpression anyArray(
        u"^CHECK \\(+\"?(\\w+)\"? = ANY \\(+ARRAY\\[(.*)\\]\\)+$"_s);
    for (const QVariantList &con : constraints) {
        const QString kind = con.at(0).toString();
        const QString table = con.at(1).toString();
        const QString cols = u"("_s + con.at(2).toString() + u")"_s;
        if (kind == u"p"_s) {
            out.append(u"primary key %1 %2"_s.arg(table, cols));
        } else if (kind == u"u"_s) {
            out.append(u"unique %1 %2"_s.arg(table, cols));
        } else if (kind == u"f"_s) {
            out.append(u"foreign key %1 %2 -> %3 (%4) on delete %5"_s.arg(table, cols, con.at(3).toString(),
                con.at(4).toString(), actions.value(con.at(5).toString())));
        } else if (kind == u"c"_s) {
            // Enumerations are compared; other checks (ranges, invariants between
            // columns) are written differently by the two dialects' catalogues.
            const QRegularExpressionMatch m = anyArray.match(con.at(6).toString());
            if (m.hasMatch())
                out.append(enumLine(table, m.captured(1), quotedValues(m.captured(2))));
        }
    }

    // Indexes that no constraint made.
    const Rows indexes = c.rows(
        u"SELECT i.relname, t.relname, x.indisunique, %1, pg_get_expr(x.indpred, x.indrelid) "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace ns ON ns.oid = t.relnamespace "
        "WHERE ns.nspname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid)"_s
            .arg(columnsOf.arg(u"x.indkey::int2[]"_s, u"x.indrelid"_s)));
    for (const QVariantList &index : indexes) {
        QString line = u"%1 %2 on %3 (%4)"_s.arg(index.at(2).toBool() ? u"unique index"_s : u"index"_s,
            index.at(0).toString(), index.at(1).toString(), index.at(3).toString());
        if (!index.at(4).isNull())
            line += u" where "_s + predicate(index.at(4).toString());
        out.append(line);
    }
    if (!c.error().isEmpty())
        schema.error = c.error();
    out.sort();
    return schema;
}

// The lines only one side has, as the failure message.
QString difference(const QStringList &sqlite, const QStringList &postgres)
{
    const QSet<QString> s(sqlite.cbegin(), sqlite.cend());
    const QSet<QString> p(postgres.cbegin(), postgres.cend());
    QStringList text;
    for (const QString &line : sqlite) {
        if (!p.contains(line))
            text.append(u"  only in SQLite:     "_s + line);
    }
    for (const QString &line : postgres) {
        if (!s.contains(line))
            text.append(u"  only in PostgreSQL: "_s + line);
    }
    return text.join(u'\n');
}

Status migrate(const DatabaseConfig &config)
{
    SystemClock clock;
    Database db(config);
    if (Status opened = db.open(); !opened)
        return opened;
    return db.migrate(clock);
}

// The line a CHECK (column IN (...)) listing exactly the names of E's table reads as.
template<NamedEnum E> QString enumCheckLine(const QString &table, const QString &column)
{
    QStringList names = enumNames<E>();
    names.sort();
    return enumLine(table, column, names);
}

qsizetype countStarting(const QStringList &lines, const QString &prefix)
{
    return std::count_if(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.startsWith(prefix); });
}

} // namespace

class tst_SchemaParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Both dialects migrated once, for the tests that read the finished schema.
    void initTestCase()
    {
        test::TestDatabase sqlite(test::TestDatabase::Kind::Sqlite);
        test::TestDatabase postgres(test::TestDatabase::Kind::Postgres);
        QVERIFY2(sqlite.isValid(), qPrintable(sqlite.error()));
        QVERIFY2(postgres.isValid(), qPrintable(postgres.error()));
        Status migrated = migrate(sqlite.config());
        QVERIFY2(migrated, qPrintable(migrated ? QString() : migrated.error().diagnostic()));
        migrated = migrate(postgres.config());
        QVERIFY2(migrated, qPrintable(migrated ? QString() : migrated.error().diagnostic()));

        m_sqlite = readSqlite(sqlite.config());
        m_postgres = readPostgres(postgres.config());
        QVERIFY2(m_sqlite.error.isEmpty(), qPrintable(m_sqlite.error));
        QVERIFY2(m_postgres.error.isEmpty(), qPrintable(m_postgres.error));
    }

    void sameSchemaOnBothDialects()
    {
        const Schema &s = m_sqlite;
        const Schema &p = m_postgres;
        // The readers see the schema at all (two empty lists would be "equal").
        QVERIFY(s.lines.contains(u"table users"_s));
        QVERIFY(s.lines.contains(u"column users.id text not null"_s));
        QVERIFY(s.lines.contains(u"check team_members.role in ('admin', 'member', 'owner')"_s));
        QVERIFY(s.lines.contains(
            u"foreign key team_members (organization_id) -> organizations (id) on delete cascade"_s));
        QVERIFY(countStarting(s.lines, u"check "_s) >= 8);
        QVERIFY(countStarting(s.lines, u"foreign key "_s) >= 15);
        QVERIFY(countStarting(s.lines, u"unique index "_s) >= 2);

        // VAMI_SCHEMA_DUMP=1 prints what was read, to look at when a reader changes.
        if (qEnvironmentVariableIsSet("VAMI_SCHEMA_DUMP"))
            qInfo().noquote() << s.lines.join(u'\n');
        const QString diff = difference(s.lines, p.lines);
        if (!diff.isEmpty())
            QFAIL(qPrintable(u"The SQLite and PostgreSQL schemas differ after all migrations:\n"_s + diff));
    }

    // A status column's CHECK lists exactly the names of the enum the code reads and
    // writes it with (EnumNames), on both dialects.
    void enumNamesAreTheChecks()
    {
        const Schema &s = m_sqlite;
        const Schema &p = m_postgres;

        const QStringList expected {
            enumCheckLine<UserStatus>(u"users"_s, u"status"_s),
            enumCheckLine<Role>(u"team_members"_s, u"role"_s),
            enumCheckLine<MemberStatus>(u"team_members"_s, u"status"_s),
            enumCheckLine<InvitationStatus>(u"team_invitations"_s, u"status"_s),
            enumCheckLine<JobStatus>(u"jobs"_s, u"status"_s),
            enumCheckLine<OutboxStatus>(u"outbox"_s, u"status"_s),
            enumCheckLine<BlobState>(u"blobs"_s, u"state"_s),
            enumCheckLine<AgentStatus>(u"agents"_s, u"status"_s),
            enumCheckLine<AgentProvider>(u"agents"_s, u"provider"_s),
            enumCheckLine<AgentTemplateKey>(u"agents"_s, u"template_key"_s),
            enumCheckLine<CallStatus>(u"calls"_s, u"status"_s),
            enumCheckLine<CallDirection>(u"calls"_s, u"direction"_s),
            enumCheckLine<CallSentiment>(u"calls"_s, u"sentiment"_s),
            enumCheckLine<EndedReason>(u"calls"_s, u"ended_reason"_s),
            enumCheckLine<CallStatus>(u"call_events"_s, u"from_status"_s),
            enumCheckLine<CallStatus>(u"call_events"_s, u"to_status"_s),
            enumCheckLine<EndedReason>(u"call_events"_s, u"ended_reason"_s),
        };
        for (const QString &line : expected) {
            const QString column = line.section(u' ', 1, 1);
            QStringList found;
            for (const QString &l : s.lines + p.lines) {
                if (l.startsWith(u"check "_s + column + u' '))
                    found.append(l);
            }
            QVERIFY2(s.lines.contains(line) && p.lines.contains(line),
                qPrintable(u"expected \"%1\" on both dialects, found: %2"_s.arg(line, found.join(u"; "_s))));
        }
    }

    // The comparison sees each kind of drift it is meant to see.
    void driftIsReported()
    {
        test::TestDatabase sqlite(test::TestDatabase::Kind::Sqlite);
        test::TestDatabase postgres(test::TestDatabase::Kind::Postgres);
        QVERIFY2(sqlite.isValid(), qPrintable(sqlite.error()));
        QVERIFY2(postgres.isValid(), qPrintable(postgres.error()));
        {
            Connection s(sqlite.config());
            Connection p(postgres.config());
            s.rows(u"CREATE TABLE probe_parent (id TEXT PRIMARY KEY) STRICT"_s);
            s.rows(u"CREATE TABLE probe (id TEXT PRIMARY KEY, flag TEXT NOT NULL, at TEXT, "
                   "state TEXT CHECK (state IN ('a', 'b')), "
                   "parent TEXT REFERENCES probe_parent (id) ON DELETE CASCADE, "
                   "code TEXT UNIQUE)"_s);
            s.rows(u"CREATE UNIQUE INDEX probe_one ON probe (parent) WHERE state = 'a'"_s);
            p.rows(u"CREATE TABLE probe_parent (id UUID PRIMARY KEY)"_s);
            p.rows(u"CREATE TABLE probe (id UUID PRIMARY KEY, flag BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL, "
                   "state TEXT CHECK (state IN ('a', 'c')), "
                   "parent UUID REFERENCES probe_parent (id) ON DELETE SET NULL, "
                   "code TEXT)"_s);
            p.rows(u"CREATE UNIQUE INDEX probe_one ON probe (parent) WHERE state = 'b'"_s);
            QVERIFY2(s.error().isEmpty(), qPrintable(s.error()));
            QVERIFY2(p.error().isEmpty(), qPrintable(p.error()));
        }
        const Schema s = readSqlite(sqlite.config());
        const Schema p = readPostgres(postgres.config());
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        const QString diff = difference(s.lines, p.lines);
        const QStringList expected {
            // A non-STRICT table lets its TEXT primary key be NULL.
            u"only in SQLite:     column probe.id text null"_s,
            u"only in SQLite:     column probe.flag text not null"_s,
            u"only in SQLite:     column probe.at text null"_s,
            u"only in SQLite:     check probe.state in ('a', 'b')"_s,
            u"only in SQLite:     foreign key probe (parent) -> probe_parent (id) on delete cascade"_s,
            u"only in SQLite:     unique probe (code)"_s,
            u"only in SQLite:     unique index probe_one on probe (parent) where state = 'a'"_s,
            u"only in PostgreSQL: column probe.id text not null"_s,
            u"only in PostgreSQL: column probe.flag integer not null"_s,
            u"only in PostgreSQL: column probe.at text not null"_s,
            u"only in PostgreSQL: check probe.state in ('a', 'c')"_s,
            u"only in PostgreSQL: foreign key probe (parent) -> probe_parent (id) on delete set null"_s,
            u"only in PostgreSQL: unique index probe_one on probe (parent) where state = 'b'"_s,
        };
        QStringList got = diff.split(u'\n');
        got.sort();
        QStringList want = expected;
        for (QString &line : want)
            line.prepend(u"  "_s);
        want.sort();
        QCOMPARE(got, want);
    }

private:
    Schema m_sqlite;
    Schema m_postgres;
};

QTEST_GUILESS_MAIN(tst_SchemaParity)
#include "tst_schema_parity.moc"
