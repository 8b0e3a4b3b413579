#pragma once

#include "agents/agent.h"
#include "core/error.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace vami {

class AppContext;
class FieldErrorLabel;

// An agent's token (the X-Agent-Token of the agent-actions routes): shown as its
// preview until revealed, copied to the clipboard, or replaced after a
// confirmation (the old token stops working at once). The full token is read from
// the service only when revealed or copied, and kept only while the dialog is open.
class AgentTokenDialog : public QDialog
{
    Q_OBJECT

public:
    AgentTokenDialog(AppContext &context, const Agent &agent, QWidget *parent = nullptr);

    [[nodiscard]] bool isRevealed() const { return m_revealed; }
    void setRevealed(bool revealed);
    void copyToken();
    // Asks first; the answer comes in a window-modal box (objectName "confirmRegenerateBox").
    void confirmRegenerate();

Q_SIGNALS:
    // A new token replaced the old one.
    void tokenRegenerated(const QUuid &agentId, const QString &preview);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateToken();
    void setBusy(bool busy);
    // Reads the full token (once) and then runs `then`.
    void withToken(std::function<void()> then);
    void regenerate();
    void showError(const Error &error);
    void showNote(const QString &note);

    AppContext &m_context;
    Agent m_agent;
    QString m_token; // the full token, once read
    bool m_revealed = false;
    bool m_busy = false;
    QLabel *m_intro = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QPushButton *m_reveal = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_regenerate = nullptr;
    QPushButton *m_close = nullptr;
    QLabel *m_note = nullptr;
    FieldErrorLabel *m_error = nullptr;
};

} // namespace vami
