#pragma once

#include "common/cardpage.h"

#include "auth/signedin.h"
#include "core/error.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Sign-in with e-mail and password; "remember me" asks the window to keep the
// session's refresh token in the keychain.
class SignInPage : public CardPage
{
    Q_OBJECT

public:
    explicit SignInPage(AppContext &context, QWidget *parent = nullptr);

    void setDatabaseLabel(const QString &label);
    void setEmail(const QString &email);
    void setRemember(bool remember);
    // A line above the form (e.g. "You were signed out").
    void setNotice(const QString &notice);
    void setBusy(bool busy);
    void focusFirstField();

Q_SIGNALS:
    void signedIn(const vami::SignedIn &signedIn, bool remember);
    void connectDatabaseRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void submit();

    AppContext &m_context;
    QString m_databaseLabel;
    QLabel *m_emailLabel = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    FieldErrorLabel *m_notice = nullptr;
    FieldErrorLabel *m_error = nullptr;
    QPushButton *m_submit = nullptr;
    QPushButton *m_connect = nullptr;
};

} // namespace vami
