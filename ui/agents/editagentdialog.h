#pragma once

#include "agents/agent.h"
#include "agents/agentservice.h"
#include "core/error.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace vami {

class AppContext;
class FieldErrorLabel;

// Edits an agent's name, prompt, first message, voice and status. Only the fields
// that were changed are sent; the dialog saves itself and stays open on errors.
class EditAgentDialog : public QDialog
{
    Q_OBJECT

public:
    EditAgentDialog(AppContext &context, const Agent &agent, QWidget *parent = nullptr);

    void accept() override;
    // What accept() would send: the changed fields only.
    [[nodiscard]] UpdateAgentInput changes() const;

Q_SIGNALS:
    void agentUpdated(const vami::Agent &agent);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateStatusHint();
    void showError(const Error &error);
    void setBusy(bool busy);
    [[nodiscard]] AgentStatus chosenStatus() const;

    AppContext &m_context;
    Agent m_agent;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_promptLabel = nullptr;
    QLabel *m_firstMessageLabel = nullptr;
    QLabel *m_voiceLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QPlainTextEdit *m_firstMessage = nullptr;
    QLineEdit *m_voice = nullptr;
    QComboBox *m_status = nullptr;
    QLabel *m_statusHint = nullptr;
    FieldErrorLabel *m_nameError = nullptr;
    FieldErrorLabel *m_promptError = nullptr;
    FieldErrorLabel *m_firstMessageError = nullptr;
    FieldErrorLabel *m_voiceError = nullptr;
    FieldErrorLabel *m_deleteWarning = nullptr;
    FieldErrorLabel *m_formError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace vami
