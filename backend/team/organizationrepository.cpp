#include "organizationrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<Organization> &organizationColumns()
{
    static const RowReader<Organization> columns {
        column<&Organization::id>("id"),
        column<&Organization::name>("name"),
        column<&Organization::ownerId>("owner_id"),
        column<&Organization::createdAt>("created_at"),
    };
    return columns;
}

} // namespace

OrganizationRepository::OrganizationRepository(Database &database)
    : m_db(database)
{
}

Status OrganizationRepository::insert(const Organization &o)
{
    auto done = m_db.exec(u"INSERT INTO organizations (id, name, owner_id, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?)"_s,
                          {sqlId(o.id), o.name, sqlId(o.ownerId), sqlInstant(o.createdAt), sqlInstant(o.createdAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<Organization>> OrganizationRepository::find(const QUuid &id)
{
    auto rows = m_db.exec(
        u"SELECT "_s + organizationColumns().selectList() + u" FROM organizations WHERE id = ?"_s, {sqlId(id)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Organization>();
    return std::optional<Organization>(organizationColumns().read(*rows));
}

} // namespace vami
