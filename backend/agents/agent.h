#pragma once

#include "agenttemplate.h"

#include "core/enumnames.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

// Whether an agent takes calls (agents.status). A deleted agent is kept as a row
// but found by nothing.
enum class AgentStatus { Active, Inactive, Suspended, Deleted };

template<>
struct EnumNames<AgentStatus>
{
    static constexpr std::array<std::pair<AgentStatus, std::string_view>, 4> names{
        {{AgentStatus::Active, "active"},
         {AgentStatus::Inactive, "inactive"},
         {AgentStatus::Suspended, "suspended"},
         {AgentStatus::Deleted, "deleted"}}};
};

// The voice platform that runs an agent (agents.provider). Every agent is
// not_configured until a provider adapter exists; no provider id is ever made up.
enum class AgentProvider { NotConfigured, ElevenLabs };

template<>
struct EnumNames<AgentProvider>
{
    static constexpr std::array<std::pair<AgentProvider, std::string_view>, 2> names{
        {{AgentProvider::NotConfigured, "not_configured"}, {AgentProvider::ElevenLabs, "elevenlabs"}}};
};

// A voice agent of the acting organization.
struct Agent
{
    QUuid id;
    QUuid organizationId;
    QUuid createdBy;
    QString name;
    QString prompt;
    QString firstMessage;
    QString voiceId;
    QString language;
    std::optional<AgentTemplateKey> templateKey;
    AgentStatus status = AgentStatus::Active;
    AgentProvider provider = AgentProvider::NotConfigured;
    QString providerAgentId; // null while no provider runs the agent
    QString tokenPreview;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// How to list agents: newest first, optionally one status, one page.
struct AgentQuery
{
    std::optional<AgentStatus> status; // nullopt: every status but deleted
    int page = 1;                      // 1-based
    int perPage = 20;
};

struct AgentPage
{
    QList<Agent> agents;
    qint64 total = 0;
    int page = 1;
    int perPage = 20;
};

// An agent's token in full (shown to owners and admins), with its preview.
struct AgentToken
{
    QUuid agentId;
    QString token;
    QString preview;
};

} // namespace vami
