#pragma once

#include "storage/databaseconfig.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace vami {

class FieldErrorLabel;

// Asks for the shared company PostgreSQL database: its address (kept in the
// settings, without the password) and the password (kept in the keychain when
// wanted). It validates the address; connecting is the window's job.
class DatabaseDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DatabaseDialog(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    void setPassword(const QString &password);
    void setMessage(const QString &message);

    // Valid after accept(): the configuration with the password filled in.
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }
    // The address without the password, as saved in the settings.
    [[nodiscard]] QString savedUrl() const { return m_config.displayUrl(); }
    [[nodiscard]] bool keepPassword() const;
    // The servers' secret ([auth] secret, at least 32 bytes), decoded; empty when not
    // given. Valid after accept().
    [[nodiscard]] const QByteArray &serverSecret() const { return m_secret; }

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    DatabaseConfig m_config;
    QByteArray m_secret;
    FieldErrorLabel *m_message = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    FieldErrorLabel *m_secretError = nullptr;
    QLabel *m_secretLabel = nullptr;
    QCheckBox *m_keep = nullptr;
    FieldErrorLabel *m_urlError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QLabel *m_intro = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_passwordLabel = nullptr;
};

} // namespace vami
