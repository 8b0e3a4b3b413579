#include "uisettings.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace vami {

QString UiSettings::name(Key key)
{
    switch (key) {
    case Language:
        return u"ui/language"_s;
    case WindowGeometry:
        return u"window/geometry"_s;
    case WindowState:
        return u"window/state"_s;
    case MembersHeader:
        return u"team/membersHeader"_s;
    case AgentsHeader:
        return u"agents/agentsHeader"_s;
    case LastPage:
        return u"workspace/lastPage"_s;
    case LastEmail:
        return u"signin/lastEmail"_s;
    case RememberSession:
        return u"signin/remember"_s;
    case PostgresUrl:
        return u"database/postgresUrl"_s;
    }
    return {};
}

QVariant UiSettings::defaultValue(Key key)
{
    switch (key) {
    case Language:
    case LastPage:
    case LastEmail:
    case PostgresUrl:
        return QString();
    case RememberSession:
        return false;
    default:
        return {};
    }
}

QVariant UiSettings::value(Key key)
{
    return QSettings().value(name(key), defaultValue(key));
}

void UiSettings::setValue(Key key, const QVariant &value)
{
    QSettings().setValue(name(key), value);
}

void UiSettings::remove(Key key)
{
    QSettings().remove(name(key));
}

} // namespace vami
