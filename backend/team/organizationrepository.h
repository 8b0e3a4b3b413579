#pragma once

#include "auth/organization.h"

#include "core/result.h"

#include <optional>

namespace vami {

class Database;

// All SQL of the organizations table.
class OrganizationRepository
{
public:
    explicit OrganizationRepository(Database &database);

    Status insert(const Organization &organization);
    Result<std::optional<Organization>> find(const QUuid &id);

private:
    Database &m_db;
};

} // namespace vami
