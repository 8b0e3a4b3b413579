#pragma once

namespace vami {

enum class Dialect { Sqlite, Postgres };

} // namespace vami
