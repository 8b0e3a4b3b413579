#include "signinpage.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "auth/authservice.h"
#include "runtime/backend.h"

#include <QCheckBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

SignInPage::SignInPage(AppContext &context, QWidget *parent)
    : CardPage(parent)
    , m_context(context)
{
    setObjectName(u"signInPage"_s);
    m_notice = new FieldErrorLabel(this);
    m_notice->setObjectName(u"noticeLabel"_s);
    m_notice->setForegroundRole(QPalette::Text);
    m_notice->setPalette(palette());
    cardLayout()->insertWidget(cardLayout()->count() - 1, m_notice);

    m_email = new QLineEdit(this);
    m_email->setObjectName(u"emailEdit"_s);
    m_email->setMinimumHeight(30);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMinimumHeight(30);
    m_remember = new QCheckBox(this);
    m_remember->setObjectName(u"rememberCheckBox"_s);
    m_emailLabel = addField(m_email);
    m_passwordLabel = addField(m_password);
    form()->addRow(m_remember);

    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"signInError"_s);
    cardLayout()->addWidget(m_error);

    m_submit = new QPushButton(this);
    m_submit->setObjectName(u"signInButton"_s);
    m_submit->setDefault(true);
    m_submit->setMinimumHeight(34);
    cardLayout()->addSpacing(6);
    cardLayout()->addWidget(m_submit);

    m_connect = new QPushButton(this);
    m_connect->setObjectName(u"connectDatabaseButton"_s);
    m_connect->setFlat(true);
    footerLayout()->addWidget(m_connect, 0, Qt::AlignHCenter);

    connect(m_submit, &QPushButton::clicked, this, &SignInPage::submit);
    connect(m_email, &QLineEdit::returnPressed, this, &SignInPage::submit);
    connect(m_password, &QLineEdit::returnPressed, this, &SignInPage::submit);
    connect(m_connect, &QPushButton::clicked, this, &SignInPage::connectDatabaseRequested);
    retranslate();
}

void SignInPage::setDatabaseLabel(const QString &label)
{
    m_databaseLabel = label;
    retranslate();
}

void SignInPage::setEmail(const QString &email)
{
    m_email->setText(email);
}

void SignInPage::setRemember(bool remember)
{
    m_remember->setChecked(remember);
}

void SignInPage::setNotice(const QString &notice)
{
    m_notice->setError(notice);
}

void SignInPage::focusFirstField()
{
    if (m_email->text().isEmpty())
        m_email->setFocus();
    else
        m_password->setFocus();
}

void SignInPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    CardPage::changeEvent(event);
}

void SignInPage::retranslate()
{
    setTitle(tr("Sign in to Vami"));
    setSubtitle(tr("Manage your team and your AI voice agents."));
    setFooter(tr("Database: %1").arg(m_databaseLabel));
    m_emailLabel->setText(tr("E-mail address"));
    m_passwordLabel->setText(tr("Password"));
    m_email->setPlaceholderText(tr("you@example.com"));
    m_remember->setText(tr("Remember me on this computer"));
    m_remember->setToolTip(tr("Keeps your session in the system keychain, so you are signed in at the next start."));
    m_submit->setText(m_submit->isEnabled() ? tr("Sign in") : tr("Signing in…"));
    m_connect->setText(tr("Connect to PostgreSQL…"));
}

void SignInPage::submit()
{
    if (!m_submit->isEnabled())
        return;
    m_error->setError(QString());
    m_notice->setError(QString());
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_error->setError(tr("Enter your e-mail address and password."));
        return;
    }
    LoginInput input;
    input.email = m_email->text().trimmed();
    input.password = m_password->text();
    const bool remember = m_remember->isChecked();
    setBusy(true);
    m_context.runOnBackend(
        this, [input](Backend &backend) { return backend.service<AuthService>().login(input, AppContext::clientInfo()); },
        [this, remember](const Result<SignedIn> &result) {
            setBusy(false);
            if (!result) {
                m_error->setError(ErrorPresenter::message(result.error()));
                m_password->selectAll();
                m_password->setFocus();
                return;
            }
            m_password->clear();
            Q_EMIT signedIn(*result, remember);
        });
}

void SignInPage::setBusy(bool busy)
{
    m_submit->setEnabled(!busy);
    m_connect->setEnabled(!busy);
    m_email->setReadOnly(busy);
    m_password->setReadOnly(busy);
    m_submit->setText(busy ? tr("Signing in…") : tr("Sign in"));
}

} // namespace vami
