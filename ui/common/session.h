#pragma once

#include "auth/signedin.h"
#include "core/role.h"

namespace vami {

// The signed-in user of the desktop: the session every backend call is made with
// (the actor is resolved from it afresh for each call) and what the window shows.
struct Session
{
    SessionRef ref;
    User user;
    Organization organization;
    Role role = Role::Member;

    [[nodiscard]] bool isValid() const { return !ref.sessionId.isNull(); }

    static Session fromSignedIn(const SignedIn &signedIn)
    {
        Session s;
        s.ref = SessionRef {signedIn.sessionId, signedIn.user.id, signedIn.organization.id, signedIn.user.tokenVersion};
        s.user = signedIn.user;
        s.organization = signedIn.organization;
        s.role = signedIn.role;
        return s;
    }
};

} // namespace vami
