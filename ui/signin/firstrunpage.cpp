#include "firstrunpage.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "auth/authservice.h"
#include "runtime/backend.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QLineEdit *lineEdit(QWidget *parent, const QString &name)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setMinimumHeight(30);
    return edit;
}

} // namespace

FirstRunPage::FirstRunPage(AppContext &context, QWidget *parent)
    : CardPage(parent)
    , m_context(context)
{
    setObjectName(u"firstRunPage"_s);
    m_organization = lineEdit(this, u"organizationEdit"_s);
    m_organization->setMaxLength(255);
    m_fullName = lineEdit(this, u"fullNameEdit"_s);
    m_fullName->setMaxLength(255);
    m_email = lineEdit(this, u"emailEdit"_s);
    m_password = lineEdit(this, u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = lineEdit(this, u"confirmEdit"_s);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_organizationError = new FieldErrorLabel(this);
    m_fullNameError = new FieldErrorLabel(this);
    m_emailError = new FieldErrorLabel(this);
    m_emailError->setObjectName(u"emailError"_s);
    m_passwordError = new FieldErrorLabel(this);
    m_passwordError->setObjectName(u"passwordError"_s);
    m_confirmError = new FieldErrorLabel(this);
    m_formError = new FieldErrorLabel(this);
    m_formError->setObjectName(u"formError"_s);

    m_labels = {addField(m_organization, m_organizationError), addField(m_fullName, m_fullNameError),
        addField(m_email, m_emailError), addField(m_password, m_passwordError), addField(m_confirm, m_confirmError)};
    cardLayout()->addWidget(m_formError);

    m_submit = new QPushButton(this);
    m_submit->setObjectName(u"createButton"_s);
    m_submit->setDefault(true);
    m_submit->setMinimumHeight(34);
    cardLayout()->addSpacing(6);
    cardLayout()->addWidget(m_submit);

    m_connect = new QPushButton(this);
    m_connect->setObjectName(u"connectDatabaseButton"_s);
    m_connect->setFlat(true);
    footerLayout()->addWidget(m_connect, 0, Qt::AlignHCenter);

    connect(m_submit, &QPushButton::clicked, this, &FirstRunPage::submit);
    for (QLineEdit *edit : {m_organization, m_fullName, m_email, m_password, m_confirm})
        connect(edit, &QLineEdit::returnPressed, this, &FirstRunPage::submit);
    connect(m_connect, &QPushButton::clicked, this, &FirstRunPage::connectDatabaseRequested);
    retranslate();
}

void FirstRunPage::setDatabaseLabel(const QString &label)
{
    m_databaseLabel = label;
    retranslate();
}

void FirstRunPage::focusFirstField()
{
    m_organization->setFocus();
}

void FirstRunPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    CardPage::changeEvent(event);
}

void FirstRunPage::retranslate()
{
    setTitle(tr("Welcome to Vami"));
    setSubtitle(tr("This database is empty. Create your organization and the owner account to get started."));
    setFooter(tr("Database: %1").arg(m_databaseLabel));
    const QStringList texts {
        tr("Organization name"), tr("Your full name"), tr("E-mail address"), tr("Password"), tr("Confirm password")};
    for (int i = 0; i < m_labels.size(); ++i)
        m_labels.at(i)->setText(texts.at(i));
    m_organization->setPlaceholderText(tr("e.g. Example Dental Practice"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_password->setPlaceholderText(tr("8+ characters with upper and lower case, a digit and a symbol"));
    m_submit->setText(tr("Create organization"));
    m_connect->setText(tr("Connect to a PostgreSQL database instead…"));
}

void FirstRunPage::clearErrors()
{
    for (FieldErrorLabel *label :
        {m_organizationError, m_fullNameError, m_emailError, m_passwordError, m_confirmError, m_formError})
        label->setError(QString());
}

void FirstRunPage::submit()
{
    if (!m_submit->isEnabled())
        return;
    clearErrors();
    bool ok = true;
    if (m_organization->text().trimmed().isEmpty()) {
        m_organizationError->setError(tr("Enter the name of your organization."));
        ok = false;
    }
    if (m_fullName->text().trimmed().isEmpty()) {
        m_fullNameError->setError(tr("Enter your name."));
        ok = false;
    }
    if (m_email->text().trimmed().isEmpty()) {
        m_emailError->setError(tr("Enter your e-mail address."));
        ok = false;
    }
    if (m_password->text().isEmpty()) {
        m_passwordError->setError(tr("Choose a password."));
        ok = false;
    } else if (m_password->text() != m_confirm->text()) {
        m_confirmError->setError(tr("The passwords do not match."));
        ok = false;
    }
    if (!ok)
        return;

    RegisterInput input;
    input.companyName = m_organization->text().trimmed();
    input.fullName = m_fullName->text().trimmed();
    input.email = m_email->text().trimmed();
    input.password = m_password->text();
    setBusy(true);
    m_context.runOnBackend(
        this, [input](Backend &backend) { return backend.service<AuthService>().registerAccount(input, AppContext::clientInfo()); },
        [this](const Result<SignedIn> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            m_password->clear();
            m_confirm->clear();
            Q_EMIT registered(*result);
        });
}

void FirstRunPage::showError(const Error &error)
{
    ErrorPresenter::showOnForm(error,
        {{u"company_name"_s, m_organizationError, nullptr}, {u"full_name"_s, m_fullNameError, nullptr},
            {u"email"_s, m_emailError, nullptr}, {u"password"_s, m_passwordError, nullptr}},
        m_formError);
}

void FirstRunPage::setBusy(bool busy)
{
    m_submit->setEnabled(!busy);
    m_connect->setEnabled(!busy);
    for (QLineEdit *edit : {m_organization, m_fullName, m_email, m_password, m_confirm})
        edit->setReadOnly(busy);
    m_submit->setText(busy ? tr("Creating…") : tr("Create organization"));
}

} // namespace vami
