#include "pageregistry.h"

namespace vami {

void PageRegistry::add(PageSpec spec)
{
    for (PageSpec &existing : m_pages) {
        if (existing.name == spec.name) {
            existing = std::move(spec);
            return;
        }
    }
    m_pages.append(std::move(spec));
}

const PageSpec *PageRegistry::find(const QString &name) const
{
    for (const PageSpec &spec : m_pages) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

} // namespace vami
