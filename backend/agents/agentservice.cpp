#include "agentservice.h"
#include "agenterrors.h"
#include "agentlimits.h"
#include "agenttemplates.h"

#include "auth/authorizer.h"
#include "auth/credentialpolicy.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/random.h"
#include "storage/database.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const char *const ManualPrompt = "You are {agent_name}, a helpful AI assistant for a healthcare practice. You assist "
                                 "patients with scheduling appointments, answering common questions, and providing "
                                 "general information.";
const char *const ManualFirstMessage = "Hello! I'm {agent_name}. How can I help you today?";

FieldError tooLong(const QString &field, int max, const QString &input)
{
    return FieldError{field, u"string_too_long"_s, QT_TRANSLATE_NOOP("vami", "String should have at most %1 characters"),
                      {QString::number(max)}, input};
}

QList<FieldError> checkName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return {FieldError{u"agent_name"_s, u"string_too_short"_s,
                           QT_TRANSLATE_NOOP("vami", "String should have at least 1 character"), {}, name}};
    return checkText(name, u"agent_name"_s, AgentLimits::MaxNameLength);
}

QList<FieldError> checkVoiceId(const QString &voiceId)
{
    if (voiceId.size() > AgentLimits::MaxVoiceIdLength)
        return {tooLong(u"voice_id"_s, AgentLimits::MaxVoiceIdLength, voiceId)};
    if (voiceId.isEmpty())
        return {FieldError{u"voice_id"_s, u"string_too_short"_s,
                           QT_TRANSLATE_NOOP("vami", "String should have at least 1 character"), {}, voiceId}};
    for (const QChar c : voiceId) {
        if (!(c.isDigit() || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'-') || c.unicode() > 127)
            return {FieldError{u"voice_id"_s, u"string_pattern_mismatch"_s,
                               QT_TRANSLATE_NOOP("vami", "String should match pattern '%1'"), {u"^[A-Za-z0-9_-]+$"_s},
                               voiceId}};
    }
    return {};
}

QList<FieldError> checkLanguage(const QString &language)
{
    // A BCP 47 tag of letters, digits and hyphens ("en", "de", "pt-BR").
    bool ok = !language.isEmpty() && language.size() <= AgentLimits::MaxLanguageLength && language.front().isLetter();
    for (const QChar c : language)
        ok = ok && c.unicode() < 128 && (c.isLetterOrNumber() || c == u'-');
    if (ok)
        return {};
    return {FieldError{u"language"_s, u"value_error"_s,
                       QT_TRANSLATE_NOOP("vami", "A language tag such as \"en\" or \"pt-BR\" is expected"),
                       {}, language}};
}

QList<FieldError> checkPrompt(const QString &prompt)
{
    if (prompt.size() > AgentLimits::MaxPromptLength)
        return {tooLong(u"prompt"_s, AgentLimits::MaxPromptLength, prompt)};
    return checkText(prompt, u"prompt"_s, AgentLimits::MaxPromptLength);
}

QList<FieldError> checkFirstMessage(const QString &message)
{
    if (message.size() > AgentLimits::MaxFirstMessageLength)
        return {tooLong(u"first_message"_s, AgentLimits::MaxFirstMessageLength, message)};
    return checkText(message, u"first_message"_s, AgentLimits::MaxFirstMessageLength);
}

Error notFound(Result<std::optional<Agent>> &found)
{
    return found ? AgentErrors::agentNotFound() : found.error();
}

} // namespace

AgentService::AgentService(Database &database, const Clock &clock, QByteArray tokenKey)
    : m_db(database)
    , m_clock(clock)
    , m_cipher(std::move(tokenKey))
    , m_agents(database)
{
}

QString AgentService::tokenPreview(const QString &token)
{
    return token.left(12) + u"..."_s + token.right(6);
}

QByteArray AgentService::associatedData(const QUuid &organizationId, const QUuid &agentId)
{
    return "vami agent token|" + idText(organizationId).toLatin1() + '|' + idText(agentId).toLatin1();
}

