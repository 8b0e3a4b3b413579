// The Team table on an organization of 10,001 members: the view asks for one page
// at a time as it scrolls, never for everyone, and search is answered by the
// service over all members.

#include "guitest.h"
#include "memberseeder.h"

#include "team/memberstablemodel.h"

#include <QScrollBar>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class TestMembersLarge : public QObject
{
    Q_OBJECT

    static constexpr int Seeded = 10000;

    QTemporaryDir m_settings;
    std::unique_ptr<TestBackend> m_backend;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<AppContext> m_context;

private Q_SLOTS:
    void initTestCase()
    {
        isolateSettings(m_settings);
        m_backend = std::make_unique<TestBackend>();
        QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
        auto owner = registerOwner(m_backend->backend());
        QVERIFY(owner);
        QVERIFY(seedMembers(m_backend->backend(), owner->organization.id, owner->user.id, Seeded));
        m_secrets = std::make_unique<SecretStore>(u"VamiGuiTest"_s);
        m_context = std::make_unique<AppContext>(*m_secrets);
        m_context->adopt(m_backend->backend());
        m_context->setSession(Session::fromSignedIn(*owner));
    }

    void cleanupTestCase()
    {
        m_context.reset();
        m_backend.reset();
    }

    void scrollingLoadsPagesNotEveryone()
    {
        MembersTableModel model(*m_context);
        QTableView view;
        view.resize(800, 400);
        view.setModel(&model);
        view.show();
        model.reload();
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.total(), Seeded + 1);
        const int page = model.rowCount();
        QVERIFY(page > 0);
        QVERIFY(page < 1000);

        // Each scroll to the end brings more pages; after five scrolls the model
        // holds a few pages, not the organization.
        for (int step = 1; step <= 5; ++step) {
            const int before = model.rowCount();
            view.scrollToBottom();
            QTRY_VERIFY(model.rowCount() > before);
            QCOMPARE(model.rowCount() % page, 0);
        }
        QVERIFY(model.rowCount() >= page * 6);
        QVERIFY(model.rowCount() <= page * 10);
        QVERIFY(view.verticalScrollBar()->maximum() > 0);
    }

    void searchFindsAMemberFarBeyondTheLoadedPages()
    {
        MembersTableModel model(*m_context);
        model.reload();
        QTRY_VERIFY(model.hasLoaded());
        model.setSearch(u"member09999@"_s);
        QTRY_VERIFY(model.hasLoaded() && model.total() == 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.memberAt(0)->email, u"member09999@bench.example"_s);
    }
};

QTEST_MAIN(TestMembersLarge)
#include "tst_members_large.moc"
