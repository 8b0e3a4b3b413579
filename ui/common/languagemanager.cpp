#include "languagemanager.h"

#include "uisettings.h"

#include <QLibraryInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace vami {

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{ }

LanguageManager::~LanguageManager()
{
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
}

QList<LanguageManager::Language> LanguageManager::languages()
{
    return {{u"en"_s, u"English"_s}, {u"de"_s, u"Deutsch"_s}};
}

QString LanguageManager::savedLanguage()
{
    return UiSettings::value(UiSettings::Language).toString();
}

void LanguageManager::setLanguage(const QString &code)
{
    UiSettings::setValue(UiSettings::Language, code);
    install(code);
}

void LanguageManager::applySaved()
{
    install(savedLanguage());
}

void LanguageManager::install(const QString &code)
{
    QString wanted = code;
    if (wanted.isEmpty()) {
        wanted = u"en"_s;
        for (const QString &ui : QLocale::system().uiLanguages()) {
            const QString base = ui.section(u'-', 0, 0).toLower();
            if (base == u"de"_s || base == u"en"_s) {
                wanted = base;
                break;
            }
        }
    }
    if (m_app) {
        QCoreApplication::removeTranslator(m_app.get());
        m_app.reset();
    }
    if (m_qt) {
        QCoreApplication::removeTranslator(m_qt.get());
        m_qt.reset();
    }
    m_effective = wanted;
    if (wanted != u"en"_s) {
        const QLocale locale(wanted);
        auto app = std::make_unique<QTranslator>();
        if (app->load(locale, u"vami"_s, u"_"_s, u":/i18n"_s)) {
            QCoreApplication::installTranslator(app.get());
            m_app = std::move(app);
        } else {
            m_effective = u"en"_s;
        }
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            m_qt = std::move(qt);
        }
    }
    // Dates and numbers: the system's own formats while following the system language.
    const QLocale system = QLocale::system();
    QLocale::setDefault(
        code.isEmpty() && system.name().section(u'_', 0, 0) == m_effective ? system : QLocale(m_effective));
    Q_EMIT languageChanged();
}

} // namespace vami
