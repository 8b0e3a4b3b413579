#include "agenterrors.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

Error AgentErrors::templateNotFound()
{
    return Error::notFound(u"agents.template_not_found"_s, QT_TRANSLATE_NOOP("vami", "Template not found"));
}

} // namespace vami
