#include "serviceregistry.h"

namespace vami {

ServiceRegistry::~ServiceRegistry()
{
    m_byType.clear();
    while (!m_owned.empty())
        m_owned.pop_back();
}

} // namespace vami
