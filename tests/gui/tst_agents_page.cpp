// The Agents screen on the real MainWindow: the list as the service returns it,
// creating from a template, validation, editing, the agent token (reveal, copy,
// regenerate), a member's read-only view, and a backend without a server secret.

#include "guitest.h"

#include "agents/agentspage.h"
#include "agents/agentstablemodel.h"
#include "agents/agenttokendialog.h"
#include "agents/createagentdialog.h"
#include "agents/editagentdialog.h"
#include "common/formfield.h"
#include "shell/workspace.h"

#include "agents/agentservice.h"
#include "agents/agenttemplates.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

// A started backend on a fresh database whose configuration says whether there is
// a server secret: agent tokens, and so agents, need one.
class AgentsBackend
{
public:
    explicit AgentsBackend(const QByteArray &secret)
    {
        if (!m_database.isValid()) {
            m_error = m_database.error();
            return;
        }
        BackendConfig config;
        config.database = m_database.config();
        config.scrypt = ScryptParams {10, 8, 1};
        config.runJobs = false;
        config.secret = secret;
        config.team.acceptUrl = u"https://app.example.test/team/accept-invitation"_s;
        config.auth.resetUrl = u"https://app.example.test/reset-password"_s;
        m_backend = std::make_unique<Backend>(config);
        if (Status started = m_backend->start(); !started)
            m_error = started.error().message() + u' ' + started.error().diagnostic();
    }
    ~AgentsBackend()
    {
        if (m_backend)
            m_backend->stop();
    }

    [[nodiscard]] bool isValid() const { return m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] Backend &backend() { return *m_backend; }
    [[nodiscard]] AgentService &agents() { return m_backend->service<AgentService>(); }

private:
    TestDatabase m_database;
    std::unique_ptr<Backend> m_backend;
    QString m_error;
};

const QByteArray Secret = QByteArray("agents-page-test-secret-of-32-bytes-or-more");

CreateAgentInput named(const QString &name, const QString &templateKey = QString())
{
    CreateAgentInput input;
    input.name = name;
    input.templateKey = templateKey;
    return input;
}

void clickOk(QDialog *dialog)
{
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

} // namespace

class TestAgentsPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    // Signs in and shows the Agents page once its first page of agents is there.
    static AgentsPage *openAgents(MainWindow &window, const QString &email, const QString &password)
    {
        AgentsPage *page = nullptr;
        [&] {
            QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage()));
            fillSignIn(window, email, password);
            QTRY_VERIFY(window.workspace() != nullptr);
            QVERIFY(window.workspace()->showPage(u"agentsPage"_s));
            page = window.workspace()->page<AgentsPage>();
            QVERIFY(page);
            QTRY_VERIFY(page->agentsModel()->hasLoaded());
        }();
        return QTest::currentTestFailed() ? nullptr : page;
    }

    static void selectAgent(AgentsPage *page, const QUuid &agentId)
    {
        int row = -1;
        QTRY_VERIFY((row = page->agentsModel()->rowOf(agentId)) >= 0);
        page->agentsView()->selectRow(row);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void init() { QSettings().clear(); }

    void listShowsTheServicesAgents()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        // Apart in time, so "newest first" and "oldest active" are one order.
        auto first = backend.agents().create(actor, named(u"Ava"_s, u"healthcare"_s));
        QVERIFY(first);
        QTest::qSleep(20);
        auto second = backend.agents().create(actor, named(u"Lex"_s, u"legal"_s));
        QVERIFY(second);
        QTest::qSleep(20);
        auto third = backend.agents().create(actor, named(u"Sam"_s));
        QVERIFY(third);
        UpdateAgentInput pause;
        pause.status = AgentStatus::Inactive;
        QVERIFY(backend.agents().update(actor, second->id, pause));

        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        AgentsTableModel *model = page->agentsModel();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->total(), 3);
        // Newest first, as the service lists them.
        QCOMPARE(model->agentAt(0)->id, third->id);
        QCOMPARE(model->agentAt(1)->id, second->id);
        QCOMPARE(model->agentAt(2)->id, first->id);
        QCOMPARE(model->index(1, AgentsTableModel::StatusColumn).data().toString(), u"Inactive"_s);
        QCOMPARE(model->index(0, AgentsTableModel::StatusColumn).data().toString(), u"Active"_s);
        QCOMPARE(model->index(0, AgentsTableModel::VoiceColumn).data().toString(),
            AgentService::DefaultVoiceId.toString());
        QCOMPARE(model->index(0, AgentsTableModel::LanguageColumn).data().toString(), u"en"_s);
        QVERIFY(!model->index(0, AgentsTableModel::CreatedColumn).data().toString().isEmpty());

        // The default agent is the oldest active one, as the service says.
        QTRY_COMPARE(model->defaultAgentId(), backend.agents().defaultAgent(actor)->id);
        QCOMPARE(model->defaultAgentId(), first->id);
        QVERIFY(model->index(2, 0).data(AgentsTableModel::IsDefaultRole).toBool());
        QVERIFY(!model->index(0, 0).data(AgentsTableModel::IsDefaultRole).toBool());
        QCOMPARE(model->index(2, AgentsTableModel::NameColumn).data().toString(), u"Ava (default)"_s);
        QCOMPARE(model->index(0, AgentsTableModel::NameColumn).data().toString(), u"Sam"_s);
        QCOMPARE(child<QLabel>(page, u"agentsCount"_s)->text(), u"3 agents"_s);

        // The status filter is part of the service query.
        auto *filter = child<QComboBox>(page, u"statusFilter"_s);
        filter->setCurrentIndex(filter->findData(int(AgentStatus::Inactive)));
        QTRY_VERIFY(model->hasLoaded() && model->rowCount() == 1);
        QCOMPARE(model->agentAt(0)->id, second->id);
        filter->setCurrentIndex(0);
        QTRY_VERIFY(model->hasLoaded() && model->rowCount() == 3);

        // Page by page from the service (a model without a view, which would fetch on its own).
        AgentsTableModel paged(f.context);
        paged.setPageSize(2);
        paged.reload();
        QVERIFY(paged.isLoading());
        QVERIFY(!paged.canFetchMore({})); // one request at a time
        QTRY_VERIFY(paged.hasLoaded());
        QCOMPARE(paged.rowCount(), 2);
        QCOMPARE(paged.total(), 3);
        QVERIFY(paged.canFetchMore({}));
        paged.fetchMore({});
        QTRY_COMPARE(paged.rowCount(), 3);
        QVERIFY(!paged.canFetchMore({}));
        QCOMPARE(paged.agentAt(2)->id, first->id);
    }

    void createFromATemplate()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QCOMPARE(page->agentsModel()->rowCount(), 0);
        QVERIFY(child<QLabel>(page, u"agentsEmpty"_s)->isVisible());

        auto *newButton = child<QPushButton>(page, u"newAgentButton"_s);
        QVERIFY(newButton->isEnabled());
        QTest::mouseClick(newButton, Qt::LeftButton);
        QPointer<CreateAgentDialog> dialog = page->findChild<CreateAgentDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());

        // The four templates from the registry, then "by hand".
        auto *templates = child<QComboBox>(dialog, u"templateCombo"_s);
        QCOMPARE(templates->count(), 5);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(templates->itemText(i), AgentTemplates::all().at(i).name);
        QCOMPARE(templates->itemData(2).toString(), u"real_estate"_s);
        QVERIFY(templates->itemData(4).toString().isEmpty());
        templates->setCurrentIndex(templates->findData(u"healthcare"_s));
        QCOMPARE(child<QLabel>(dialog, u"templateDescription"_s)->text(),
            AgentTemplates::get(AgentTemplateKey::Healthcare).description);
        QVERIFY(child<QLineEdit>(dialog, u"businessNameEdit"_s)->isVisibleTo(dialog));
        QTest::keyClicks(child<QLineEdit>(dialog, u"nameEdit"_s), u"Ava"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, u"businessNameEdit"_s), u"Bright Smiles Dental"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, u"phoneEdit"_s), u"+1 555 123 4567"_s);
        clickOk(dialog);
        QTRY_VERIFY(dialog.isNull());

        QTRY_COMPARE(page->agentsModel()->rowCount(), 1);
        const Agent *agent = page->agentsModel()->agentAt(0);
        QCOMPARE(agent->name, u"Ava"_s);
        QCOMPARE(agent->templateKey, std::optional(AgentTemplateKey::Healthcare));
        QVERIFY(agent->prompt.contains(u"Bright Smiles Dental"_s));
        QVERIFY(agent->prompt.contains(u"+1 555 123 4567"_s));
        QCOMPARE(agent->voiceId, AgentTemplates::get(AgentTemplateKey::Healthcare).voiceId);
        // The new agent is selected, and it is the default (the only active one).
        QTRY_COMPARE(page->agentsView()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(page->agentsView()->selectionModel()->selectedRows().constFirst().row(), 0);
        QTRY_VERIFY(page->agentsModel()->index(0, 0).data(AgentsTableModel::IsDefaultRole).toBool());

        // What the service now has.
        const Actor actor = actorOf(backend.backend(), *owner);
        auto listed = backend.agents().list(actor, AgentQuery {});
        QVERIFY(listed);
        QCOMPARE(listed->total, 1);
        QCOMPARE(listed->agents.constFirst().id, agent->id);

        // By hand with a prompt of its own: business name and phone are not asked for.
        QTest::mouseClick(newButton, Qt::LeftButton);
        dialog = page->findChild<CreateAgentDialog *>();
        QVERIFY(dialog);
        templates = child<QComboBox>(dialog, u"templateCombo"_s);
        templates->setCurrentIndex(templates->count() - 1);
        QVERIFY(!child<QLineEdit>(dialog, u"businessNameEdit"_s)->isVisibleTo(dialog));
        QTest::keyClicks(child<QLineEdit>(dialog, u"nameEdit"_s), u"Max"_s);
        QTest::keyClicks(child<QPlainTextEdit>(dialog, u"promptEdit"_s), u"You are Max. Take messages."_s);
        clickOk(dialog);
        QTRY_VERIFY(dialog.isNull());
        QTRY_COMPARE(page->agentsModel()->rowCount(), 2);
        QCOMPARE(page->agentsModel()->agentAt(0)->name, u"Max"_s);
        QCOMPARE(page->agentsModel()->agentAt(0)->prompt, u"You are Max. Take messages."_s);
        QVERIFY(!page->agentsModel()->agentAt(0)->templateKey);
    }

    void invalidInputKeepsTheDialogOpen()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);

        page->newAgentAction()->trigger();
        QPointer<CreateAgentDialog> dialog = page->findChild<CreateAgentDialog *>();
        QVERIFY(dialog);
        auto *nameEdit = child<QLineEdit>(dialog, u"nameEdit"_s);
        auto *nameError = child<FieldErrorLabel>(dialog, u"nameError"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, u"businessNameEdit"_s), u"Bright Smiles Dental"_s);
        QTest::keyClicks(nameEdit, u"   "_s);
        clickOk(dialog);
        QVERIFY(nameError->hasError());
        QCOMPARE(nameError->text(), u"Enter a name for the agent."_s);
        QVERIFY(dialog->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, u"businessNameEdit"_s)->text(), u"Bright Smiles Dental"_s);

        // The backend's own field error lands next to its field.
        nameEdit->clear();
        QTest::keyClicks(nameEdit, u"Ava"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, u"voiceEdit"_s), u"no spaces allowed"_s);
        clickOk(dialog);
        auto *voiceError = child<FieldErrorLabel>(dialog, u"voiceError"_s);
        QTRY_VERIFY(voiceError->hasError());
        QVERIFY2(voiceError->text().contains(u"pattern"_s), qPrintable(voiceError->text()));
        QVERIFY(!nameError->hasError());
        QVERIFY(!child<FieldErrorLabel>(dialog, u"formError"_s)->hasError());
        QVERIFY(dialog->isVisible());

        QCOMPARE(backend.agents().list(actor, AgentQuery {})->total, 0);
        QCOMPARE(page->agentsModel()->rowCount(), 0);
        dialog->reject();
        QTRY_VERIFY(dialog.isNull());
    }

    void editNameAndStatus()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        auto made = backend.agents().create(actor, named(u"Ava"_s, u"general"_s));
        QVERIFY(made);
        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QVERIFY(!page->editAgentAction()->isEnabled()); // nothing selected
        selectAgent(page, made->id);
        QVERIFY(page->editAgentAction()->isEnabled());
        QTest::mouseClick(child<QPushButton>(page, u"editAgentButton"_s), Qt::LeftButton);
        QPointer<EditAgentDialog> dialog = page->findChild<EditAgentDialog *>();
        QVERIFY(dialog);
        auto *nameEdit = child<QLineEdit>(dialog, u"nameEdit"_s);
        QCOMPARE(nameEdit->text(), u"Ava"_s);
        QCOMPARE(child<QPlainTextEdit>(dialog, u"promptEdit"_s)->toPlainText(), made->prompt);

        // The status offers every status by its name.
        auto *status = child<QComboBox>(dialog, u"statusCombo"_s);
        QCOMPARE(status->count(), 4);
        QCOMPARE(status->currentText(), u"Active"_s);
        QStringList names;
        for (int i = 0; i < status->count(); ++i)
            names.append(status->itemText(i));
        QCOMPARE(names, QStringList({u"Active"_s, u"Inactive"_s, u"Suspended"_s, u"Deleted"_s}));
        status->setCurrentIndex(status->findData(int(AgentStatus::Deleted)));
        QVERIFY(child<FieldErrorLabel>(dialog, u"deleteWarning"_s)->hasError());
        status->setCurrentIndex(status->findData(int(AgentStatus::Suspended)));
        QVERIFY(!child<FieldErrorLabel>(dialog, u"deleteWarning"_s)->hasError());

        nameEdit->selectAll();
        QTest::keyClicks(nameEdit, u"Bella"_s);
        // Only what changed is sent.
        const UpdateAgentInput changes = dialog->changes();
        QCOMPARE(changes.name, std::optional(u"Bella"_s));
        QCOMPARE(changes.status, std::optional(AgentStatus::Suspended));
        QVERIFY(!changes.prompt && !changes.firstMessage && !changes.voiceId);
        clickOk(dialog);
        QTRY_VERIFY(dialog.isNull());

        QTRY_VERIFY(page->agentsModel()->rowOf(made->id) >= 0
            && page->agentsModel()->agentAt(page->agentsModel()->rowOf(made->id))->name == u"Bella"_s);
        const int row = page->agentsModel()->rowOf(made->id);
        QCOMPARE(page->agentsModel()->index(row, AgentsTableModel::StatusColumn).data().toString(), u"Suspended"_s);
        auto stored = backend.agents().agent(actor, made->id);
        QVERIFY(stored);
        QCOMPARE(stored->name, u"Bella"_s);
        QCOMPARE(stored->status, AgentStatus::Suspended);
        QCOMPARE(stored->prompt, made->prompt);
        QCOMPARE(stored->voiceId, made->voiceId);
        // No active agent is left, so none is the default.
        QTRY_VERIFY(page->agentsModel()->defaultAgentId().isNull());

        // An empty name is refused in the dialog.
        selectAgent(page, made->id);
        page->editAgentAction()->trigger();
        dialog = page->findChild<EditAgentDialog *>();
        QVERIFY(dialog);
        child<QLineEdit>(dialog, u"nameEdit"_s)->clear();
        clickOk(dialog);
        QVERIFY(child<FieldErrorLabel>(dialog, u"nameError"_s)->hasError());
        QVERIFY(dialog->isVisible());
        dialog->reject();
        QTRY_VERIFY(dialog.isNull());
        QCOMPARE(backend.agents().agent(actor, made->id)->name, u"Bella"_s);
    }

    void tokenIsRevealedCopiedAndRegenerated()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        auto made = backend.agents().create(actor, named(u"Ava"_s, u"legal"_s));
        QVERIFY(made);
        const QString oldToken = backend.agents().token(actor, made->id)->token;
        QVERIFY(backend.agents().authenticateToken(oldToken));

        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        selectAgent(page, made->id);
        QVERIFY(page->tokenAction()->isEnabled());
        QTest::mouseClick(child<QPushButton>(page, u"agentTokenButton"_s), Qt::LeftButton);
        QPointer<AgentTokenDialog> dialog = page->findChild<AgentTokenDialog *>();
        QVERIFY(dialog);

        // Masked until revealed.
        auto *tokenEdit = child<QLineEdit>(dialog, u"tokenEdit"_s);
        QCOMPARE(tokenEdit->text(), made->tokenPreview);
        QVERIFY(tokenEdit->text().contains(u"..."_s));
        QVERIFY(!dialog->isRevealed());
        auto *reveal = child<QPushButton>(dialog, u"revealButton"_s);
        QCOMPARE(reveal->text(), u"Reveal"_s);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QTRY_COMPARE(tokenEdit->text(), oldToken);
        QVERIFY(dialog->isRevealed());
        QCOMPARE(reveal->text(), u"Hide"_s);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(tokenEdit->text(), made->tokenPreview);

        // Copied in full, even while masked.
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(child<QPushButton>(dialog, u"copyButton"_s), Qt::LeftButton);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), oldToken);
        QCOMPARE(tokenEdit->text(), made->tokenPreview);

        // Regenerating asks first; cancelling changes nothing.
        QTest::mouseClick(child<QPushButton>(dialog, u"regenerateButton"_s), Qt::LeftButton);
        QPointer<QMessageBox> box = dialog->findChild<QMessageBox *>(u"confirmRegenerateBox"_s);
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(u"stops working at once"_s));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(box.isNull());
        QVERIFY(backend.agents().authenticateToken(oldToken));

        QTest::mouseClick(child<QPushButton>(dialog, u"regenerateButton"_s), Qt::LeftButton);
        box = dialog->findChild<QMessageBox *>(u"confirmRegenerateBox"_s);
        QVERIFY(box);
        child<QPushButton>(box, u"regenerateConfirmButton"_s)->click();
        // The new token is shown in full, to be handed on.
        QTRY_VERIFY(dialog->isRevealed());
        const QString newToken = tokenEdit->text();
        QVERIFY(newToken != oldToken);
        QVERIFY(newToken.startsWith(AgentService::TokenPrefix));
        QVERIFY(!newToken.contains(u"..."_s));

        // The old token no longer authenticates; the new one does.
        const auto refused = backend.agents().authenticateToken(oldToken);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Unauthorized);
        auto accepted = backend.agents().authenticateToken(newToken);
        QVERIFY(accepted);
        QCOMPARE(accepted->id, made->id);
        QCOMPARE(backend.agents().token(actor, made->id)->token, newToken);
        const int row = page->agentsModel()->rowOf(made->id);
        QCOMPARE(page->agentsModel()->agentAt(row)->tokenPreview, AgentService::tokenPreview(newToken));

        QTest::mouseClick(child<QPushButton>(dialog, u"copyButton"_s), Qt::LeftButton);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), newToken);
        dialog->accept();
        QTRY_VERIFY(dialog.isNull());
    }

    void memberSeesTheListReadOnly()
    {
        AgentsBackend backend(Secret);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        auto made = backend.agents().create(actor, named(u"Ava"_s, u"real_estate"_s));
        QVERIFY(made);
        QVERIFY(addMember(backend.backend(), actor, u"max@example.com"_s, u"Max Member"_s));

        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"max@example.com"_s, MemberPassword);
        QVERIFY(page);
        QCOMPARE(f.context.session().role, Role::Member);
        QCOMPARE(page->agentsModel()->rowCount(), 1);
        QCOMPARE(page->agentsModel()->agentAt(0)->name, u"Ava"_s);
        selectAgent(page, made->id);

        for (QAction *action : {page->newAgentAction(), page->editAgentAction(), page->tokenAction()})
            QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
        QVERIFY(page->refreshAction()->isEnabled());
        for (const QString &name : {u"newAgentButton"_s, u"editAgentButton"_s, u"agentTokenButton"_s}) {
            auto *button = child<QPushButton>(page, name);
            QVERIFY2(!button->isEnabled(), qPrintable(name));
            QVERIFY(button->toolTip().contains(u"Member"_s));
        }
        // Called anyway, the actions open no dialog.
        page->openCreateDialog();
        page->openEditDialog();
        page->openTokenDialog();
        QVERIFY(page->findChild<QDialog *>() == nullptr);
    }

    void missingSecretIsShownAndNothingIsCreated()
    {
        AgentsBackend backend {QByteArray()};
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        WindowFixture f(backend.backend());
        AgentsPage *page = openAgents(*f.window, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);

        page->newAgentAction()->trigger();
        QPointer<CreateAgentDialog> dialog = page->findChild<CreateAgentDialog *>();
        QVERIFY(dialog);
        auto *templates = child<QComboBox>(dialog, u"templateCombo"_s);
        templates->setCurrentIndex(templates->findData(u"general"_s));
        QTest::keyClicks(child<QLineEdit>(dialog, u"nameEdit"_s), u"Ava"_s);
        QTest::keyClicks(child<QLineEdit>(dialog, u"businessNameEdit"_s), u"Example Dental"_s);
        clickOk(dialog);

        auto *formError = child<FieldErrorLabel>(dialog, u"formError"_s);
        QTRY_VERIFY(formError->hasError());
        const Error expected = backend.agents().create(actor, named(u"Ava"_s)).error();
        QCOMPARE(expected.kind(), ErrorKind::Unavailable);
        QVERIFY2(formError->text().startsWith(expected.translatedMessage()), qPrintable(formError->text()));
        // The input stays for another try.
        QVERIFY(dialog->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, u"nameEdit"_s)->text(), u"Ava"_s);
        QCOMPARE(child<QLineEdit>(dialog, u"businessNameEdit"_s)->text(), u"Example Dental"_s);
        QCOMPARE(templates->currentData().toString(), u"general"_s);
        QVERIFY(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());

        QCOMPARE(backend.agents().list(actor, AgentQuery {})->total, 0);
        QCOMPARE(page->agentsModel()->rowCount(), 0);
        dialog->reject();
        QTRY_VERIFY(dialog.isNull());
    }
};

QTEST_MAIN(TestAgentsPage)
#include "tst_agents_page.moc"