Result<AgentService::IssuedToken> AgentService::issueToken(const QUuid &organizationId, const QUuid &agentId) const
{
    if (!m_cipher.isValid())
        return fail(AgentErrors::tokenKeyMissing());
    IssuedToken issued;
    issued.token = TokenPrefix.toString() + secureToken(32);
    issued.stored.hash = sha256Hex(issued.token.toUtf8());
    issued.stored.sealed = m_cipher.seal(issued.token.toUtf8(), associatedData(organizationId, agentId));
    issued.stored.preview = tokenPreview(issued.token);
    if (issued.stored.sealed.isEmpty())
        return fail(Error::internal(u"sealing an agent token failed"_s));
    return issued;
}

Result<Agent> AgentService::defaultAgent(const Actor &actor)
{
    if (Status allowed = authorize(actor, Permission::ViewAgents); !allowed)
        return fail(allowed.error());
    auto found = m_agents.oldestActive(actor.organizationId);
    if (!found || !found->has_value())
        return fail(notFound(found));
    return **found;
}

Result<AgentPage> AgentService::list(const Actor &actor, const AgentQuery &query)
{
    if (Status allowed = authorize(actor, Permission::ViewAgents); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    if (query.page < 1 || query.page > AgentLimits::MaxPage)
        errors.append(FieldError{u"page"_s, query.page < 1 ? u"greater_than_equal"_s : u"less_than_equal"_s,
                                 query.page < 1 ? QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1")
                                                : QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                                 {query.page < 1 ? u"1"_s : QString::number(AgentLimits::MaxPage)}, query.page});
    if (query.perPage < 1 || query.perPage > AgentLimits::MaxPerPage)
        errors.append(FieldError{u"per_page"_s, query.perPage < 1 ? u"greater_than_equal"_s : u"less_than_equal"_s,
                                 query.perPage < 1
                                     ? QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1")
                                     : QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                                 {query.perPage < 1 ? u"1"_s : QString::number(AgentLimits::MaxPerPage)},
                                 query.perPage});
    if (query.status == AgentStatus::Deleted)
        errors.append(FieldError{u"status"_s, u"enum"_s, QT_TRANSLATE_NOOP("vami", "Input should be %1"),
                                 {u"'active', 'inactive' or 'suspended'"_s}, enumName(AgentStatus::Deleted)});
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    return m_agents.list(actor.organizationId, query);
}

Result<Agent> AgentService::agent(const Actor &actor, const QUuid &agentId)
{
    if (Status allowed = authorize(actor, Permission::ViewAgents); !allowed)
        return fail(allowed.error());
    auto found = m_agents.find(actor.organizationId, agentId);
    if (!found || !found->has_value())
        return fail(notFound(found));
    return **found;
}

Result<Agent> AgentService::create(const Actor &actor, const CreateAgentInput &input)
{
    if (Status allowed = authorize(actor, Permission::ManageAgents); !allowed)
        return fail(allowed.error());
    std::optional<AgentTemplateKey> templateKey;
    if (!input.templateKey.isEmpty()) {
        templateKey = parseEnum<AgentTemplateKey>(QStringView(input.templateKey));
        if (!templateKey)
            return fail(AgentErrors::unknownTemplate());
    }
    QList<FieldError> errors = checkName(input.name);
    errors += checkText(input.businessName, u"business_name"_s, AgentLimits::MaxBusinessNameLength);
    errors += checkText(input.phoneNumber, u"phone_number"_s, AgentLimits::MaxPhoneNumberLength);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));

    const QString name = input.name.trimmed();
    Agent a;
    a.id = newId();
    a.organizationId = actor.organizationId;
    a.createdBy = actor.userId;
    a.name = name;
    a.templateKey = templateKey;
    if (templateKey) {
        const FilledTemplate filled
            = AgentTemplates::fill(AgentTemplates::get(*templateKey), name, input.businessName, input.phoneNumber);
        a.prompt = filled.prompt;
        a.firstMessage = filled.firstMessage;
        a.voiceId = filled.voiceId;
    } else {
        a.prompt = AgentTemplates::substitute(QString::fromLatin1(ManualPrompt), name, input.businessName,
                                              input.phoneNumber);
        a.firstMessage = AgentTemplates::substitute(QString::fromLatin1(ManualFirstMessage), name,
                                                    input.businessName, input.phoneNumber);
        a.voiceId = DefaultVoiceId.toString();
    }
    if (!input.prompt.isNull())
        a.prompt = input.prompt;
    if (!input.firstMessage.isNull())
        a.firstMessage = input.firstMessage;
    if (!input.voiceId.isNull())
        a.voiceId = input.voiceId;
    a.language = input.language.isNull() ? DefaultLanguage.toString() : input.language;
    errors = checkPrompt(a.prompt);
    errors += checkFirstMessage(a.firstMessage);
    errors += checkVoiceId(a.voiceId);
    errors += checkLanguage(a.language);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    a.status = AgentStatus::Active;
    a.provider = AgentProvider::NotConfigured;
    a.createdAt = m_clock.now();
    a.updatedAt = a.createdAt;

    auto issued = issueToken(a.organizationId, a.id);
    if (!issued)
        return fail(issued.error());
    a.tokenPreview = issued->stored.preview;
    if (Status saved = m_agents.insert(a, issued->stored); !saved)
        return fail(saved.error());
    return a;
}

