<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DesktopOptions</name>
    <message>
        <source>Vami: administration for AI voice agents (team, calls, calendar, settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this database instead of the saved choice: sqlite:///path/file.db or postgresql://user@host:5432/name (the password is asked for).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of the local database (default: the user&apos;s data folder).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <source>Something went wrong inside Vami. The details were written to the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached right now: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleNames</name>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full control, including billing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manages the team, agents and integrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses Vami: views reports, makes calls, manages the calendar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cannot create the data folder %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami</name>
    <message>
        <source>API key not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API keys cannot create API keys; sign in to do this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one of %1 and %2 may be given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be greater than or equal to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be less than or equal to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry must be in the future and at most 10 years away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role cannot grant the permission %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You already have %1 API keys; revoke one first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This API key does not allow the action %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin or owner access required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner access required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow the action %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid email or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not validate credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration failed: email already registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is scheduled for deletion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts. Try again in %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account is not a member of any organization. Ask an administrator for a new invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API keys have no session to end; revoke the key instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your membership in this organization is not active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An API key belongs to one organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must be at least 8 characters long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must be at most 1024 bytes long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must contain at least one uppercase letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must contain at least one lowercase letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must contain at least one digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password must contain at least one special character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value is not a valid email address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String should have at least 1 character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String should have at most %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text must not contain control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some fields are not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team member not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not authenticated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid authorization header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid integer, unable to parse string as an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid boolean, unable to interpret input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON decode error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy. Try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot listen on the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input is nested too deeply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String should have at least %1 character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String should have at least %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String should have at most %1 character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid datetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid integer, got a number with a fractional part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List should have at least %1 item after validation, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List should have at least %1 items after validation, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List should have at most %1 item after validation, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List should have at most %1 items after validation, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input should be a valid dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra inputs are not permitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail server refused the user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail server did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secure connection to the mail server failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mail server did not accept the message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mail server is configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite database driver is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database folder cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL database driver is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use sqlite:///path/to/file.db or postgresql://user:password@host:port/database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database was created by a newer version of Vami.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change conflicts with other data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid or expired invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User is already a team member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot invite a member with owner role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the organization owner can grant the admin role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An invitation has already been sent to this email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your organization has %1 pending invitations; revoke some before inviting more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many invitations in the last hour; try again later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove organization owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last owner cannot leave the organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the organization owner can remove an admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot assign owner role through this endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot change owner role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the organization owner can grant or revoke the admin role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as a person to accept an invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invitation was sent to a different e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in, or give a password, to accept this invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this e-mail address exists; sign in to accept the invitation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::ChangeRoleDialog</name>
    <message>
        <source>Change role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the role of %1 in this organization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::DatabaseDialog</name>
    <message>
        <source>Connect to PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the shared company database instead of the local one on this computer. The address is saved in the settings; the password only in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the password in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the address of the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address must start with postgresql://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the password out of the address and enter it in the password field.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::FirstRunPage</name>
    <message>
        <source>Welcome to Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database is empty. Create your organization and the owner account to get started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Example Dental Practice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8+ characters with upper and lower case, a digit and a symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a PostgreSQL database instead…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name of your organization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::InvitationsTableModel</name>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invited by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::InviteDialog</name>
    <message>
        <source>Invite a team member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vami e-mails an invitation link. It is valid for 7 days and can be resent or revoked from the list of pending invitations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, included in the e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the e-mail address of the person to invite.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::MainWindow</name>
    <message>
        <source>%1 – Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to &amp;PostgreSQL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;Local Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is not available. Enter the database password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the database password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database password was not saved: the system keychain is not available. Vami will ask for it next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is not available, so Vami could not sign you in automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your saved sign-in is no longer valid. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vami cannot remember you: the system keychain is not available. Nothing was stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Vami %1&lt;/h3&gt;&lt;p&gt;Administration for AI voice agents: your team today; calls, calendar and settings as they arrive.&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;&lt;p&gt;Built with Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::MembersTableModel</name>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last active</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::SecretStore</name>
    <message>
        <source>The keychain did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::SignInPage</name>
    <message>
        <source>Sign in to Vami</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage your team and your AI voice agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps your session in the system keychain, so you are signed in at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to PostgreSQL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your e-mail address and password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::StartupPage</name>
    <message>
        <source>The database could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to PostgreSQL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the local database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::TeamPage</name>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People in %1, their roles and open invitations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invite Member…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Change Role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move Member…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invite member…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitations expire after 7 days. Resending creates a new link and extends it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role (%1) may not manage the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link is shown only when it is created. Resend the invitation to create a new link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading members…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No members yet. Invite people with “Invite member…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No members match your search. Try another name or e-mail, or clear the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing %1 of %2 members. Scroll down to load more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading invitations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pending invitations. Invite people with “Invite member…”; their invitations wait here until they accept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pending invitations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invitation sent to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from %2? They lose access at once; their account stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was removed from the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation for %1 was revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resend invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new invitation was sent to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The invitation link for %1 was copied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::TeamStatsBar</name>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owners · Admins · Members</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vami::Workspace</name>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members, roles and invitations (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
