// CallStateMachine over every (from, to) pair of the seven statuses, each with no
// reason and with every ended reason: legal moves, terminal states final, and the
// reason each terminal status needs, checked against the tables written out here.

#include "calls/callerrors.h"
#include "calls/callstatemachine.h"

#include <QSet>
#include <QtTest>

Q_DECLARE_METATYPE(vami::CallStatus)
Q_DECLARE_METATYPE(std::optional<vami::EndedReason>)

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

// The legal moves, as the state machine's documentation states them.
const QSet<QString> &legalMoves()
{
    static const QSet<QString> moves = {
        u"pending>ringing"_s,     u"pending>in_progress"_s, u"pending>failed"_s,  u"pending>cancelled"_s,
        u"pending>no_answer"_s,   u"ringing>in_progress"_s, u"ringing>completed"_s, u"ringing>failed"_s,
        u"ringing>cancelled"_s,   u"ringing>no_answer"_s,   u"in_progress>completed"_s, u"in_progress>failed"_s,
    };
    return moves;
}

// market.md 4.4: the terminal status each ended reason belongs to.
QString statusOfReason(const QString &reason)
{
    static const QHash<QString, QString> table = {
        {u"user_hangup"_s, u"completed"_s},
        {u"agent_hangup"_s, u"completed"_s},
        {u"call_transfer"_s, u"completed"_s},
        {u"max_duration_reached"_s, u"completed"_s},
        {u"inactivity"_s, u"completed"_s},
        {u"voicemail_reached"_s, u"completed"_s},
        {u"ivr_reached"_s, u"completed"_s},
        {u"dial_no_answer"_s, u"no_answer"_s},
        {u"dial_busy"_s, u"no_answer"_s},
        {u"dial_failed"_s, u"failed"_s},
        {u"invalid_destination"_s, u"failed"_s},
        {u"telephony_provider_unavailable"_s, u"failed"_s},
        {u"concurrency_limit_reached"_s, u"failed"_s},
        {u"error_provider"_s, u"failed"_s},
        {u"error_internal"_s, u"failed"_s},
        {u"stale_call_timeout"_s, u"failed"_s},
        {u"manual_stopped"_s, u"cancelled"_s},
        {u"scheduled_call_cancelled"_s, u"cancelled"_s},
    };
    return table.value(reason);
}

bool terminal(const QString &status)
{
    return status == u"completed"_s || status == u"failed"_s || status == u"cancelled"_s || status == u"no_answer"_s;
}

} // namespace

class tst_CallStateMachine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesAreTheContractsVocabulary();
    void everyReasonBelongsToItsStatus();
    void everyPair_data();
    void everyPair();
    void terminalStatesAreFinal();
};

void tst_CallStateMachine::namesAreTheContractsVocabulary()
{
    QCOMPARE(enumNames<CallStatus>(), (QStringList{u"pending"_s, u"ringing"_s, u"in_progress"_s, u"completed"_s,
                                                   u"failed"_s, u"cancelled"_s, u"no_answer"_s}));
    QCOMPARE(enumNames<CallDirection>(), (QStringList{u"inbound"_s, u"outbound"_s}));
    QCOMPARE(enumNames<CallSentiment>(), (QStringList{u"positive"_s, u"neutral"_s, u"negative"_s, u"mixed"_s}));
    QCOMPARE(enumNames<EndedReason>().size(), 18);
    for (const QString &reason : enumNames<EndedReason>())
        QVERIFY2(!statusOfReason(reason).isEmpty(), qPrintable(reason));
}

void tst_CallStateMachine::everyReasonBelongsToItsStatus()
{
    for (const auto &[reason, name] : EnumNames<EndedReason>::names) {
        const QString reasonName = QString::fromLatin1(name.data(), qsizetype(name.size()));
        QCOMPARE(enumName(CallStateMachine::statusOf(reason)), statusOfReason(reasonName));
    }
    qsizetype total = 0;
    for (const auto &[status, name] : EnumNames<CallStatus>::names) {
        const QList<EndedReason> reasons = CallStateMachine::reasonsFor(status);
        QCOMPARE(CallStateMachine::isTerminal(status), !reasons.isEmpty());
        for (EndedReason r : reasons)
            QCOMPARE(CallStateMachine::statusOf(r), status);
        total += reasons.size();
    }
    QCOMPARE(total, qsizetype(EnumNames<EndedReason>::names.size()));
}

