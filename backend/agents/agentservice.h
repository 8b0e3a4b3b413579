#pragma once

#include "agent.h"
#include "agentrepository.h"

#include "core/actor.h"
#include "core/result.h"
#include "crypto/aeadcipher.h"

#include <optional>

namespace vami {

class Clock;
class Database;

// A new agent. With a template key the template's prompt, greeting and voice are
// filled in for the business (name and phone number, defaults when empty); without
// one the manual defaults apply. A prompt, greeting or voice given here wins over
// either. Null strings mean "not given".
struct CreateAgentInput
{
    QString name;
    QString prompt;
    QString firstMessage;
    QString voiceId;
    QString language;
    QString templateKey; // a template's wire name; an unknown one is refused
    QString businessName;
    QString phoneNumber;
};

// The fields an update changes; the others stay.
struct UpdateAgentInput
{
    std::optional<QString> name;
    std::optional<QString> prompt;
    std::optional<QString> firstMessage;
    std::optional<QString> voiceId;
    std::optional<AgentStatus> status;
};

// The voice agents of the actor's organization.
// Rules: anyone in the organization may look (view_agents); owners and admins create,
// edit and read or replace tokens (manage_agents). Another organization's agent, and
// a deleted one, is not found. Each agent has a token for the agent-actions routes
// (X-Agent-Token: "vami_agent_" and 43 random characters), stored as SHA-256 for
// lookup and sealed with AES-256-GCM (the organization and agent ids as associated
// data) so that owners and admins can read it again; replacing it invalidates the
// old one at once.
class AgentService
{
public:
    static constexpr QStringView TokenPrefix = u"vami_agent_";
    static constexpr QStringView DefaultVoiceId = u"21m00Tcm4TlvDq8ikWAM";
    static constexpr QStringView DefaultLanguage = u"en";

    // `tokenKey`: the 32-byte key that seals agent tokens (derived from the server
    // secret); without one, creating agents and reading tokens answer Unavailable.
    AgentService(Database &database, const Clock &clock, QByteArray tokenKey);

    // The agent the original's clients expect from GET /api/agents: the oldest active one.
    Result<Agent> defaultAgent(const Actor &actor);
    Result<AgentPage> list(const Actor &actor, const AgentQuery &query);
    Result<Agent> agent(const Actor &actor, const QUuid &agentId);
    Result<Agent> create(const Actor &actor, const CreateAgentInput &input);
    Result<Agent> update(const Actor &actor, const QUuid &agentId, const UpdateAgentInput &input);
    Result<AgentToken> token(const Actor &actor, const QUuid &agentId);
    Result<AgentToken> regenerateToken(const Actor &actor, const QUuid &agentId);
    // The active agent a token belongs to; Unauthorized for any other token.
    Result<Agent> authenticateToken(const QString &token);

    // "vami_agent_abc..." -> first 12 characters, "...", last 6.
    [[nodiscard]] static QString tokenPreview(const QString &token);

private:
    struct IssuedToken
    {
        QString token;
        StoredAgentToken stored;
    };
    Result<IssuedToken> issueToken(const QUuid &organizationId, const QUuid &agentId) const;
    [[nodiscard]] static QByteArray associatedData(const QUuid &organizationId, const QUuid &agentId);

    Database &m_db;
    const Clock &m_clock;
    AeadCipher m_cipher;
    AgentRepository m_agents;
};

} // namespace vami
