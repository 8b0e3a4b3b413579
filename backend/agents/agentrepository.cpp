#include "agentrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<Agent> &agentColumns()
{
    static const RowReader<Agent> columns {
        column<&Agent::id>("a.id"),
        column<&Agent::organizationId>("a.organization_id"),
        column<&Agent::createdBy>("a.created_by"),
        column<&Agent::name>("a.name"),
        column<&Agent::prompt>("a.prompt"),
        column<&Agent::firstMessage>("a.first_message"),
        column<&Agent::voiceId>("a.voice_id"),
        column<&Agent::language>("a.language"),
        column<&Agent::templateKey>("a.template_key"),
        column<&Agent::status>("a.status"),
        column<&Agent::provider>("a.provider"),
        column<&Agent::providerAgentId>("a.provider_agent_id"),
        column<&Agent::tokenPreview>("a.token_preview"),
        column<&Agent::createdAt>("a.created_at"),
        column<&Agent::updatedAt>("a.updated_at"),
    };
    return columns;
}

const QString &notDeleted()
{
    static const QString condition = u"a.status <> '"_s + enumName(AgentStatus::Deleted) + u'\'';
    return condition;
}

Result<std::optional<Agent>> firstAgent(Result<SqlRows> rows)
{
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Agent>();
    return std::optional<Agent>(agentColumns().read(*rows));
}

} // namespace

AgentRepository::AgentRepository(Database &database)
    : m_db(database)
{
}

Status AgentRepository::insert(const Agent &a, const StoredAgentToken &token)
{
    auto done = m_db.exec(
        u"INSERT INTO agents (id, organization_id, created_by, name, prompt, first_message, voice_id, language, "
        "template_key, status, provider, provider_agent_id, token_hash, token_ciphertext, token_preview, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlId(a.id), sqlId(a.organizationId), sqlId(a.createdBy), a.name, a.prompt, a.firstMessage, a.voiceId,
         a.language, a.templateKey ? QVariant(enumName(*a.templateKey)) : QVariant(), enumName(a.status),
         enumName(a.provider), sqlText(a.providerAgentId), token.hash, token.sealed, token.preview,
         sqlInstant(a.createdAt), sqlInstant(a.updatedAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<Agent>> AgentRepository::find(const QUuid &organizationId, const QUuid &agentId)
{
    return firstAgent(m_db.exec(u"SELECT "_s + agentColumns().selectList()
                                    + u" FROM agents a WHERE a.organization_id = ? AND a.id = ? AND "_s + notDeleted(),
                                {sqlId(organizationId), sqlId(agentId)}));
}

Result<std::optional<Agent>> AgentRepository::oldestActive(const QUuid &organizationId)
{
    return firstAgent(m_db.exec(u"SELECT "_s + agentColumns().selectList()
                                    + u" FROM agents a WHERE a.organization_id = ? AND a.status = ? "
                                      "ORDER BY a.created_at, a.id LIMIT 1"_s,
                                {sqlId(organizationId), enumName(AgentStatus::Active)}));
}

Result<AgentPage> AgentRepository::list(const QUuid &organizationId, const AgentQuery &query)
{
    QString where = u"a.organization_id = ? AND "_s + notDeleted();
    QVariantList values{sqlId(organizationId)};
    if (query.status) {
        where += u" AND a.status = ?"_s;
        values.append(enumName(*query.status));
    }
    AgentPage page;
    page.page = query.page;
    page.perPage = query.perPage;
    auto counted = m_db.exec(u"SELECT COUNT(*) FROM agents a WHERE "_s + where, values);
    if (!counted)
        return fail(counted.error());
    if (counted->next())
        page.total = counted->integer(0);
    const qint64 offset = qint64(query.page - 1) * query.perPage;
    if (page.total == 0 || offset >= page.total)
        return page;
    QVariantList pageValues = values;
    pageValues << query.perPage << offset;
    auto rows = m_db.exec(u"SELECT "_s + agentColumns().selectList() + u" FROM agents a WHERE "_s + where
                              + u" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?"_s,
                          pageValues);
    if (!rows)
        return fail(rows.error());
    while (rows->next())
        page.agents.append(agentColumns().read(*rows));
    return page;
}

Result<bool> AgentRepository::update(const Agent &a)
{
    auto done = m_db.exec(u"UPDATE agents SET name = ?, prompt = ?, first_message = ?, voice_id = ?, status = ?, "
                          "updated_at = ? WHERE organization_id = ? AND id = ? AND status <> ?"_s,
                          {a.name, a.prompt, a.firstMessage, a.voiceId, enumName(a.status), sqlInstant(a.updatedAt),
                           sqlId(a.organizationId), sqlId(a.id), enumName(AgentStatus::Deleted)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() > 0;
}

Result<std::optional<QByteArray>> AgentRepository::sealedToken(const QUuid &organizationId, const QUuid &agentId)
{
    auto rows = m_db.exec(u"SELECT a.token_ciphertext FROM agents a WHERE a.organization_id = ? AND a.id = ? AND "_s
                              + notDeleted(),
                          {sqlId(organizationId), sqlId(agentId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(rows->bytes(0));
}

Result<bool> AgentRepository::replaceToken(const QUuid &organizationId, const QUuid &agentId,
                                           const StoredAgentToken &token, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE agents SET token_hash = ?, token_ciphertext = ?, token_preview = ?, updated_at = ? "
                          "WHERE organization_id = ? AND id = ? AND status <> ?"_s,
                          {token.hash, token.sealed, token.preview, sqlInstant(at), sqlId(organizationId),
                           sqlId(agentId), enumName(AgentStatus::Deleted)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() > 0;
}

Result<std::optional<Agent>> AgentRepository::findByTokenHash(const QString &tokenHash)
{
    return firstAgent(m_db.exec(u"SELECT "_s + agentColumns().selectList()
                                    + u" FROM agents a WHERE a.token_hash = ? AND "_s + notDeleted(),
                                {tokenHash}));
}

} // namespace vami
