#pragma once

#include <QString>
#include <QVariant>

namespace vami {

// Every setting of the desktop in one table (key, default). Secrets never go here:
// they live in the keychain (SecretStore).
class UiSettings
{
public:
    enum Key {
        Language, // "" = follow the system
        WindowGeometry,
        WindowState,
        MembersHeader,
        AgentsHeader,
        LastPage, // objectName of the workspace page shown last
        LastEmail, // pre-fills the sign-in form
        RememberSession, // a refresh token for the current database is in the keychain
        PostgresUrl, // the shared company database (no password); empty = local SQLite
    };

    [[nodiscard]] static QVariant value(Key key);
    static void setValue(Key key, const QVariant &value);
    static void remove(Key key);

private:
    [[nodiscard]] static QString name(Key key);
    [[nodiscard]] static QVariant defaultValue(Key key);
};

} // namespace vami
