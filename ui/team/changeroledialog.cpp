#include "changeroledialog.h"

#include "rolenames.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "runtime/backend.h"
#include "team/teamservice.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

ChangeRoleDialog::ChangeRoleDialog(AppContext &context, const TeamMember &member, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_member(member)
{
    setObjectName(u"changeRoleDialog"_s);
    setMinimumWidth(420);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(8);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    layout->addSpacing(4);

    auto hint = [this] {
        auto *label = new QLabel(this);
        label->setWordWrap(true);
        label->setForegroundRole(QPalette::PlaceholderText);
        label->setContentsMargins(24, 0, 0, 6);
        return label;
    };
    m_admin = new QRadioButton(this);
    m_admin->setObjectName(u"adminRadio"_s);
    m_adminHint = hint();
    m_memberRole = new QRadioButton(this);
    m_memberRole->setObjectName(u"memberRadio"_s);
    m_memberHint = hint();
    layout->addWidget(m_admin);
    layout->addWidget(m_adminHint);
    layout->addWidget(m_memberRole);
    layout->addWidget(m_memberHint);
    (member.role == Role::Admin ? m_admin : m_memberRole)->setChecked(true);

    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"formError"_s);
    layout->addWidget(m_error);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChangeRoleDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ChangeRoleDialog::reject);
    retranslate();
}

void ChangeRoleDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ChangeRoleDialog::retranslate()
{
    setWindowTitle(tr("Change role"));
    const QString name = m_member.fullName.isEmpty() ? m_member.email : m_member.fullName;
    m_intro->setText(tr("Choose the role of %1 in this organization.").arg(name));
    m_admin->setText(RoleNames::role(Role::Admin));
    m_adminHint->setText(RoleNames::roleDescription(Role::Admin));
    m_memberRole->setText(RoleNames::role(Role::Member));
    m_memberHint->setText(RoleNames::roleDescription(Role::Member));
    m_buttons->button(QDialogButtonBox::Ok)->setText(m_busy ? tr("Saving…") : tr("Change role"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void ChangeRoleDialog::accept()
{
    if (m_busy)
        return;
    m_error->setError(QString());
    const Role role = m_admin->isChecked() ? Role::Admin : Role::Member;
    if (role == m_member.role) {
        QDialog::reject();
        return;
    }
    Backend *backend = &m_context.backend();
    const QUuid userId = m_member.userId;
    setBusy(true);
    m_context.runAsActor(
        this, [backend, userId, role](const Actor &actor) { return backend->service<TeamService>().changeRole(actor, userId, role); },
        [this](const Result<TeamMember> &result) {
            setBusy(false);
            if (!result) {
                m_error->setError(ErrorPresenter::message(result.error()));
                return;
            }
            Q_EMIT roleChanged(*result);
            QDialog::accept();
        });
}

void ChangeRoleDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_admin->setEnabled(!busy);
    m_memberRole->setEnabled(!busy);
    retranslate();
}

} // namespace vami
