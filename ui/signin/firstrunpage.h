#pragma once

#include "common/cardpage.h"

#include "auth/signedin.h"
#include "core/error.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace vami {

class AppContext;
class FieldErrorLabel;

// The first start on an empty database: create the organization and its owner
// account (AuthService::registerAccount), which also signs the owner in.
class FirstRunPage : public CardPage
{
    Q_OBJECT

public:
    explicit FirstRunPage(AppContext &context, QWidget *parent = nullptr);

    void setDatabaseLabel(const QString &label);
    void focusFirstField();

Q_SIGNALS:
    void registered(const vami::SignedIn &signedIn);
    void connectDatabaseRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void submit();
    void showError(const Error &error);
    void clearErrors();
    void setBusy(bool busy);

    AppContext &m_context;
    QString m_databaseLabel;
    QList<QLabel *> m_labels;
    QLineEdit *m_organization = nullptr;
    QLineEdit *m_fullName = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_confirm = nullptr;
    FieldErrorLabel *m_organizationError = nullptr;
    FieldErrorLabel *m_fullNameError = nullptr;
    FieldErrorLabel *m_emailError = nullptr;
    FieldErrorLabel *m_passwordError = nullptr;
    FieldErrorLabel *m_confirmError = nullptr;
    FieldErrorLabel *m_formError = nullptr;
    QPushButton *m_submit = nullptr;
    QPushButton *m_connect = nullptr;
};

} // namespace vami
