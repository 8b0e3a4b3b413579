#include "plans.h"

using namespace Qt::StringLiterals;

namespace vami {

const QStringList &planNames()
{
    static const QStringList names = {u"starter_trial"_s, u"basic"_s, u"professional"_s, u"premium"_s, u"custom"_s};
    return names;
}

bool isKnownPlan(const QString &plan)
{
    return planNames().contains(plan);
}

QList<PlanFeature> planFeatures(const QString &plan)
{
    int p = int(planNames().indexOf(plan));
    if (p < 0)
        p = 0;
    // Columns: starter_trial, basic, professional, premium, custom.
    static const int minutes[] = {240, 1500, 4200, 13800, 999999};
    static const int concurrent[] = {1, 10, 10, 20, 999};
    static const int numbers[] = {1, 1, 3, 10, 999};
    static const int members[] = {1, 1, 3, 7, 999};
    auto from = [p](int firstPlanWithIt) { return p >= firstPlanWithIt; };
    const bool emailConfirmation = from(1);
    const bool smsConfirmation = from(1);
    QList<PlanFeature> features = {
        {"minutes_limit", minutes[p]},
        {"concurrent_calls", concurrent[p]},
        {"business_numbers", numbers[p]},
        {"team_members", members[p]},
        {"inbound_calls", true},
        {"calendar_booking", true},
        {"outbound_calls", from(2)},
        {"email_confirmation", emailConfirmation},
        {"sms_confirmation", smsConfirmation},
        {"call_transcripts", from(1)},
        {"call_recordings", from(2)},
        {"basic_analytics", p <= 1},
        {"advanced_analytics", from(2)},
        {"priority_support", from(2)},
        {"sentiment_analysis", from(3)},
        {"custom_integrations", from(3)},
        {"voice_cloning", from(3)},
        {"call_routing", from(3)},
        {"multi_location", from(3)},
        {"dedicated_account_manager", from(3)},
        {"white_labeling", from(4)},
        {"email_confirmations", emailConfirmation},
        {"sms_confirmations", smsConfirmation},
    };
    return features;
}

} // namespace vami
