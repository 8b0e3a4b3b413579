#include "teamerrors.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

Error TeamErrors::memberNotFound()
{
    return Error::notFound(u"team.member_not_found"_s, QT_TRANSLATE_NOOP("vami", "Team member not found"));
}

Error TeamErrors::invitationNotFound()
{
    return Error::notFound(u"team.invitation_not_found"_s, QT_TRANSLATE_NOOP("vami", "Invitation not found"));
}

Error TeamErrors::invalidInvitation()
{
    return Error::notFound(u"team.invitation_invalid"_s, QT_TRANSLATE_NOOP("vami", "Invalid or expired invitation"));
}

} // namespace vami
