#include "logging.h"

namespace vami {

Q_LOGGING_CATEGORY(lcStorage, "vami.backend.storage")
Q_LOGGING_CATEGORY(lcAuth, "vami.backend.auth")
Q_LOGGING_CATEGORY(lcTeam, "vami.backend.team")
Q_LOGGING_CATEGORY(lcMail, "vami.backend.mail")
Q_LOGGING_CATEGORY(lcJobs, "vami.backend.jobs")
Q_LOGGING_CATEGORY(lcNet, "vami.backend.net")
Q_LOGGING_CATEGORY(lcHttp, "vami.http")
Q_LOGGING_CATEGORY(lcHttpAccess, "vami.http.access", QtWarningMsg)
Q_LOGGING_CATEGORY(lcServer, "vami.server")

} // namespace vami
