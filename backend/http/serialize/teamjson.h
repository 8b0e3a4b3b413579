#pragma once

#include "core/permission.h"
#include "json/jsonwriter.h"
#include "team/invitation.h"
#include "team/teammember.h"

namespace vami::http {

void writeTeamMember(JsonWriter &w, const TeamMember &member);
// An issued invitation also carries its token and link (shown once).
void writeInvitation(JsonWriter &w, const Invitation &invitation, const QString &token = {},
                     const QString &url = {});
[[nodiscard]] QByteArray teamStatsJson(const TeamStats &stats);
[[nodiscard]] QByteArray permissionsJson();

// Registers TeamMember, MemberPage, TeamInvitation, TeamStats, PermissionMatrix.
void registerTeamSchemas();

} // namespace vami::http
