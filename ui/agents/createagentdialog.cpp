#include "createagentdialog.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "agents/agentlimits.h"
#include "agents/agentservice.h"
#include "agents/agenttemplates.h"
#include "runtime/backend.h"

#include <QComboBox>
#include <QCoreApplication>
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

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// Null when left empty: the template's (or the default) text applies.
QString given(const QString &text)
{
    return text.trimmed().isEmpty() ? QString() : text;
}

} // namespace

CreateAgentDialog::CreateAgentDialog(AppContext &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setObjectName(u"createAgentDialog"_s);
    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    m_form = new QFormLayout;
    m_form->setVerticalSpacing(8);
    m_template = new QComboBox(this);
    m_template->setObjectName(u"templateCombo"_s);
    for (const AgentTemplate &t : AgentTemplates::all())
        m_template->addItem(QCoreApplication::translate("vami", t.name.toUtf8().constData()), enumName(t.key));
    m_template->addItem(QString(), QString()); // by hand
    m_templateDescription = hintLabel(this);
    m_templateDescription->setObjectName(u"templateDescription"_s);
    m_templateLabel = new QLabel(this);
    m_form->addRow(m_templateLabel, fieldBox(m_template, m_templateDescription));

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setMaxLength(AgentLimits::MaxNameLength);
    m_nameError = new FieldErrorLabel(this);
    m_nameError->setObjectName(u"nameError"_s);
    m_nameLabel = new QLabel(this);
    m_form->addRow(m_nameLabel, fieldBox(m_name, m_nameError));

    m_businessName = new QLineEdit(this);
    m_businessName->setObjectName(u"businessNameEdit"_s);
    m_businessName->setMaxLength(AgentLimits::MaxBusinessNameLength);
    m_businessNameError = new FieldErrorLabel(this);
    m_businessNameError->setObjectName(u"businessNameError"_s);
    m_businessNameLabel = new QLabel(this);
    m_form->addRow(m_businessNameLabel, fieldBox(m_businessName, m_businessNameError));

    m_phone = new QLineEdit(this);
    m_phone->setObjectName(u"phoneEdit"_s);
    m_phone->setMaxLength(AgentLimits::MaxPhoneNumberLength);
    m_phoneHint = hintLabel(this);
    m_phoneError = new FieldErrorLabel(this);
    m_phoneError->setObjectName(u"phoneError"_s);
    m_phoneLabel = new QLabel(this);
    m_form->addRow(m_phoneLabel, fieldBox(m_phone, m_phoneError, m_phoneHint));

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(u"promptEdit"_s);
    m_prompt->setTabChangesFocus(true);
    m_prompt->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_prompt->setMinimumHeight(96); // grows with the dialog
    m_promptError = new FieldErrorLabel(this);
    m_promptError->setObjectName(u"promptError"_s);
    m_promptLabel = new QLabel(this);
    m_form->addRow(m_promptLabel, fieldBox(m_prompt, m_promptError));

    m_firstMessage = new QPlainTextEdit(this);
    m_firstMessage->setObjectName(u"firstMessageEdit"_s);
    m_firstMessage->setTabChangesFocus(true);
    m_firstMessage->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_firstMessage->setFixedHeight(52);
    m_firstMessageError = new FieldErrorLabel(this);
    m_firstMessageError->setObjectName(u"firstMessageError"_s);
    m_firstMessageLabel = new QLabel(this);
    m_form->addRow(m_firstMessageLabel, fieldBox(m_firstMessage, m_firstMessageError));

    m_voice = new QLineEdit(this);
    m_voice->setObjectName(u"voiceEdit"_s);
    m_voice->setMaxLength(AgentLimits::MaxVoiceIdLength);
    m_voiceError = new FieldErrorLabel(this);
    m_voiceError->setObjectName(u"voiceError"_s);
    m_voiceLabel = new QLabel(this);
    m_form->addRow(m_voiceLabel, fieldBox(m_voice, m_voiceError));
    layout->addLayout(m_form);

    m_formError = new FieldErrorLabel(this);
    m_formError->setObjectName(u"formError"_s);
    layout->addWidget(m_formError);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateAgentDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CreateAgentDialog::reject);
    connect(m_template, &QComboBox::currentIndexChanged, this, &CreateAgentDialog::updateTemplate);
    retranslate();
    m_name->setFocus();
}

void CreateAgentDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

bool CreateAgentDialog::fromTemplate() const
{
    return !m_template->currentData().toString().isEmpty();
}

