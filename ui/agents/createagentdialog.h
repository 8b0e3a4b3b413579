#pragma once

#include "agents/agent.h"
#include "core/error.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Creates an agent from one of the built-in templates (filled in for the business
// name and phone number) or by hand, with an optional prompt, first message and
// voice of its own. The dialog creates the agent itself and stays open with the
// input kept on errors: field errors next to their fields, others (no server
// secret, say) under the form.
class CreateAgentDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CreateAgentDialog(AppContext &context, QWidget *parent = nullptr);

    void accept() override;

Q_SIGNALS:
    void created(const vami::Agent &agent);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateTemplate();
    void showError(const Error &error);
    void setBusy(bool busy);
    [[nodiscard]] bool fromTemplate() const;

    AppContext &m_context;
    QFormLayout *m_form = nullptr;
    QLabel *m_intro = nullptr;
    QLabel *m_templateLabel = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_businessNameLabel = nullptr;
    QLabel *m_phoneLabel = nullptr;
    QLabel *m_promptLabel = nullptr;
    QLabel *m_firstMessageLabel = nullptr;
    QLabel *m_voiceLabel = nullptr;
    QComboBox *m_template = nullptr;
    QLabel *m_templateDescription = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_businessName = nullptr;
    QLineEdit *m_phone = nullptr;
    QLabel *m_phoneHint = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QPlainTextEdit *m_firstMessage = nullptr;
    QLineEdit *m_voice = nullptr;
    FieldErrorLabel *m_nameError = nullptr;
    FieldErrorLabel *m_businessNameError = nullptr;
    FieldErrorLabel *m_phoneError = nullptr;
    FieldErrorLabel *m_promptError = nullptr;
    FieldErrorLabel *m_firstMessageError = nullptr;
    FieldErrorLabel *m_voiceError = nullptr;
    FieldErrorLabel *m_formError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace vami
