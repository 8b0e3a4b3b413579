#include "databasedialog.h"

#include "common/errorpresenter.h"
#include "common/formfield.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

DatabaseDialog::DatabaseDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"databaseDialog"_s);
    setMinimumWidth(520);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);
    m_message = new FieldErrorLabel(this);
    layout->addWidget(m_message);

    auto *form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setObjectName(u"urlEdit"_s);
    m_urlError = new FieldErrorLabel(this);
    auto *urlBox = new QVBoxLayout;
    urlBox->setSpacing(2);
    urlBox->addWidget(m_url);
    urlBox->addWidget(m_urlError);
    m_urlLabel = new QLabel(this);
    form->addRow(m_urlLabel, urlBox);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordLabel = new QLabel(this);
    form->addRow(m_passwordLabel, m_password);
    m_secretEdit = new QLineEdit(this);
    m_secretEdit->setObjectName(u"secretEdit"_s);
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretError = new FieldErrorLabel(this);
    auto *secretBox = new QVBoxLayout;
    secretBox->setSpacing(2);
    secretBox->addWidget(m_secretEdit);
    secretBox->addWidget(m_secretError);
    m_secretLabel = new QLabel(this);
    form->addRow(m_secretLabel, secretBox);
    m_keep = new QCheckBox(this);
    m_keep->setChecked(true);
    form->addRow(QString(), m_keep);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DatabaseDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DatabaseDialog::reject);
    retranslate();
}

void DatabaseDialog::setUrl(const QString &url)
{
    m_url->setText(url);
}

void DatabaseDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

void DatabaseDialog::setMessage(const QString &message)
{
    m_message->setError(message);
}

bool DatabaseDialog::keepPassword() const
{
    return m_keep->isChecked();
}

void DatabaseDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void DatabaseDialog::retranslate()
{
    setWindowTitle(tr("Connect to PostgreSQL"));
    m_intro->setText(tr("Open the shared company database instead of the local one on this computer. "
                        "The address is saved in the settings; the password only in the system keychain."));
    m_urlLabel->setText(tr("Address:"));
    m_passwordLabel->setText(tr("Password:"));
    m_secretLabel->setText(tr("Server secret:"));
    m_secretEdit->setPlaceholderText(tr("Optional: the [auth] secret of the Vami servers"));
    m_secretEdit->setToolTip(tr("The secret the Vami servers on this database share (base64). Agents "
                                "can be created and their tokens read only with it; it is kept in "
                                "the system keychain, never in the settings."));
    m_url->setPlaceholderText(u"postgresql://vami@db.example.com:5432/vami?sslmode=require"_s);
    m_keep->setText(tr("Keep the password and the secret in the system keychain"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

void DatabaseDialog::accept()
{
    m_urlError->setError(QString());
    m_secretError->setError(QString());
    const QString text = m_url->text().trimmed();
    if (text.isEmpty()) {
        m_urlError->setError(tr("Enter the address of the database."));
        return;
    }
    if (!text.startsWith(u"postgresql://"_s) && !text.startsWith(u"postgres://"_s)) {
        m_urlError->setError(tr("The address must start with postgresql://"));
        return;
    }
    if (!QUrl(text).password().isEmpty()) {
        m_urlError->setError(tr("Leave the password out of the address and enter it in the password field."));
        return;
    }
    auto parsed = DatabaseConfig::fromUrl(text);
    if (!parsed) {
        const QString field = ErrorPresenter::fieldMessage(parsed.error(), u"database"_s);
        m_urlError->setError(field.isEmpty() ? ErrorPresenter::message(parsed.error()) : field);
        return;
    }
    const QByteArray secretText = m_secretEdit->text().trimmed().toLatin1();
    QByteArray secret;
    if (!secretText.isEmpty()) {
        auto decoded = QByteArray::fromBase64Encoding(secretText, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() < 32) {
            m_secretError->setError(tr("The secret is the base64 text of at least 32 bytes, as in the "
                                       "servers' configuration."));
            return;
        }
        secret = decoded.decoded;
    }
    m_config = *parsed;
    m_config.password = m_password->text();
    m_secret = secret;
    QDialog::accept();
}

} // namespace vami
