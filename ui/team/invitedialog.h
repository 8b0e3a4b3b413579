#pragma once

#include "core/error.h"
#include "team/invitation.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Invites someone by e-mail with a role and an optional message. The dialog sends
// the invitation itself and stays open on errors, showing the backend's field
// errors next to the fields they concern.
class InviteDialog : public QDialog
{
    Q_OBJECT

public:
    explicit InviteDialog(AppContext &context, QWidget *parent = nullptr);

    void accept() override;

Q_SIGNALS:
    void invited(const vami::IssuedInvitation &issued);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showError(const Error &error);
    void setBusy(bool busy);

    AppContext &m_context;
    QLabel *m_intro = nullptr;
    QLabel *m_emailLabel = nullptr;
    QLabel *m_roleLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLineEdit *m_email = nullptr;
    QComboBox *m_role = nullptr;
    QLabel *m_roleHint = nullptr;
    QPlainTextEdit *m_message = nullptr;
    FieldErrorLabel *m_emailError = nullptr;
    FieldErrorLabel *m_roleError = nullptr;
    FieldErrorLabel *m_messageError = nullptr;
    FieldErrorLabel *m_formError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace vami
