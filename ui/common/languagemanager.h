#pragma once

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QTranslator>

#include <memory>

namespace vami {

// Loads the application's translations (embedded under ":/i18n") and Qt's own.
// The language follows the system locale unless one is chosen in the Settings
// menu; changing it takes effect at once (widgets retranslate on LanguageChange).
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    struct Language
    {
        QString code; // "" = follow the system
        QString name; // in its own language
    };

    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;
    Q_DISABLE_COPY_MOVE(LanguageManager)

    [[nodiscard]] static QList<Language> languages();
    // The chosen language code ("" = system), as saved in the settings.
    [[nodiscard]] static QString savedLanguage();

    // Installs the translators for `code` ("" = system) and remembers the choice.
    void setLanguage(const QString &code);
    void applySaved();
    // The language actually in effect ("en", "de").
    [[nodiscard]] QString effectiveLanguage() const { return m_effective; }

Q_SIGNALS:
    void languageChanged();

private:
    void install(const QString &code);

    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
    QString m_effective = QStringLiteral("en");
};

} // namespace vami
