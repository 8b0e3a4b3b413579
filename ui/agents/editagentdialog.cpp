#include "editagentdialog.h"

#include "agentnames.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "agents/agentlimits.h"
#include "runtime/backend.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr AgentStatus Statuses[] = {
    AgentStatus::Active, AgentStatus::Inactive, AgentStatus::Suspended, AgentStatus::Deleted};

QVBoxLayout *fieldBox(QWidget *field, QWidget *error, QWidget *hint = nullptr)
{
    auto *box = new QVBoxLayout;
    box->setSpacing(2);
    box->addWidget(field);
    if (hint)
        box->addWidget(hint);
    box->addWidget(error);
    return box;
}

} // namespace

EditAgentDialog::EditAgentDialog(AppContext &context, const Agent &agent, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_agent(agent)
{
    setObjectName(u"editAgentDialog"_s);
    setMinimumWidth(600);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    auto *form = new QFormLayout;
    form->setVerticalSpacing(8);

    m_name = new QLineEdit(agent.name, this);
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setMaxLength(AgentLimits::MaxNameLength);
    m_nameError = new FieldErrorLabel(this);
    m_nameError->setObjectName(u"nameError"_s);
    m_nameLabel = new QLabel(this);
    form->addRow(m_nameLabel, fieldBox(m_name, m_nameError));

    m_prompt = new QPlainTextEdit(agent.prompt, this);
    m_prompt->setObjectName(u"promptEdit"_s);
    m_prompt->setTabChangesFocus(true);
    m_prompt->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_prompt->setMinimumHeight(180); // grows with the dialog
    m_promptError = new FieldErrorLabel(this);
    m_promptError->setObjectName(u"promptError"_s);
    m_promptLabel = new QLabel(this);
    form->addRow(m_promptLabel, fieldBox(m_prompt, m_promptError));

    m_firstMessage = new QPlainTextEdit(agent.firstMessage, this);
    m_firstMessage->setObjectName(u"firstMessageEdit"_s);
    m_firstMessage->setTabChangesFocus(true);
    m_firstMessage->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_firstMessage->setFixedHeight(60);
    m_firstMessageError = new FieldErrorLabel(this);
    m_firstMessageError->setObjectName(u"firstMessageError"_s);
    m_firstMessageLabel = new QLabel(this);
    form->addRow(m_firstMessageLabel, fieldBox(m_firstMessage, m_firstMessageError));

    m_voice = new QLineEdit(agent.voiceId, this);
    m_voice->setObjectName(u"voiceEdit"_s);
    m_voice->setMaxLength(AgentLimits::MaxVoiceIdLength);
    m_voiceError = new FieldErrorLabel(this);
    m_voiceError->setObjectName(u"voiceError"_s);
    m_voiceLabel = new QLabel(this);
    form->addRow(m_voiceLabel, fieldBox(m_voice, m_voiceError));

    m_status = new QComboBox(this);
    m_status->setObjectName(u"statusCombo"_s);
    for (AgentStatus status : Statuses)
        m_status->addItem(QString(), int(status));
    m_status->setCurrentIndex(m_status->findData(int(agent.status)));
    m_statusHint = new QLabel(this);
    m_statusHint->setWordWrap(true);
    m_statusHint->setForegroundRole(QPalette::PlaceholderText);
    m_deleteWarning = new FieldErrorLabel(this);
    m_deleteWarning->setObjectName(u"deleteWarning"_s);
    m_statusLabel = new QLabel(this);
    form->addRow(m_statusLabel, fieldBox(m_status, m_deleteWarning, m_statusHint));
    layout->addLayout(form, 1);

    m_formError = new FieldErrorLabel(this);
    m_formError->setObjectName(u"formError"_s);
    layout->addWidget(m_formError);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EditAgentDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EditAgentDialog::reject);
    connect(m_status, &QComboBox::currentIndexChanged, this, &EditAgentDialog::retranslate);
    retranslate();
}

void EditAgentDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

AgentStatus EditAgentDialog::chosenStatus() const
{
    return AgentStatus(m_status->currentData().toInt());
}

void EditAgentDialog::retranslate()
{
    setWindowTitle(tr("Edit agent %1").arg(m_agent.name));
    m_nameLabel->setText(tr("Name:"));
    m_promptLabel->setText(tr("Prompt:"));
    m_firstMessageLabel->setText(tr("First message:"));
    m_voiceLabel->setText(tr("Voice ID:"));
    m_statusLabel->setText(tr("Status:"));
    for (int i = 0; i < m_status->count(); ++i)
        m_status->setItemText(i, AgentNames::status(AgentStatus(m_status->itemData(i).toInt())));
    updateStatusHint();
    const bool deleting = chosenStatus() == AgentStatus::Deleted && m_agent.status != AgentStatus::Deleted;
    m_buttons->button(QDialogButtonBox::Ok)
        ->setText(m_busy ? tr("Saving…") : deleting ? tr("Delete agent") : tr("Save changes"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void EditAgentDialog::updateStatusHint()
{
    const AgentStatus status = chosenStatus();
    m_statusHint->setText(AgentNames::statusDescription(status));
    m_deleteWarning->setError(status == AgentStatus::Deleted
            ? tr("Saving deletes %1: it leaves the list and its token stops working at once. This cannot be "
                 "undone here.")
                  .arg(m_agent.name)
            : QString());
}

UpdateAgentInput EditAgentDialog::changes() const
{
    UpdateAgentInput input;
    if (const QString name = m_name->text().trimmed(); name != m_agent.name)
        input.name = name;
    if (const QString prompt = m_prompt->toPlainText(); prompt != m_agent.prompt)
        input.prompt = prompt;
    if (const QString message = m_firstMessage->toPlainText(); message != m_agent.firstMessage)
        input.firstMessage = message;
    if (const QString voice = m_voice->text().trimmed(); voice != m_agent.voiceId)
        input.voiceId = voice;
    if (const AgentStatus status = chosenStatus(); status != m_agent.status)
        input.status = status;
    return input;
}

void EditAgentDialog::accept()
{
    if (m_busy)
        return;
    for (FieldErrorLabel *label : {m_nameError, m_promptError, m_firstMessageError, m_voiceError, m_formError})
        label->setError(QString());
    if (m_name->text().trimmed().isEmpty()) {
        m_nameError->setError(tr("Enter a name for the agent."));
        m_name->setFocus();
        return;
    }
    const UpdateAgentInput input = changes();
    if (!input.name && !input.prompt && !input.firstMessage && !input.voiceId && !input.status) {
        QDialog::reject(); // nothing to save
        return;
    }
    Backend *backend = &m_context.backend();
    const QUuid agentId = m_agent.id;
    setBusy(true);
    m_context.runAsActor(
        this,
        [backend, agentId, input](const Actor &actor) {
            return backend->service<AgentService>().update(actor, agentId, input);
        },
        [this](const Result<Agent> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            Q_EMIT agentUpdated(*result);
            QDialog::accept();
        });
}

void EditAgentDialog::showError(const Error &error)
{
    ErrorPresenter::showOnForm(error,
        {{u"agent_name"_s, m_nameError, m_name},
            {u"prompt"_s, m_promptError, m_prompt},
            {u"first_message"_s, m_firstMessageError, m_firstMessage},
            {u"voice_id"_s, m_voiceError, m_voice}},
        m_formError);
}

void EditAgentDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_name->setReadOnly(busy);
    m_prompt->setReadOnly(busy);
    m_firstMessage->setReadOnly(busy);
    m_voice->setReadOnly(busy);
    m_status->setEnabled(!busy);
    retranslate();
}

} // namespace vami
