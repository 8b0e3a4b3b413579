#include "area.h"

namespace vami {

void Area::registerJobs(AreaContext &)
{
}

} // namespace vami
