#include "agenttokendialog.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"

#include "agents/agentservice.h"
#include "runtime/backend.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

AgentTokenDialog::AgentTokenDialog(AppContext &context, const Agent &agent, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_agent(agent)
{
    setObjectName(u"agentTokenDialog"_s);
    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    m_tokenEdit = new QLineEdit(this);
    m_tokenEdit->setObjectName(u"tokenEdit"_s);
    m_tokenEdit->setReadOnly(true);
    m_tokenEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_tokenEdit);

    auto *tokenButtons = new QHBoxLayout;
    m_reveal = new QPushButton(this);
    m_reveal->setObjectName(u"revealButton"_s);
    m_copy = new QPushButton(this);
    m_copy->setObjectName(u"copyButton"_s);
    m_regenerate = new QPushButton(this);
    m_regenerate->setObjectName(u"regenerateButton"_s);
    tokenButtons->addWidget(m_reveal);
    tokenButtons->addWidget(m_copy);
    tokenButtons->addStretch(1);
    tokenButtons->addWidget(m_regenerate);
    layout->addLayout(tokenButtons);

    m_note = new QLabel(this);
    m_note->setObjectName(u"tokenNote"_s);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setVisible(false);
    layout->addWidget(m_note);
    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"tokenError"_s);
    layout->addWidget(m_error);

    layout->addStretch(1);
    auto *closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    m_close = new QPushButton(this);
    m_close->setObjectName(u"closeButton"_s);
    m_close->setDefault(true);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);

    connect(m_reveal, &QPushButton::clicked, this, [this] { setRevealed(!m_revealed); });
    connect(m_copy, &QPushButton::clicked, this, &AgentTokenDialog::copyToken);
    connect(m_regenerate, &QPushButton::clicked, this, &AgentTokenDialog::confirmRegenerate);
    connect(m_close, &QPushButton::clicked, this, &AgentTokenDialog::accept);
    retranslate();
}

void AgentTokenDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void AgentTokenDialog::retranslate()
{
    setWindowTitle(tr("Token of %1").arg(m_agent.name));
    m_intro->setText(tr("Requests to the agent-actions routes carry this token in the X-Agent-Token header. "
                        "Anyone who has it can act as %1: keep it secret.")
                         .arg(m_agent.name));
    m_reveal->setText(m_revealed ? tr("Hide") : tr("Reveal"));
    m_copy->setText(tr("Copy"));
    m_regenerate->setText(tr("Regenerate…"));
    m_close->setText(tr("Close"));
    updateToken();
}

void AgentTokenDialog::updateToken()
{
    m_tokenEdit->setText(m_revealed && !m_token.isEmpty() ? m_token : m_agent.tokenPreview);
    m_tokenEdit->setCursorPosition(0);
}

void AgentTokenDialog::showNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void AgentTokenDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QPushButton *b : {m_reveal, m_copy, m_regenerate})
        b->setEnabled(!busy);
}

void AgentTokenDialog::showError(const Error &error)
{
    m_error->setError(ErrorPresenter::message(error));
}

void AgentTokenDialog::withToken(std::function<void()> then)
{
    if (!m_token.isEmpty()) {
        then();
        return;
    }
    if (m_busy)
        return;
    m_error->setError(QString());
    Backend *backend = &m_context.backend();
    const QUuid agentId = m_agent.id;
    setBusy(true);
    m_context.runAsActor(
        this, [backend, agentId](const Actor &actor) { return backend->service<AgentService>().token(actor, agentId); },
        [this, then = std::move(then)](const Result<AgentToken> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            m_token = result->token;
            m_agent.tokenPreview = result->preview;
            then();
        });
}

void AgentTokenDialog::setRevealed(bool revealed)
{
    if (!revealed) {
        m_revealed = false;
        retranslate();
        return;
    }
    withToken([this] {
        m_revealed = true;
        retranslate();
    });
}

void AgentTokenDialog::copyToken()
{
    withToken([this] {
        QGuiApplication::clipboard()->setText(m_token);
        showNote(tr("The token was copied to the clipboard."));
    });
}

void AgentTokenDialog::confirmRegenerate()
{
    if (m_busy)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Regenerate token"),
        tr("Replace the token of %1 with a new one?").arg(m_agent.name), QMessageBox::Cancel, this);
    box->setObjectName(u"confirmRegenerateBox"_s);
    box->setInformativeText(tr("The old token stops working at once: every system that uses it must be given "
                               "the new one."));
    QPushButton *replace = box->addButton(tr("Regenerate"), QMessageBox::DestructiveRole);
    replace->setObjectName(u"regenerateConfirmButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Cancel)->setText(tr("Cancel"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, replace] {
        if (box->clickedButton() == replace)
            regenerate();
    });
    box->open();
}

void AgentTokenDialog::regenerate()
{
    if (m_busy)
        return;
    m_error->setError(QString());
    Backend *backend = &m_context.backend();
    const QUuid agentId = m_agent.id;
    setBusy(true);
    m_context.runAsActor(
        this,
        [backend, agentId](const Actor &actor) {
            return backend->service<AgentService>().regenerateToken(actor, agentId);
        },
        [this](const Result<AgentToken> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error());
                return;
            }
            m_token = result->token;
            m_agent.tokenPreview = result->preview;
            // The new token is shown: it has to be handed on.
            m_revealed = true;
            retranslate();
            showNote(tr("A new token was issued; the old one no longer works."));
            Q_EMIT tokenRegenerated(m_agent.id, result->preview);
        });
}

} // namespace vami
