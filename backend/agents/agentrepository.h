#pragma once

#include "agent.h"

#include "core/result.h"

#include <optional>

namespace vami {

class Database;

// What an agent's token is stored as: SHA-256 hex for lookup, the sealed token for
// reading it again, and its preview.
struct StoredAgentToken
{
    QString hash;
    QByteArray sealed;
    QString preview;
};

// All SQL of the agents table. Every query but the token lookup is scoped by the
// organization, and a deleted agent is found by none.
class AgentRepository
{
public:
    explicit AgentRepository(Database &database);

    Status insert(const Agent &agent, const StoredAgentToken &token);
    Result<std::optional<Agent>> find(const QUuid &organizationId, const QUuid &agentId);
    // The organization's oldest active agent.
    Result<std::optional<Agent>> oldestActive(const QUuid &organizationId);
    Result<AgentPage> list(const QUuid &organizationId, const AgentQuery &query);
    // Writes the editable fields (name, prompt, first message, voice, status); true
    // when the agent exists.
    Result<bool> update(const Agent &agent);
    Result<std::optional<QByteArray>> sealedToken(const QUuid &organizationId, const QUuid &agentId);
    // Replaces the token; true when the agent exists.
    Result<bool> replaceToken(const QUuid &organizationId, const QUuid &agentId, const StoredAgentToken &token,
                              const QDateTime &at);
    Result<std::optional<Agent>> findByTokenHash(const QString &tokenHash);

private:
    Database &m_db;
};

} // namespace vami
