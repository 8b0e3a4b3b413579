#include "invitedialog.h"

#include "rolenames.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "runtime/backend.h"
#include "team/teamservice.h"

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

InviteDialog::InviteDialog(AppContext &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setObjectName(u"inviteDialog"_s);
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    auto *form = new QFormLayout;
    form->setVerticalSpacing(10);
    m_email = new QLineEdit(this);
    m_email->setObjectName(u"emailEdit"_s);
    m_emailError = new FieldErrorLabel(this);
    m_emailError->setObjectName(u"emailError"_s);
    m_emailLabel = new QLabel(this);
    form->addRow(m_emailLabel, fieldBox(m_email, m_emailError));

    m_role = new QComboBox(this);
    m_role->setObjectName(u"roleCombo"_s);
    m_role->addItem(QString(), int(Role::Member));
    m_role->addItem(QString(), int(Role::Admin));
    m_roleHint = new QLabel(this);
    m_roleHint->setWordWrap(true);
    m_roleHint->setForegroundRole(QPalette::PlaceholderText);
    m_roleError = new FieldErrorLabel(this);
    m_roleError->setObjectName(u"roleError"_s);
    m_roleLabel = new QLabel(this);
    form->addRow(m_roleLabel, fieldBox(m_role, m_roleError, m_roleHint));

    m_message = new QPlainTextEdit(this);
    m_message->setObjectName(u"messageEdit"_s);
    m_message->setTabChangesFocus(true);
    m_message->setFixedHeight(90);
    m_messageError = new FieldErrorLabel(this);
    m_messageLabel = new QLabel(this);
    form->addRow(m_messageLabel, fieldBox(m_message, m_messageError));
    layout->addLayout(form);

    m_formError = new FieldErrorLabel(this);
    m_formError->setObjectName(u"formError"_s);
    layout->addWidget(m_formError);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &InviteDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &InviteDialog::reject);
    connect(m_role, &QComboBox::currentIndexChanged, this,
        [this] { m_roleHint->setText(RoleNames::roleDescription(Role(m_role->currentData().toInt()))); });
    retranslate();
}

void InviteDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void InviteDialog::retranslate()
{
    setWindowTitle(tr("Invite a team member"));
    m_intro->setText(tr("Vami e-mails an invitation link. It is valid for 7 days and can be resent or revoked "
                        "from the list of pending invitations."));
    m_emailLabel->setText(tr("E-mail address:"));
    m_roleLabel->setText(tr("Role:"));
    m_messageLabel->setText(tr("Personal message:"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_message->setPlaceholderText(tr("Optional, included in the e-mail"));
    m_role->setItemText(0, RoleNames::role(Role::Member));
    m_role->setItemText(1, RoleNames::role(Role::Admin));
    m_roleHint->setText(RoleNames::roleDescription(Role(m_role->currentData().toInt())));
    m_buttons->button(QDialogButtonBox::Ok)->setText(m_busy ? tr("Sending…") : tr("Send invitation"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void InviteDialog::accept()
{
    if (m_busy)
        return;
    for (FieldErrorLabel *label : {m_emailError, m_roleError, m_messageError, m_formError})
        label->setError(QString());
    if (m_email->text().trimmed().isEmpty()) {
        m_emailError->setError(tr("Enter the e-mail address of the person to invite."));
        m_email->setFocus();
        return;
    }
    InviteInput input;
    input.email = m_email->text().trimmed();
    input.role = Role(m_role->currentData().toInt());
    input.message = m_message->toPlainText();
    Backend *backend = &m_context.backend();
    setBusy(true);
    m_context.runAsActor(
        this, [backend, input](const Actor &actor) { return backend->service<TeamService>().invite(actor, input); },
        [this](const Result<IssuedInvitation> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            Q_EMIT invited(*result);
            QDialog::accept();
        });
}

void InviteDialog::showError(const Error &error)
{
    // Only the address takes the focus back: it is what a person corrects.
    ErrorPresenter::showOnForm(error,
        {{u"email"_s, m_emailError, m_email}, {u"role"_s, m_roleError, nullptr},
            {u"message"_s, m_messageError, nullptr}},
        m_formError);
}

void InviteDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_email->setReadOnly(busy);
    m_role->setEnabled(!busy);
    m_message->setReadOnly(busy);
    retranslate();
}

} // namespace vami
