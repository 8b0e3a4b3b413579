// The built-in agent templates and how their placeholders are filled in.

#include "agents/agenttemplates.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_AgentTemplates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKeyHasOneCompleteTemplate();
    void placeholdersAreFilledIn();
    void emptyBusinessAndPhoneTakeTheDefaults();
    void valuesAreInsertedOnce();
    void unknownPlaceholdersAndStrayBracesStay();
};

void tst_AgentTemplates::everyKeyHasOneCompleteTemplate()
{
    const QList<AgentTemplate> &all = AgentTemplates::all();
    QCOMPARE(all.size(), qsizetype(EnumNames<AgentTemplateKey>::names.size()));
    for (const auto &[key, name] : EnumNames<AgentTemplateKey>::names) {
        const AgentTemplate &t = AgentTemplates::get(key);
        QCOMPARE(t.key, key);
        QVERIFY(!t.name.isEmpty());
        QVERIFY(!t.description.isEmpty());
        QVERIFY(!t.icon.isEmpty());
        QVERIFY(t.promptTemplate.contains(u"{agent_name}"_s));
        QVERIFY(t.promptTemplate.contains(u"{business_name}"_s));
        QVERIFY(t.firstMessageTemplate.contains(u"{agent_name}"_s));
        QVERIFY(t.firstMessageTemplate.size() <= 1000);
        QVERIFY(t.promptTemplate.size() <= 20000);
        QVERIFY(!t.voiceId.isEmpty());
        QVERIFY2(t.sampleConversations.size() >= 2 && t.sampleConversations.size() <= 3, qPrintable(t.name));
        for (const SampleConversation &c : t.sampleConversations) {
            QVERIFY(!c.scenario.isEmpty());
            QVERIFY(c.turns.size() >= 2);
            for (const SampleTurn &turn : c.turns) {
                QVERIFY(turn.role == u"caller"_s || turn.role == u"agent"_s);
                QVERIFY(!turn.text.isEmpty());
                QVERIFY(!turn.text.contains(u'{'));
            }
        }
    }
}

void tst_AgentTemplates::placeholdersAreFilledIn()
{
    const FilledTemplate filled = AgentTemplates::fill(AgentTemplates::get(AgentTemplateKey::Healthcare), u"Ava"_s,
                                                       u"Riverside Family Clinic"_s, u"+1 (212) 555-0199"_s);
    QVERIFY(filled.prompt.startsWith(u"You are Ava, the virtual receptionist of Riverside Family Clinic."_s));
    QVERIFY(filled.prompt.contains(u"+1 (212) 555-0199"_s));
    QCOMPARE(filled.firstMessage, u"Thank you for calling Riverside Family Clinic, this is Ava. Are you calling to "
                                  "book an appointment, or is there something else I can help you with today?"_s);
    QCOMPARE(filled.voiceId, AgentTemplates::get(AgentTemplateKey::Healthcare).voiceId);
    for (const AgentTemplate &t : AgentTemplates::all()) {
        const FilledTemplate f = AgentTemplates::fill(t, u"Max"_s, u"Acme"_s, u"555"_s);
        QVERIFY2(!f.prompt.contains(u'{') && !f.firstMessage.contains(u'{'), qPrintable(t.name));
        QVERIFY(f.prompt.contains(u"Max"_s));
        QVERIFY(f.firstMessage.contains(u"Acme"_s));
    }
}

void tst_AgentTemplates::emptyBusinessAndPhoneTakeTheDefaults()
{
    const FilledTemplate filled
        = AgentTemplates::fill(AgentTemplates::get(AgentTemplateKey::General), u"Sam"_s, u"  "_s, QString());
    QVERIFY(filled.firstMessage.contains(u"thank you for calling Our Business. This is Sam."_s));
    QVERIFY(filled.prompt.contains(u"The business can be reached at +1 (555) 000-0000."_s));
}

void tst_AgentTemplates::valuesAreInsertedOnce()
{
    QCOMPARE(AgentTemplates::substitute(u"{agent_name} / {business_name} / {phone_number}", u"{business_name}"_s,
                                        u"{phone_number}"_s, u"{agent_name}"_s),
             u"{business_name} / {phone_number} / {agent_name}"_s);
}

void tst_AgentTemplates::unknownPlaceholdersAndStrayBracesStay()
{
    QCOMPARE(AgentTemplates::substitute(u"Hi {caller}, {agent_name} here {", u"Ava"_s, {}, {}),
             u"Hi {caller}, Ava here {"_s);
    QCOMPARE(AgentTemplates::substitute(u"}{}{agent_name}", u"Ava"_s, {}, {}), u"}{}Ava"_s);
}

QTEST_GUILESS_MAIN(tst_AgentTemplates)
#include "tst_agenttemplates.moc"
