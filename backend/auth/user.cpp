#include "user.h"

namespace vami {

QString normalizedEmail(const QString &email)
{
    return email.trimmed().toLower();
}

} // namespace vami
