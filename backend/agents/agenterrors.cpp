#include "agenterrors.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

Error AgentErrors::templateNotFound()
{
    return Error::notFound(u"agents.template_not_found"_s, QT_TRANSLATE_NOOP("vami", "Template not found"));
}

Error AgentErrors::agentNotFound()
{
    return Error::notFound(u"agents.not_found"_s, QT_TRANSLATE_NOOP("vami", "Agent not found"));
}

Error AgentErrors::tokenAgentNotFound()
{
    return Error::notFound(u"agents.not_found"_s, QT_TRANSLATE_NOOP("vami", "Agent not found or access denied"));
}

Error AgentErrors::tokenUnreadable()
{
    return Error::notFound(u"agents.token_not_found"_s,
                           QT_TRANSLATE_NOOP("vami", "API token not found. Please regenerate the token."));
}

Error AgentErrors::unknownTemplate()
{
    return Error::rejected(u"agents.unknown_template"_s,
                           QT_TRANSLATE_NOOP("vami", "Unknown agent template; use healthcare, legal, real_estate or general"));
}

Error AgentErrors::invalidToken()
{
    return Error::unauthorized(u"agents.invalid_token"_s, QT_TRANSLATE_NOOP("vami", "Invalid agent token"));
}

Error AgentErrors::tokenKeyMissing()
{
    return Error::unavailable(u"agents.token_key_missing"_s,
                              QT_TRANSLATE_NOOP("vami", "Agent tokens cannot be issued or read here: this database's "
                                                        "secret is not available (the servers' [auth] secret; on "
                                                        "the desktop, kept in the system keychain)"));
}

} // namespace vami
