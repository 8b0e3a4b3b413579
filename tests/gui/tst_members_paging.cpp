// The members model loads page by page from the service; search and sort are part
// of the service query, not a filter over rows already loaded.

#include "guitest.h"

#include "team/memberstablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class TestMembersPaging : public QObject
{
    Q_OBJECT

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
        QVERIFY2(owner, qPrintable(owner ? QString() : owner.error().message() + owner.error().diagnostic()));
        const Actor actor = actorOf(m_backend->backend(), *owner);
        for (int i = 1; i <= 11; ++i) {
            auto added = addMember(m_backend->backend(), actor, u"member-%1@example.com"_s.arg(i),
                u"Member %1"_s.arg(i, 2, 10, QLatin1Char('0')));
            QVERIFY2(added, qPrintable(added ? QString() : added.error().message()));
        }
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

    void loadsPageByPage()
    {
        MembersTableModel model(*m_context);
        model.setPageSize(5);
        model.reload();
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // one request at a time
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.total(), 12);
        QVERIFY(model.canFetchMore({}));
        // Role order: the owner comes first.
        QCOMPARE(model.memberAt(0)->email, u"owner@example.com"_s);

        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 10);
        model.fetchMore({});
        QTRY_COMPARE(model.rowCount(), 12);
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.canFetchMore({}));

        QSet<QString> emails;
        for (int r = 0; r < model.rowCount(); ++r)
            emails.insert(model.memberAt(r)->email);
        QCOMPARE(emails.size(), 12); // no page twice, none missing
    }

    void modelStaysConsistent()
    {
        MembersTableModel model(*m_context);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(4);
        model.reload();
        QTRY_VERIFY(model.hasLoaded());
        while (model.rowCount() < 12) {
            const int before = model.rowCount();
            model.fetchMore({});
            QTRY_VERIFY(model.rowCount() > before);
        }
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(), 12);
        QVERIFY(!model.canFetchMore({}));
    }

    void viewFetchesWhenScrolledToTheEnd()
    {
        MembersTableModel model(*m_context);
        model.setPageSize(5);
        QTableView view;
        view.resize(400, 120);
        view.setModel(&model);
        view.show();
        model.reload();
        QTRY_VERIFY(model.hasLoaded());
        for (int attempt = 0; attempt < 10 && model.rowCount() < 12; ++attempt) {
            const int before = model.rowCount();
            view.scrollToBottom();
            QTRY_VERIFY(model.rowCount() > before || model.rowCount() == 12);
        }
        QCOMPARE(model.rowCount(), 12);
    }

    void searchAndSortGoToTheService()
    {
        MembersTableModel model(*m_context);
        model.setPageSize(5);
        model.setSearch(u"member-1"_s);
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.total(), 3); // member-1, member-10, member-11
        QCOMPARE(model.rowCount(), 3);

        model.setSearch(QString());
        QTRY_VERIFY(model.hasLoaded());
        model.sort(MembersTableModel::NameColumn, Qt::DescendingOrder);
        QTRY_VERIFY(model.hasLoaded());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.total(), 12);
        QCOMPARE(model.memberAt(0)->fullName, u"Olivia Owner"_s);
        QCOMPARE(model.memberAt(1)->fullName, u"Member 11"_s);

        // Status has no order in the query: the request is ignored.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.sort(MembersTableModel::StatusColumn, Qt::AscendingOrder);
        QCOMPARE(reset.count(), 0);
    }

    void answerToAnOldQueryIsDropped()
    {
        MembersTableModel model(*m_context);
        model.setPageSize(50);
        model.setSearch(u"member-2"_s); // starts a request
        model.setSearch(u"owner"_s); // supersedes it
        QTRY_VERIFY(model.hasLoaded());
        QTRY_VERIFY(!model.isLoading());
        m_context->runner().waitForIdle(); // the older answer has arrived by now
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.memberAt(0)->email, u"owner@example.com"_s);
    }
};

QTEST_MAIN(TestMembersPaging)
#include "tst_members_paging.moc"