void tst_CallStateMachine::everyPair_data()
{
    QTest::addColumn<CallStatus>("from");
    QTest::addColumn<CallStatus>("to");
    QTest::addColumn<std::optional<EndedReason>>("reason");
    QTest::addColumn<QString>("expected"); // "ok", "calls.illegal_transition" or "calls.reason_mismatch"
    int legal = 0;
    for (const auto &[from, fromName] : EnumNames<CallStatus>::names) {
        for (const auto &[to, toName] : EnumNames<CallStatus>::names) {
            const QString f = QString::fromLatin1(fromName.data(), qsizetype(fromName.size()));
            const QString t = QString::fromLatin1(toName.data(), qsizetype(toName.size()));
            const bool move = legalMoves().contains(f + u'>' + t);
            QList<std::optional<EndedReason>> reasons{std::nullopt};
            for (const auto &entry : EnumNames<EndedReason>::names)
                reasons.append(entry.first);
            for (const std::optional<EndedReason> &reason : reasons) {
                const QString r = reason ? enumName(*reason) : u"none"_s;
                QString expected;
                if (!move)
                    expected = u"calls.illegal_transition"_s;
                else if (terminal(t) ? (reason && statusOfReason(r) == t) : !reason)
                    expected = u"ok"_s;
                else
                    expected = u"calls.reason_mismatch"_s;
                if (expected == u"ok"_s)
                    ++legal;
                QTest::addRow("%s>%s %s", qPrintable(f), qPrintable(t), qPrintable(r)) << from << to << reason
                                                                                      << expected;
            }
        }
    }
    // Three plain moves (pending>ringing, pending>in_progress, ringing>in_progress)
    // and each terminal move once per reason of its status: pending>failed 7,
    // cancelled 2, no_answer 2; ringing>completed 7, failed 7, cancelled 2,
    // no_answer 2; in_progress>completed 7, failed 7.
    QCOMPARE(legal, 3 + 7 + 2 + 2 + 7 + 7 + 2 + 2 + 7 + 7);
}

void tst_CallStateMachine::everyPair()
{
    QFETCH(CallStatus, from);
    QFETCH(CallStatus, to);
    QFETCH(std::optional<EndedReason>, reason);
    QFETCH(QString, expected);
    QCOMPARE(CallStateMachine::canMove(from, to), legalMoves().contains(enumName(from) + u'>' + enumName(to)));
    const Status checked = CallStateMachine::check(from, to, reason);
    if (expected == u"ok"_s) {
        QVERIFY(checked.has_value());
        return;
    }
    QVERIFY(!checked.has_value());
    QCOMPARE(checked.error().code(), expected);
    QCOMPARE(checked.error().kind(), ErrorKind::Rejected);
    QVERIFY(!checked.error().message().isEmpty());
}

void tst_CallStateMachine::terminalStatesAreFinal()
{
    for (CallStatus from : {CallStatus::Completed, CallStatus::Failed, CallStatus::Cancelled, CallStatus::NoAnswer}) {
        QVERIFY(CallStateMachine::isTerminal(from));
        for (const auto &entry : EnumNames<CallStatus>::names)
            QVERIFY(!CallStateMachine::canMove(from, entry.first));
    }
    for (CallStatus s : {CallStatus::Pending, CallStatus::Ringing, CallStatus::InProgress}) {
        QVERIFY(!CallStateMachine::isTerminal(s));
        QVERIFY(!CallStateMachine::canMove(s, s));
        QVERIFY(!CallStateMachine::canMove(s, CallStatus::Pending));
    }
}

QTEST_GUILESS_MAIN(tst_CallStateMachine)
#include "tst_callstatemachine.moc"