Result<Agent> AgentService::update(const Actor &actor, const QUuid &agentId, const UpdateAgentInput &input)
{
    if (Status allowed = authorize(actor, Permission::ManageAgents); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    if (input.name)
        errors += checkName(*input.name);
    if (input.prompt)
        errors += checkPrompt(*input.prompt);
    if (input.firstMessage)
        errors += checkFirstMessage(*input.firstMessage);
    if (input.voiceId)
        errors += checkVoiceId(*input.voiceId);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    return m_db.transaction([&]() -> Result<Agent> {
        auto found = m_agents.find(actor.organizationId, agentId);
        if (!found || !found->has_value())
            return fail(notFound(found));
        Agent a = **found;
        if (input.name)
            a.name = input.name->trimmed();
        if (input.prompt)
            a.prompt = *input.prompt;
        if (input.firstMessage)
            a.firstMessage = *input.firstMessage;
        if (input.voiceId)
            a.voiceId = *input.voiceId;
        if (input.status)
            a.status = *input.status;
        a.updatedAt = m_clock.now();
        auto updated = m_agents.update(a);
        if (!updated)
            return fail(updated.error());
        if (!*updated)
            return fail(AgentErrors::agentNotFound());
        return a;
    });
}

Result<AgentToken> AgentService::token(const Actor &actor, const QUuid &agentId)
{
    if (Status allowed = authorize(actor, Permission::ManageAgents); !allowed)
        return fail(allowed.error());
    auto sealed = m_agents.sealedToken(actor.organizationId, agentId);
    if (!sealed)
        return fail(sealed.error());
    if (!sealed->has_value())
        return fail(AgentErrors::tokenAgentNotFound());
    if (!m_cipher.isValid())
        return fail(AgentErrors::tokenKeyMissing());
    const auto opened = m_cipher.open(**sealed, associatedData(actor.organizationId, agentId));
    if (!opened)
        return fail(AgentErrors::tokenUnreadable()
                        .withDiagnostic(u"agent token of %1 does not open with this key"_s.arg(idText(agentId))));
    const QString token = QString::fromUtf8(*opened);
    return AgentToken{agentId, token, tokenPreview(token)};
}

Result<AgentToken> AgentService::regenerateToken(const Actor &actor, const QUuid &agentId)
{
    if (Status allowed = authorize(actor, Permission::ManageAgents); !allowed)
        return fail(allowed.error());
    auto issued = issueToken(actor.organizationId, agentId);
    if (!issued)
        return fail(issued.error());
    auto replaced = m_agents.replaceToken(actor.organizationId, agentId, issued->stored, m_clock.now());
    if (!replaced)
        return fail(replaced.error());
    if (!*replaced)
        return fail(AgentErrors::tokenAgentNotFound());
    return AgentToken{agentId, issued->token, issued->stored.preview};
}

Result<Agent> AgentService::authenticateToken(const QString &token)
{
    if (!token.startsWith(TokenPrefix) || token.size() > AgentLimits::MaxTokenLength)
        return fail(AgentErrors::invalidToken());
    auto found = m_agents.findByTokenHash(sha256Hex(token.toUtf8()));
    if (!found)
        return fail(found.error());
    if (!found->has_value() || (*found)->status != AgentStatus::Active)
        return fail(AgentErrors::invalidToken());
    return **found;
}

} // namespace vami
