// The pages of the desktop's workspace, in navigation order. An area's screen is
// added here with one line; the main window and the workspace are not edited.

#include "pageregistry.h"

#include "agents/agentspage.h"
#include "team/teampage.h"

namespace vami {

PageRegistry desktopPages()
{
    PageRegistry pages;
    TeamPage::registerPage(pages);
    AgentsPage::registerPage(pages);
    return pages;
}

} // namespace vami
