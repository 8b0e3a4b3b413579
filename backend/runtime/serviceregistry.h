#pragma once

#include <QtGlobal>

#include <memory>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace vami {

// The services the areas provide, found by their type. Owns them and destroys them
// in the reverse order of their creation, so a service outlives the services built
// on it.
class ServiceRegistry
{
public:
    ServiceRegistry() = default;
    ~ServiceRegistry();
    ServiceRegistry(const ServiceRegistry &) = delete;
    ServiceRegistry &operator=(const ServiceRegistry &) = delete;

    template <class S>
    S &provide(std::unique_ptr<S> service)
    {
        S *raw = service.get();
        Q_ASSERT(raw && !m_byType.contains(std::type_index(typeid(S))));
        m_owned.emplace_back(std::shared_ptr<void>(std::move(service)));
        m_byType.emplace(std::type_index(typeid(S)), raw);
        return *raw;
    }

    // The service of type S, or nullptr when no area provides one.
    template <class S>
    [[nodiscard]] S *find() const
    {
        const auto it = m_byType.find(std::type_index(typeid(S)));
        return it == m_byType.end() ? nullptr : static_cast<S *>(it->second);
    }

    // The service of type S, which an area listed earlier must have provided.
    template <class S>
    [[nodiscard]] S &get() const
    {
        S *service = find<S>();
        Q_ASSERT_X(service, "ServiceRegistry::get", "no area provides this service");
        return *service;
    }

private:
    std::vector<std::shared_ptr<void>> m_owned;
    std::unordered_map<std::type_index, void *> m_byType;
};

} // namespace vami