void CreateAgentDialog::retranslate()
{
    setWindowTitle(tr("New agent"));
    m_intro->setText(tr("An agent answers calls for %1. Start from a template for your industry and Vami writes "
                        "its prompt and greeting, or write them yourself.")
                         .arg(m_context.session().organization.name));
    m_templateLabel->setText(tr("Start from:"));
    m_template->setItemText(m_template->count() - 1, tr("No template (write it by hand)"));
    m_nameLabel->setText(tr("Name:"));
    m_name->setPlaceholderText(tr("What the agent calls itself, such as “Ava”"));
    m_businessNameLabel->setText(tr("Business name:"));
    m_businessName->setPlaceholderText(tr("Optional; “%1” when empty").arg(AgentTemplates::DefaultBusinessName));
    m_phoneLabel->setText(tr("Phone number:"));
    m_phone->setPlaceholderText(tr("Optional; “%1” when empty").arg(AgentTemplates::DefaultPhoneNumber));
    m_phoneHint->setText(tr("The business's number, which the agent gives callers it cannot help."));
    m_promptLabel->setText(tr("Prompt:"));
    m_firstMessageLabel->setText(tr("First message:"));
    m_voiceLabel->setText(tr("Voice ID:"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(m_busy ? tr("Creating…") : tr("Create agent"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    updateTemplate();
}

void CreateAgentDialog::updateTemplate()
{
    const auto key = parseEnum<AgentTemplateKey>(QStringView(m_template->currentData().toString()));
    const bool withTemplate = key.has_value();
    m_form->setRowVisible(m_businessNameLabel, withTemplate);
    m_form->setRowVisible(m_phoneLabel, withTemplate);
    if (withTemplate) {
        const AgentTemplate &t = AgentTemplates::get(*key);
        m_templateDescription->setText(QCoreApplication::translate("vami", t.description.toUtf8().constData()));
        m_prompt->setPlaceholderText(tr("Optional; the template's prompt when empty"));
        m_firstMessage->setPlaceholderText(tr("Optional; the template's greeting when empty"));
        m_voice->setPlaceholderText(tr("Optional; %1 when empty").arg(t.voiceId));
    } else {
        m_templateDescription->setText(
            tr("A short starting prompt and greeting; write your own here or change them later."));
        m_prompt->setPlaceholderText(tr("Optional; a short starting prompt when empty"));
        m_firstMessage->setPlaceholderText(tr("Optional; a short greeting when empty"));
        m_voice->setPlaceholderText(tr("Optional; %1 when empty").arg(AgentService::DefaultVoiceId));
    }
    adjustSize();
}

void CreateAgentDialog::accept()
{
    if (m_busy)
        return;
    for (FieldErrorLabel *label : {m_nameError, m_businessNameError, m_phoneError, m_promptError,
             m_firstMessageError, m_voiceError, m_formError})
        label->setError(QString());
    if (m_name->text().trimmed().isEmpty()) {
        m_nameError->setError(tr("Enter a name for the agent."));
        m_name->setFocus();
        return;
    }
    CreateAgentInput input;
    input.name = m_name->text().trimmed();
    input.templateKey = m_template->currentData().toString();
    if (fromTemplate()) {
        input.businessName = m_businessName->text().trimmed();
        input.phoneNumber = m_phone->text().trimmed();
    }
    input.prompt = given(m_prompt->toPlainText());
    input.firstMessage = given(m_firstMessage->toPlainText());
    input.voiceId = given(m_voice->text().trimmed());
    Backend *backend = &m_context.backend();
    setBusy(true);
    m_context.runAsActor(
        this, [backend, input](const Actor &actor) { return backend->service<AgentService>().create(actor, input); },
        [this](const Result<Agent> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            Q_EMIT created(*result);
            QDialog::accept();
        });
}

void CreateAgentDialog::showError(const Error &error)
{
    ErrorPresenter::showOnForm(error,
        {{u"agent_name"_s, m_nameError, m_name},
            {u"business_name"_s, m_businessNameError, m_businessName},
            {u"phone_number"_s, m_phoneError, m_phone},
            {u"prompt"_s, m_promptError, m_prompt},
            {u"first_message"_s, m_firstMessageError, m_firstMessage},
            {u"voice_id"_s, m_voiceError, m_voice}},
        m_formError);
}

void CreateAgentDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_template->setEnabled(!busy);
    for (QLineEdit *edit : {m_name, m_businessName, m_phone, m_voice})
        edit->setReadOnly(busy);
    m_prompt->setReadOnly(busy);
    m_firstMessage->setReadOnly(busy);
    retranslate();
}

} // namespace vami
